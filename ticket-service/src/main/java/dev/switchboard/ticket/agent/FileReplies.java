package dev.switchboard.ticket.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Service;
import org.springframework.web.multipart.MultipartFile;

import dev.switchboard.store.MediaRejectedException;
import dev.switchboard.store.MediaStore;
import dev.switchboard.store.StoredObject;
import dev.switchboard.ticket.access.Caller;
import dev.switchboard.ticket.agent.AgentActions.StoredUpload;
import dev.switchboard.ticket.agent.Refusal.Reason;
import dev.switchboard.ticket.billing.ReplyPricing;
import dev.switchboard.ticket.content.FieldProblem;
import dev.switchboard.ticket.content.MediaTypes;
import dev.switchboard.ticket.content.UploadRules;
import dev.switchboard.ticket.content.UploadedFile;
import dev.switchboard.ticket.store.TicketRepository.ArticleRow;

/**
 * A reply made of files an agent uploads: every file is checked against WhatsApp's rules and the window is checked
 * before anything is stored; then each file is streamed into the media store (outside the database transaction: a
 * 100 MB upload must not hold the ticket's lock) and becomes one article and one outbound request.
 */
@Service
public class FileReplies {

    /** How many bytes of a WebP file tell whether it is animated ({@link UploadedFile#isAnimatedWebp}). */
    private static final int WEBP_HEADER = 21;

    private final AgentActions actions;
    private final MediaStore store;

    public FileReplies(AgentActions actions, MediaStore store) {
        this.actions = actions;
        this.store = store;
    }

    /** A file part of the request: what the rules check, and its bytes, read from where they wait (on disk). */
    public interface Part {

        String mimeType();

        long size();

        /** As the client sent it, possibly with a path; null when it sent none. */
        String filename();

        InputStream open() throws IOException;
    }

    /** A file part of a multipart request, as the rules read it. */
    public static Part part(MultipartFile file) {
        return new Part() {
            @Override
            public String mimeType() {
                return file.getContentType();
            }

            @Override
            public long size() {
                return file.getSize();
            }

            @Override
            public String filename() {
                return file.getOriginalFilename();
            }

            @Override
            public InputStream open() throws IOException {
                return file.getInputStream();
            }
        };
    }

    /**
     * @param caption the first file's caption, or null
     * @param requestedType null, or {@code sticker} / {@code document} to send every file as that type
     */
    public List<ArticleRow> reply(Caller caller, long ticketId, List<Part> parts, String caption, String requestedType) {
        List<UploadedFile> files = parts.stream().map(FileReplies::describe).toList();
        check(files, caption, requestedType);
        actions.checkCanReplyWithFiles(caller, ticketId);
        List<StoredUpload> uploads = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            UploadedFile file = files.get(i);
            String type = UploadRules.type(file, requestedType).orElseThrow();
            uploads.add(new StoredUpload(type, store(parts.get(i), "file[" + i + "]", MediaTypes.base(file.mimeType()),
                    UploadRules.maxBytes(type, file.animated())), file.filename()));
        }
        return actions.replyWithFiles(caller, ticketId, uploads, caption);
    }

    /**
     * What {@link #reply} would send, without storing or sending anything: refused as the reply would be, else one
     * message per file ({@link ReplyPricing}). The files are the parts of the same multipart body, or only their
     * descriptions (type, size, name: {@link UploadedFile}) when the client estimates before uploading.
     */
    public ReplyPricing.Estimate estimate(Caller caller, long ticketId, List<UploadedFile> files, String caption,
                                          String requestedType) {
        check(files, caption, requestedType);
        return actions.estimateFiles(caller, ticketId, files.size());
    }

    /** {@link #estimate} of the parts of a multipart body. */
    public ReplyPricing.Estimate estimateParts(Caller caller, long ticketId, List<Part> parts, String caption,
                                               String requestedType) {
        return estimate(caller, ticketId, parts.stream().map(FileReplies::describe).toList(), caption, requestedType);
    }

    private static void check(List<UploadedFile> files, String caption, String requestedType) {
        List<FieldProblem> problems = UploadRules.validate(files, caption, requestedType);
        if (!problems.isEmpty()) {
            throw new Refusal(Reason.INVALID_MESSAGE, "the files break WhatsApp's rules", problems);
        }
    }

    private StoredObject store(Part part, String field, String mimeType, long maxBytes) {
        try (InputStream content = part.open()) {
            return store.put(content, mimeType, maxBytes, null);
        } catch (MediaRejectedException.TooLarge e) {
            // the part was larger than it said: refuse it as the rules would have
            throw new Refusal(Reason.INVALID_MESSAGE, "the files break WhatsApp's rules",
                    List.of(new FieldProblem(field, "too large: at most " + maxBytes + " bytes")));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the uploaded " + field, e);
        }
    }

    private static UploadedFile describe(Part part) {
        boolean animated = false;
        if ("image/webp".equals(MediaTypes.base(part.mimeType()))) {
            try (InputStream head = part.open()) {
                animated = UploadedFile.isAnimatedWebp(head.readNBytes(WEBP_HEADER));
            } catch (IOException e) {
                throw new UncheckedIOException("could not read an uploaded file", e);
            }
        }
        return new UploadedFile(part.mimeType(), part.size(), UploadedFile.baseName(part.filename()), animated);
    }
}
