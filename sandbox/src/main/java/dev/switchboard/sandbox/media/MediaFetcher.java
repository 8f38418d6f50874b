package dev.switchboard.sandbox.media;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * Fetches the file behind a send's link ({@code image.link} on Meta, {@code MediaUrl} on Twilio) as the provider
 * would before delivering it, streaming it into the {@link MediaStore}; runs on its own small pool, off the request.
 */
public final class MediaFetcher {

    private final HttpClient http;
    private final Executor executor;
    private final Duration timeout;
    private final MediaStore store;

    public MediaFetcher(HttpClient http, Executor executor, Duration timeout, MediaStore store) {
        this.http = http;
        this.executor = executor;
        this.timeout = timeout;
        this.store = store;
    }

    /** What became of one link. */
    public sealed interface Fetched {
        /** Fetched and stored. */
        record Stored(String link, MediaFile file) implements Fetched {
        }

        /** Not fetched: the details, as the provider's failed status would carry them. */
        record Failed(String link, Reason reason, String details) implements Fetched {
        }
    }

    public enum Reason { UNREACHABLE, HTTP_STATUS, EMPTY, UNSUPPORTED_TYPE, TOO_LARGE }

    /** Thrown by an admission: the link's type is not one the provider takes. */
    public static final class Unsupported extends RuntimeException {
        public Unsupported(String details) {
            super(details, null, false, false);
        }
    }

    /**
     * Fetches the links one after the other, off the caller's thread.
     *
     * @param admit from the link's Content-Type, how its file is stored (with its size limit; the link is filled
     *              in); throws {@link Unsupported} for a type the provider does not take
     */
    public CompletableFuture<List<Fetched>> fetchAll(List<String> links, Function<String, MediaStore.Incoming> admit) {
        return CompletableFuture.supplyAsync(() -> {
            List<Fetched> results = new ArrayList<>();
            for (String link : links) {
                results.add(fetch(link, admit));
            }
            return results;
        }, executor);
    }

    Fetched fetch(String link, Function<String, MediaStore.Incoming> admit) {
        HttpResponse<InputStream> response;
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(link.trim())).timeout(timeout).GET().build();
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Fetched.Failed(link, Reason.UNREACHABLE, "Media download was interrupted");
        } catch (IOException | RuntimeException e) {
            return new Fetched.Failed(link, Reason.UNREACHABLE, "Media download failed: " + e);
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() < 200 || response.statusCode() > 299) {
                return new Fetched.Failed(link, Reason.HTTP_STATUS, "Media download failed: the link answered HTTP "
                        + response.statusCode());
            }
            String contentType = response.headers().firstValue("Content-Type").orElse("application/octet-stream");
            MediaStore.Incoming incoming;
            try {
                incoming = admit.apply(contentType).withLink(link);
            } catch (Unsupported e) {
                return new Fetched.Failed(link, Reason.UNSUPPORTED_TYPE, e.getMessage());
            }
            MediaFile file = store.store(body, incoming);
            if (file.size() == 0) {
                store.delete(file.id());
                return new Fetched.Failed(link, Reason.EMPTY, "Media download failed: the link returned 0 bytes");
            }
            return new Fetched.Stored(link, file);
        } catch (MediaStore.TooLarge e) {
            return new Fetched.Failed(link, Reason.TOO_LARGE, "Media file size too big: at most "
                    + MediaTypes.describe(e.limit()) + " for this type");
        } catch (IOException e) {
            return new Fetched.Failed(link, Reason.UNREACHABLE, "Media download failed: " + e);
        }
    }
}
