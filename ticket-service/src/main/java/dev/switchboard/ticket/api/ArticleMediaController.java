package dev.switchboard.ticket.api;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.ContentDisposition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRange;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import dev.switchboard.store.MediaContent;
import dev.switchboard.store.MediaStore;
import dev.switchboard.ticket.access.Caller;
import dev.switchboard.ticket.access.Callers;
import dev.switchboard.ticket.content.MediaTypes;
import dev.switchboard.ticket.errors.ErrorBody;
import dev.switchboard.ticket.media.ArticleFile;
import dev.switchboard.ticket.media.MediaOutcome;
import dev.switchboard.ticket.media.MediaOutcomes;
import dev.switchboard.ticket.store.Direction;
import dev.switchboard.ticket.store.TicketRepository;
import dev.switchboard.ticket.store.TicketRepository.ArticleRow;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/tickets/{id}/articles/{articleId}/media}: the article's file, streamed from the media store (never
 * whole in the heap), with its type and name, whole or one byte range (for players that seek in audio and video).
 */
@RestController
@RequestMapping("/api/tickets")
class ArticleMediaController {

    private static final Logger log = LoggerFactory.getLogger(ArticleMediaController.class);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final TicketRepository repository;
    private final MediaOutcomes outcomes;
    private final MediaStore store;

    ArticleMediaController(TicketRepository repository, MediaOutcomes outcomes, MediaStore store) {
        this.repository = repository;
        this.outcomes = outcomes;
        this.store = store;
    }

    /** Where an article's file is downloaded. */
    static String path(ArticleRow article) {
        return "/api/tickets/" + article.ticketId() + "/articles/" + article.id() + "/media";
    }

    @GetMapping("/{id}/articles/{articleId}/media")
    @ApiResponse(responseCode = "200", description = "the whole file",
            content = @Content(mediaType = "*/*", schema = @Schema(type = "string", format = "binary")))
    @ApiResponse(responseCode = "206", description = "the one range asked for, with Content-Range",
            content = @Content(mediaType = "*/*", schema = @Schema(type = "string", format = "binary")))
    @ApiResponse(responseCode = "409", description = "media_not_stored, with status (pending|failed), reason and detail",
            content = @Content(mediaType = "application/json", schema = @Schema(ref = ErrorBody.SCHEMA)))
    @ApiResponse(responseCode = "410", description = "media_missing: stored once, no longer in the media store",
            content = @Content(mediaType = "application/json", schema = @Schema(ref = ErrorBody.SCHEMA)))
    @ApiResponse(responseCode = "416", description = "the range is beyond the end of the file", content = @Content)
    ResponseEntity<StreamingResponseBody> download(@PathVariable long id, @PathVariable long articleId,
                                                   @RequestHeader(name = HttpHeaders.RANGE, required = false) String range) {
        Caller caller = Callers.current();
        ArticleRow article = repository.article(articleId).filter(a -> a.ticketId() == id)
                // a ticket the caller cannot see has, to them, no articles
                .filter(a -> repository.ticket(id).filter(t -> caller.canSee(t.group())).isPresent())
                .orElseThrow(() -> new Unavailable(HttpStatus.NOT_FOUND, "not_found",
                        "no article " + articleId + " on ticket " + id, null));
        ArticleFile file = file(article);
        switch (file.state()) {
            case NONE -> throw new Unavailable(HttpStatus.NOT_FOUND, "not_found",
                    "article " + articleId + " has no file of ours (media sent by link or provider id, or none)", null);
            case PENDING, FAILED -> throw new Unavailable(HttpStatus.CONFLICT, "media_not_stored",
                    file.state() == ArticleFile.State.PENDING ? "the file is still being fetched from the provider"
                            : "the file could not be fetched from the provider", file);
            case STORED -> {
                return serve(article, file, range);
            }
        }
        throw new IllegalStateException("unknown file state " + file.state());
    }

