package dev.switchboard.media.fetching;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.switchboard.events.MediaFailure;
import dev.switchboard.store.MediaRejectedException;
import dev.switchboard.store.MediaStore;
import dev.switchboard.store.StoredObject;

/**
 * Files from a provider into the store, streamed: the response body goes straight into {@link MediaStore#put} (which
 * spools, hashes and checks it) and is never whole in the heap. Redirects are followed here, not by the HTTP client,
 * so that the credentials go only to the origin (scheme, host and port) they were meant for: Twilio's API hands
 * the file over with a redirect to its CDN, which gets no credentials.
 */
public final class Downloads {

    static final int MAX_REDIRECTS = 5;
    private static final int ERROR_BODY_LIMIT = 8192;

    private final HttpClient http;
    private final MediaStore store;
    private final Duration requestTimeout;
    private final Duration downloadTimeout;
    private final ScheduledExecutorService watchdog;

    /**
     * @param http            must not follow redirects itself ({@link HttpClient.Redirect#NEVER})
     * @param requestTimeout  the longest wait for an answer's headers
     * @param downloadTimeout the longest a whole download (into the store) may take; then it is cut off and retried
     * @param watchdog        cuts off downloads that overrun
     */
    public Downloads(HttpClient http, MediaStore store, Duration requestTimeout, Duration downloadTimeout,
                     ScheduledExecutorService watchdog) {
        this.http = Objects.requireNonNull(http, "http");
        this.store = Objects.requireNonNull(store, "store");
        this.requestTimeout = requestTimeout;
        this.downloadTimeout = downloadTimeout;
        this.watchdog = watchdog;
    }

    public MediaStore store() {
        return store;
    }

    public Duration requestTimeout() {
        return requestTimeout;
    }

    public HttpClient http() {
        return http;
    }

    /**
     * Downloads {@code url} into the store.
     *
     * @param what           the file, for details ("the image's download")
     * @param credential     the header that authorises {@code url}'s origin, or null
     * @param limit          the type's size limit: an announced Content-Length over it fails before downloading,
     *                       and the store stops reading past it
     * @param limitName      the type, for details ("image")
     * @param expectedSha256 the announced digest (lower-case hex) the store verifies, or null
     * @param mimeType       the type the provider announced, or null (then the answer's Content-Type)
     */
    public FetchOutcome download(String what, URI url, Credential credential, long limit, String limitName,
                                 String expectedSha256, String mimeType) {
        HttpResponse<InputStream> response;
        try {
            response = get(url, credential);
        } catch (IOException e) {
            return ProviderAnswers.unreachable(what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ProviderAnswers.unreachable(what, e);
        }
        try (InputStream body = response.body()) {
            int status = response.statusCode();
            if (status != 200) {
                return ProviderAnswers.refusal(what, status, readAtMost(body, ERROR_BODY_LIMIT),
                        retryAfter(response.headers().firstValue("Retry-After").orElse(null)));
            }
            OptionalLong length = response.headers().firstValueAsLong("Content-Length");
            if (length.isPresent() && length.getAsLong() > limit) {
                return tooLarge(limitName, limit, "the provider announces " + length.getAsLong() + " bytes");
            }
            String type = mimeType != null && !mimeType.isBlank() ? mimeType
                    : response.headers().firstValue("Content-Type").orElse(null);
            return intoStore(what, body, type, limit, limitName, expectedSha256);
        } catch (IOException e) {
            return ProviderAnswers.unreachable(what, e);
        }
    }

    private FetchOutcome intoStore(String what, InputStream body, String type, long limit, String limitName,
                                   String expectedSha256) {
        Deadline deadline = new Deadline(Thread.currentThread(), body);
        ScheduledFuture<?> cutOff = watchdog.schedule(deadline::expire, downloadTimeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            StoredObject stored = store.put(body, type, limit, expectedSha256);
            return new FetchOutcome.Stored(stored, type != null ? type : stored.mimeType(), true);
        } catch (MediaRejectedException.TooLarge e) {
            return tooLarge(limitName, limit, "more bytes arrived");
        } catch (MediaRejectedException.HashMismatch e) {
            return new FetchOutcome.Failed(MediaFailure.HASH_MISMATCH, e.getMessage(), null);
        } catch (UncheckedIOException e) {
            return deadline.expired()
                    ? new FetchOutcome.Transient(what + ": not finished within " + downloadTimeout, null, null)
                    : ProviderAnswers.unreachable(what, e.getCause());
        } catch (RuntimeException e) {
            // the store itself failed (unreachable, refused): the file may well be fine
            return new FetchOutcome.Transient(what + ": the media store failed: " + e, null, null);
        } finally {
            cutOff.cancel(false);
            deadline.finish();
        }
    }

    private static FetchOutcome tooLarge(String limitName, long limit, String why) {
        return new FetchOutcome.Failed(MediaFailure.TOO_LARGE, why + "; the limit for " + limitName + " is "
                + MediaLimits.describe(limit) + " (" + limit + " bytes)", null);
    }

    /**
     * GET with {@code credential} sent only to {@code url}'s origin, following up to {@link #MAX_REDIRECTS}
     * redirects. The answer's body is open: the caller closes it. A redirect without a Location, or one too many,
     * is returned as it is (a refusal).
     */
    public HttpResponse<InputStream> get(URI url, Credential credential) throws IOException, InterruptedException {
        String origin = origin(url);
        URI current = url;
        for (int hop = 0; ; hop++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(current).timeout(requestTimeout).GET();
            if (credential != null && origin.equals(origin(current))) {
                request.header(credential.header(), credential.value());
            }
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            String location = response.headers().firstValue("Location").orElse(null);
            if (!isRedirect(response.statusCode()) || location == null || hop == MAX_REDIRECTS) {
                return response;
            }
            response.body().close();
            current = current.resolve(location.trim());
        }
    }

    static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /** scheme://host:port, the unit credentials are meant for. */
    static String origin(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        int port = url.getPort() != -1 ? url.getPort() : "https".equals(scheme) ? 443 : 80;
        return scheme + "://" + (url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT)) + ":" + port;
    }

    /** Retry-After in seconds (what Meta and Twilio send); null when absent or not seconds. */
    static Duration retryAfter(String value) {
        if (value == null || !value.trim().matches("[0-9]{1,9}")) {
            return null;
        }
        return Duration.ofSeconds(Long.parseLong(value.trim()));
    }

    static String readAtMost(InputStream body, int limit) throws IOException {
        return new String(body.readNBytes(limit), StandardCharsets.UTF_8);
    }

    /**
     * Cuts off a download that overruns: the HTTP client has no read timeout for a body being streamed, and a
     * blocked read ends only when its thread is interrupted. The interrupt is taken back when the download ends.
     */
    private static final class Deadline {
        private final Thread reader;
        private final InputStream body;
        private boolean finished;
        private boolean expired;

        Deadline(Thread reader, InputStream body) {
            this.reader = reader;
            this.body = body;
        }

        synchronized void expire() {
            if (!finished) {
                expired = true;
                reader.interrupt();
                try {
                    body.close();
                } catch (IOException ignored) {
                    // the read fails either way
                }
            }
        }

        synchronized boolean expired() {
            return expired;
        }

        void finish() {
            boolean interrupted;
            synchronized (this) {
                finished = true;
                interrupted = expired;
            }
            if (interrupted) {
                Thread.interrupted();
            }
        }
    }
}
