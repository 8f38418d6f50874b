package dev.switchboard.ingress.webhook;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import dev.switchboard.events.Provider;
import dev.switchboard.events.RawWebhook;
import dev.switchboard.ingress.webhook.WebhookMetrics.Outcome;
import reactor.core.publisher.Mono;

/**
 * What every webhook endpoint does the same way, whoever sent it: refuse unknown channels, oversized bodies and
 * bad signatures (logged, counted, nothing published), and answer only once Kafka has everything, or 503 when it
 * cannot take it in time so that the sender retries.
 */
@Component
public class WebhookIntake {

    private static final Logger log = LoggerFactory.getLogger(WebhookIntake.class);

    private final WebhookPublisher publisher;
    private final WebhookMetrics metrics;

    public WebhookIntake(WebhookPublisher publisher, WebhookMetrics metrics) {
        this.publisher = publisher;
        this.metrics = metrics;
    }

    public Mono<ServerResponse> unknownChannel(String provider, String channelId) {
        log.warn("{} webhook for unknown channel '{}' refused", provider, printable(channelId));
        metrics.outcome(provider, WebhookMetrics.UNKNOWN_CHANNEL, Outcome.UNKNOWN_CHANNEL);
        return plain(HttpStatus.NOT_FOUND, "unknown channel");
    }

    /** A channel disabled on the channels topic: answered like an unknown one (the change itself was logged). */
    public Mono<ServerResponse> channelDisabled(String provider, String channelId) {
        metrics.outcome(provider, channelId, Outcome.CHANNEL_DISABLED);
        return plain(HttpStatus.NOT_FOUND, "unknown channel");
    }

    /**
     * A channel whose secrets cannot be opened here (its key is missing): 503, so that the sender retries and nothing
     * is lost once the operator has added the key. {@code reason} names the channel and key id, never a secret.
     */
    public Mono<ServerResponse> secretUnavailable(String provider, String channelId, String reason) {
        log.error("{} webhook for channel {} answered 503, the sender will retry: {}", provider, channelId, reason);
        metrics.outcome(provider, channelId, Outcome.SECRET_UNAVAILABLE);
        return plain(HttpStatus.SERVICE_UNAVAILABLE, "temporarily unavailable, retry");
    }

    /**
     * Reads the body (at most {@code limit} bytes, else 413 once the rest is drained, see {@link RequestBodies}) and
     * hands its exact bytes to {@code handler}.
     */
    public Mono<ServerResponse> readBody(String provider, String channelId, ServerRequest request, long limit,
                                         Function<byte[], Mono<ServerResponse>> handler) {
        return RequestBodies.read(request, limit)
                .flatMap(handler)
                .onErrorResume(RequestBodies.TooLarge.class, e -> {
                    log.warn("{} webhook for channel {} refused: {}", provider, channelId, e.getMessage());
                    metrics.outcome(provider, channelId, Outcome.TOO_LARGE);
                    return ServerResponse.status(HttpStatus.PAYLOAD_TOO_LARGE).contentType(MediaType.TEXT_PLAIN)
                            .headers(h -> {
                                if (!e.bodyRead()) {
                                    h.setConnection("close"); // the unread rest must not be taken for a request
                                }
                            })
                            .bodyValue(e.getMessage());
                });
    }

    public Mono<ServerResponse> badSignature(String provider, String channelId, ServerRequest request, String reason,
                                             HttpStatusCode status) {
        log.warn("{} webhook for channel {} refused: {} (from {}, user agent '{}')", provider, channelId, reason,
                request.remoteAddress().map(Object::toString).orElse("?"),
                printable(request.headers().firstHeader("User-Agent")));
        metrics.outcome(provider, channelId, Outcome.BAD_SIGNATURE);
        return plain(status, "invalid signature");
    }

    /**
     * The raw record of a verified body: a new webhook id, the time it arrived, and of its headers the signature and
     * {@code keptHeaders} (those present). {@code signatureHeader} null: nothing signs the body (360dialog, whose
     * token header is a credential and is not kept).
     */
    public RawWebhook.Builder raw(Provider provider, String channelId, ServerRequest request, String contentType,
                                  byte[] body, String signatureHeader, String... keptHeaders) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (signatureHeader != null) {
            headers.put(signatureHeader, request.headers().firstHeader(signatureHeader));
        }
        for (String name : keptHeaders) {
            String value = request.headers().firstHeader(name);
            if (value != null) {
                headers.put(name, value);
            }
        }
        return RawWebhook.newBuilder()
                .setWebhookId(UUID.randomUUID().toString())
                .setProvider(provider)
                .setChannelId(channelId)
                .setReceivedAt(Instant.now())
                .setContentType(contentType)
                .setBody(ByteBuffer.wrap(body))
                .setPath(request.path())
                .setHeaders(headers);
    }

    /** Publishes the raw body and its events; answers {@code ok} once Kafka has acknowledged all, else 503. */
    public Mono<ServerResponse> publish(String provider, RawWebhook raw, ParsedWebhook parsed, Mono<ServerResponse> ok) {
        String channelId = raw.getChannelId();
        metrics.parsed(channelId, parsed);
        if (!parsed.problems().isEmpty()) {
            log.info("{} webhook {} for channel {}: {}", provider, raw.getWebhookId(), channelId,
                    String.join("; ", parsed.problems()));
        }
        long started = System.nanoTime();
        return publisher.publish(raw, parsed)
                .then(Mono.defer(() -> {
                    metrics.published(channelId, System.nanoTime() - started);
                    metrics.outcome(provider, channelId, Outcome.ACCEPTED);
                    return ok;
                }))
                .onErrorResume(e -> {
                    String why = e instanceof TimeoutException ? "Kafka did not acknowledge in time" : e.toString();
                    log.error("{} webhook {} for channel {} answered 503, the sender will retry: {}", provider,
                            raw.getWebhookId(), channelId, why);
                    metrics.outcome(provider, channelId, Outcome.UNAVAILABLE);
                    return plain(HttpStatus.SERVICE_UNAVAILABLE, "temporarily unavailable, retry");
                });
    }

    private static Mono<ServerResponse> plain(HttpStatusCode status, String text) {
        return ServerResponse.status(status).contentType(MediaType.TEXT_PLAIN).bodyValue(text);
    }

    /** Request-controlled text, cut short and stripped of control characters before it reaches a log line. */
    private static String printable(String value) {
        if (value == null) {
            return "";
        }
        String cut = value.length() > 100 ? value.substring(0, 100) + "…" : value;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
