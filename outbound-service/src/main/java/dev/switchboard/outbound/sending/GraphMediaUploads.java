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
 * bearer token (360dialog: {@code POST {base-url}/media} with {@code D360-API-KEY}, {@link CloudApiEndpoints}), {@code multipart/form-data} with {@code messaging_product=whatsapp}, {@code type=<MIME type>} and the
 * {@code file} (its filename and Content-Type), streamed; the answer {@code {"id":"<MEDIA_ID>"}} is read by
 * {@link GraphResponses#upload}. Meta keeps an uploaded file 30 days. One attempt per call, never an exception.
 */
public final class GraphMediaUploads {

    private final HttpClient http;
    private final CloudApiEndpoints endpoints;
    private final Duration timeout;
    private final Clock clock;

    /**
     * @param http    shared with the clients that send
     * @param timeout how long one upload may take, the file's bytes included (a 100 MB document takes a while)
     */
    public GraphMediaUploads(HttpClient http, URI graphBaseUrl, Duration timeout) {
        this(http, new CloudApiEndpoints(graphBaseUrl, CloudApiEndpoints.DIALOG360_BASE_URL), timeout);
    }

    /** @param endpoints the Graph API's and 360dialog's base URLs */
    public GraphMediaUploads(HttpClient http, CloudApiEndpoints endpoints, Duration timeout) {
        this(http, endpoints, timeout, Clock.systemUTC());
    }

    GraphMediaUploads(HttpClient http, CloudApiEndpoints endpoints, Duration timeout, Clock clock) {
        this.http = Objects.requireNonNull(http, "http");
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.clock = clock;
    }

    /**
     * Uploads {@code size} bytes of {@code content} from {@code channel}'s number {@code businessNumberId} (null, or not
     * the channel's: its first), the number the message will go from. The stream is read while the request goes out;
     * the caller closes it once the future completes.
     */
    public CompletableFuture<MediaUpload> upload(OutboundChannels.Channel channel, String businessNumberId,
                                                 InputStream content, long size, String mimeType, String filename) {
        try {
            if (!CloudApiEndpoints.speaksCloudApi(channel)) {
                return done(SendOutcome.Rejected.notSendable("not a Cloud API channel",
                        "only a Meta or 360dialog channel uploads media, not a "
                                + (channel == null ? null : channel.provider())));
            }
            CloudApiEndpoints.Target target = endpoints.target(channel, businessNumberId);
            MultipartForm form = new MultipartForm()
                    .field("messaging_product", "whatsapp")
                    .field("type", mimeType);
            HttpRequest post = HttpRequest.newBuilder(target.media())
                    .timeout(timeout)
                    .header(target.authHeader(), target.authValue())
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

    /** Where a channel's uploads go from its first number: {@code {base}/{version}/{phone-number-id}/media}. */
    URI mediaUri(OutboundChannels.Channel channel) {
        return endpoints.target(channel, null).media();
    }

    private static CompletableFuture<MediaUpload> done(SendOutcome failure) {
        return CompletableFuture.completedFuture(new MediaUpload.Failed(failure));
    }
}
