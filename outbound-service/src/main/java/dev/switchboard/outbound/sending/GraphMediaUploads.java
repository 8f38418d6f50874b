package dev.switchboard.outbound.sending;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

import dev.switchboard.outbound.channel.OutboundChannels;

/**
 * Uploads a file to Meta: {@code POST {graphBaseUrl}/{graphApiVersion}/{phone-number-id}/media} with the channel's
 * bearer token, {@code multipart/form-data} with {@code messaging_product=whatsapp}, {@code type=<MIME type>} and the
 * {@code file} (its filename and Content-Type), streamed; the answer {@code {"id":"<MEDIA_ID>"}} is read by
 * {@link GraphResponses#upload}. Meta keeps an uploaded file 30 days. One attempt per call, never an exception.
 */
public final class GraphMediaUploads {

    private final HttpClient http;
    private final String baseUrl;
    private final Duration timeout;
    private final Clock clock;

    /**
     * @param http    shared with the clients that send
     * @param timeout how long one upload may take, the file's bytes included (a 100 MB document takes a while)
     */
    public GraphMediaUploads(HttpClient http, URI graphBaseUrl, Duration timeout) {
        this(http, graphBaseUrl, timeout, Clock.systemUTC());
    }

    GraphMediaUploads(HttpClient http, URI graphBaseUrl, Duration timeout, Clock clock) {
        this.http = Objects.requireNonNull(http, "http");
        this.baseUrl = GraphClient.withoutTrailingSlash(Objects.requireNonNull(graphBaseUrl, "graphBaseUrl").toString());
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.clock = clock;
    }

    /**
     * Uploads {@code size} bytes of {@code content} from {@code channel}'s number. The stream is read while the request
     * goes out; the caller closes it once the future completes.
     */
    public CompletableFuture<MediaUpload> upload(OutboundChannels.Channel channel, InputStream content, long size,
                                                 String mimeType, String filename) {
        try {
            if (channel == null || channel.provider() != OutboundChannels.Provider.META || channel.meta() == null) {
                return done(SendOutcome.Rejected.notSendable("not a Meta channel",
                        "only a Meta channel uploads media, not a " + (channel == null ? null : channel.provider())));
            }
            MultipartForm form = new MultipartForm()
                    .field("messaging_product", "whatsapp")
                    .field("type", mimeType);
            HttpRequest post = HttpRequest.newBuilder(mediaUri(channel))
                    .timeout(timeout)
                    .header("Authorization", "Bearer " + channel.meta().accessToken())
                    .header("Content-Type", form.contentType())
                    .header("Accept", "application/json")
                    .POST(form.withFile("file", filename, mimeType, content, size))
                    .build();
            return ProviderHttp.exchange(http, post, timeout, clock,
                    (response, retryAfter) -> GraphResponses.upload(response.statusCode(), response.body(), retryAfter),
                    MediaUpload.Failed::new);
        } catch (RuntimeException e) {
            return done(ProviderHttp.failure(e, timeout));
        }
    }

    /** Where a channel's uploads go: {@code {base}/{version}/{phone-number-id}/media}. */
    URI mediaUri(OutboundChannels.Channel channel) {
        return URI.create(baseUrl + "/" + channel.meta().graphApiVersion() + "/" + channel.senderId() + "/media");
    }

    private static CompletableFuture<MediaUpload> done(SendOutcome failure) {
        return CompletableFuture.completedFuture(new MediaUpload.Failed(failure));
    }
}