    private ResponseEntity<StreamingResponseBody> serve(ArticleRow article, ArticleFile file, String range) {
        long size = file.size();
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.ACCEPT_RANGES, "bytes");
        headers.setContentDisposition(disposition(article, file));
        // Served as a download (attachment) and with its declared type only: a browser must not sniff HTML in it.
        headers.set("X-Content-Type-Options", "nosniff");
        List<HttpRange> ranges = ranges(range);
        MediaContent content;
        HttpStatus status;
        if (ranges.size() == 1) {
            long start = ranges.get(0).getRangeStart(size);
            long end = ranges.get(0).getRangeEnd(size);
            if (start >= size || start > end) {
                headers.set(HttpHeaders.CONTENT_RANGE, "bytes */" + size);
                return ResponseEntity.status(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE).headers(headers).build();
            }
            content = store.open(file.sha256(), start, end - start + 1).orElseThrow(() -> missing(file));
            headers.set(HttpHeaders.CONTENT_RANGE, "bytes " + start + "-" + end + "/" + size);
            status = HttpStatus.PARTIAL_CONTENT;
        } else {
            // no Range, or several (which we may ignore, RFC 9110 14.2): the whole file
            content = store.open(file.sha256()).orElseThrow(() -> missing(file));
            status = HttpStatus.OK;
        }
        headers.setContentType(mediaType(file.mimeType() != null ? file.mimeType() : content.mimeType()));
        headers.setContentLength(content.length());
        MediaContent opened = content;
        return ResponseEntity.status(status).headers(headers).body(out -> {
            try (InputStream in = opened.stream()) {
                in.transferTo(out);
            }
        });
    }

    @ExceptionHandler(Unavailable.class)
    ResponseEntity<Map<String, Object>> unavailable(Unavailable unavailable) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", unavailable.error);
        body.put("message", unavailable.getMessage());
        if (unavailable.file != null) {
            body.put("status", unavailable.file.status());
            if (unavailable.file.state() == ArticleFile.State.FAILED) {
                body.put("reason", unavailable.file.reason());
                body.put("detail", unavailable.file.detail());
            }
        }
        return ResponseEntity.status(unavailable.status).contentType(MediaType.APPLICATION_JSON).body(body);
    }

    @SuppressWarnings("unchecked")
    private ArticleFile file(ArticleRow article) {
        Object media = article.contentJson() == null ? null : JSON.readValue(article.contentJson(), Map.class).get("media");
        if (!(media instanceof Map<?, ?>)) {
            return ArticleFile.of(article.direction(), null, null);
        }
        MediaOutcome outcome = article.direction() == Direction.INBOUND && article.messageId() != null
                ? outcomes.find(article.channelId(), article.messageId()).orElse(null) : null;
        return ArticleFile.of(article.direction(), (Map<String, Object>) media, outcome);
    }

    /** The article's file name, else {@code <type>-<articleId>.<extension of its MIME type>}; RFC 6266 for non-ASCII. */
    private static ContentDisposition disposition(ArticleRow article, ArticleFile file) {
        String name = file.filename() != null ? file.filename()
                : article.type() + "-" + article.id() + "." + MediaTypes.extension(file.mimeType());
        ContentDisposition.Builder attachment = ContentDisposition.attachment();
        return (StandardCharsets.US_ASCII.newEncoder().canEncode(name) ? attachment.filename(name)
                : attachment.filename(name, StandardCharsets.UTF_8)).build();
    }

    /** The Range header's ranges; none when there is no header or it is malformed (then it is ignored). */
    private static List<HttpRange> ranges(String range) {
        if (range == null) {
            return List.of();
        }
        try {
            return HttpRange.parseRanges(range);
        } catch (IllegalArgumentException malformed) {
            return List.of();
        }
    }

    private static MediaType mediaType(String mimeType) {
        try {
            return mimeType == null ? MediaType.APPLICATION_OCTET_STREAM : MediaType.parseMediaType(mimeType);
        } catch (IllegalArgumentException e) {
            return MediaType.APPLICATION_OCTET_STREAM;
        }
    }

    /** Stored once, gone now (a bucket lifecycle rule, a manual deletion): 410, and loud in the log. */
    private static Unavailable missing(ArticleFile file) {
        log.error("the media store has no file {} although it was stored: check the bucket's lifecycle rules",
                file.sha256());
        return new Unavailable(HttpStatus.GONE, "media_missing",
                "the file was stored but is no longer in the media store", null);
    }

    /**
     * Why the file cannot be served: 404 (no such article, or no file), 409 (not stored: pending or failed), 410 (no
     * longer in the store).
     */
    private static final class Unavailable extends RuntimeException {
        private final HttpStatus status;
        private final String error;
        private final ArticleFile file;

        Unavailable(HttpStatus status, String error, String message, ArticleFile file) {
            super(message, null, false, false);
            this.status = status;
            this.error = error;
            this.file = file;
        }
    }
}
