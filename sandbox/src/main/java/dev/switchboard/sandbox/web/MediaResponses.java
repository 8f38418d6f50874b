package dev.switchboard.sandbox.web;

import java.time.Instant;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.core.io.FileSystemResource;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import dev.switchboard.sandbox.SandboxSettings;
import dev.switchboard.sandbox.media.Download;
import dev.switchboard.sandbox.media.MediaFile;

/** How media leave the sandbox: streamed from disk (Spring answers {@code Range} requests), and the base URL. */
final class MediaResponses {

    private MediaResponses() {
    }

    /** The file's bytes, streamed, with its Content-Type and Content-Length; or the refusal. */
    static ResponseEntity<?> of(Download download) {
        if (download instanceof Download.Refused refused) {
            return refused.answer().toResponse();
        }
        return stream(((Download.Granted) download).file());
    }

    static ResponseEntity<?> stream(MediaFile file) {
        MediaType type;
        try {
            type = MediaType.parseMediaType(file.mimeType());
        } catch (InvalidMediaTypeException e) {
            type = MediaType.APPLICATION_OCTET_STREAM;
        }
        return ResponseEntity.ok().contentType(type).contentLength(file.size()).body(new FileSystemResource(file.path()));
    }

    /** The sandbox's base URL in the URLs it hands out: the configured one, else the one this request came to. */
    static String baseUrl(SandboxSettings settings, HttpServletRequest request) {
        String base = settings.media().publicUrl() != null ? settings.media().publicUrl().toString()
                : ServletUriComponentsBuilder.fromContextPath(request).build().toUriString();
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /**
     * A stored file as {@code GET /sandbox/media/{id}/info} shows it.
     *
     * @param sha256          the lowercase hex SHA-256 of the bytes stored
     * @param announcedSha256 the one the provider announces (differs under a {@code hash_mismatch} fault)
     * @param expired         no longer served by the provider APIs
     * @param failuresLeft    downloads that will still answer 500 ({@code server_error} fault)
     */
    record Info(String id, String provider, String channelId, String phoneNumberId, String messageSid,
                String mimeType, String filename, String sha256, String announcedSha256, long size, Instant createdAt,
                Instant expiresAt, boolean expired, String source, String link, int failuresLeft) {

        static Info of(MediaFile f, Instant now) {
            return new Info(f.id(), f.provider().label(), f.channelId(), f.phoneNumberId(), f.messageSid(),
                    f.mimeType(), f.filename(), f.sha256(), f.announcedSha256(), f.size(), f.createdAt(),
                    f.expiresAt(), !f.liveAt(now), f.source(), f.link(), f.failuresLeft().get());
        }
    }
}
