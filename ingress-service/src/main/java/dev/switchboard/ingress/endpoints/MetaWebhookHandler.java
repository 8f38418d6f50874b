package dev.switchboard.ingress.endpoints;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import dev.switchboard.events.Provider;
import dev.switchboard.events.RawWebhook;
import dev.switchboard.ingress.channel.ChannelSettings.Channel;
import dev.switchboard.ingress.channel.ChannelSettings.Dialog360;
import dev.switchboard.ingress.channel.ChannelSettings.ProviderKind;
import dev.switchboard.ingress.channel.LiveChannels;
import dev.switchboard.ingress.parsing.WebhookParsing;
import dev.switchboard.ingress.signature.MetaSignature;
import dev.switchboard.ingress.webhook.IngressSettings;
import dev.switchboard.ingress.webhook.WebhookIntake;
import dev.switchboard.ingress.webhook.WebhookMetrics;
import dev.switchboard.ingress.webhook.WebhookMetrics.Outcome;
import reactor.core.publisher.Mono;

/**
 * {@code GET} and {@code POST /webhooks/whatsapp/{channelId}}: the subscription handshake and Cloud API webhooks.
 * The signature is checked over the body's exact bytes before anything parses them.
 *
 * <p>And {@code POST /webhooks/360dialog/{channelId}}: the same webhooks relayed by 360dialog, which signs nothing but
 * sends the token Switchboard registered with it in {@value Dialog360#TOKEN_HEADER} (compared in constant time).
 */
@Component
public class MetaWebhookHandler {

    private static final Logger log = LoggerFactory.getLogger(MetaWebhookHandler.class);
    private static final String SIGNATURE_HEADER = "X-Hub-Signature-256";
    private static final String PROVIDER = "meta";
    private static final String DIALOG360 = "dialog360";

    private final LiveChannels channels;
    private final IngressSettings settings;
    private final WebhookIntake intake;
    private final WebhookMetrics metrics;
    private final WebhookParsing parsing;

    public MetaWebhookHandler(LiveChannels channels, IngressSettings settings, WebhookIntake intake,
                              WebhookMetrics metrics) {
        this.channels = channels;
        this.settings = settings;
        this.intake = intake;
        this.metrics = metrics;
        this.parsing = new WebhookParsing(channels);
    }

    /** Meta's handshake: echo hub.challenge when hub.verify_token is the channel's. */
    public Mono<ServerResponse> verify(ServerRequest request) {
        String channelId = request.pathVariable("channelId");
        return ChannelGate.inEffect(channels, intake, ProviderKind.META, PROVIDER, channelId,
                channel -> verify(request, channelId, channel));
    }

    private Mono<ServerResponse> verify(ServerRequest request, String channelId, Channel channel) {
        String mode = request.queryParam("hub.mode").orElse("");
        String token = request.queryParam("hub.verify_token").orElse(null);
        String challenge = request.queryParam("hub.challenge").orElse("");
        if (!"subscribe".equals(mode) || !channel.meta().verifyToken().matches(token)) {
            log.warn("webhook verification refused for channel {}: {}", channelId,
                    "subscribe".equals(mode) ? "wrong verify token" : "hub.mode is not subscribe");
            metrics.outcome(PROVIDER, channelId, Outcome.BAD_VERIFY_TOKEN);
            return ServerResponse.status(HttpStatus.FORBIDDEN).contentType(MediaType.TEXT_PLAIN)
                    .bodyValue("verify token mismatch");
        }
        metrics.outcome(PROVIDER, channelId, Outcome.VERIFIED);
        log.info("webhook subscription verified for channel {}", channelId);
        return ServerResponse.ok().contentType(MediaType.TEXT_PLAIN).bodyValue(challenge);
    }

    public Mono<ServerResponse> receive(ServerRequest request) {
        String channelId = request.pathVariable("channelId");
        return ChannelGate.inEffect(channels, intake, ProviderKind.META, PROVIDER, channelId,
                channel -> receive(request, channelId, channel));
    }

    private Mono<ServerResponse> receive(ServerRequest request, String channelId, Channel channel) {
        return intake.readBody(PROVIDER, channelId, request, settings.maxBodySize().toBytes(), body -> {
            String signature = request.headers().firstHeader(SIGNATURE_HEADER);
            if (!MetaSignature.isValid(channel.meta().appSecret().bytes(), body, signature)) {
                return intake.badSignature(PROVIDER, channelId, request, signature == null ? "missing " + SIGNATURE_HEADER
                        : "wrong " + SIGNATURE_HEADER, HttpStatus.UNAUTHORIZED);
            }
            RawWebhook raw = intake.raw(Provider.META, channelId, request, MediaType.APPLICATION_JSON_VALUE, body,
                    SIGNATURE_HEADER, "User-Agent").build();
            return intake.publish(PROVIDER, raw, parsing.parse(raw, channel), ServerResponse.ok().build());
        });
    }

    /**
     * A 360dialog channel's webhook: Meta's JSON, authenticated by the channel's webhook token. Its changes are the
     * channel's own (360dialog calls each number's URL), so a number outside the channel is refused, not routed.
     */
    public Mono<ServerResponse> receiveFromDialog360(ServerRequest request) {
        String channelId = request.pathVariable("channelId");
        return ChannelGate.inEffect(channels, intake, ProviderKind.DIALOG360, DIALOG360, channelId,
                channel -> receiveFromDialog360(request, channelId, channel));
    }

    private Mono<ServerResponse> receiveFromDialog360(ServerRequest request, String channelId, Channel channel) {
        return intake.readBody(DIALOG360, channelId, request, settings.maxBodySize().toBytes(), body -> {
            String token = request.headers().firstHeader(Dialog360.TOKEN_HEADER);
            if (!channel.dialog360().webhookToken().matches(token)) {
                return intake.badSignature(DIALOG360, channelId, request, token == null ? "missing "
                        + Dialog360.TOKEN_HEADER : "wrong " + Dialog360.TOKEN_HEADER, HttpStatus.UNAUTHORIZED);
            }
            // The token is a credential: not kept with the raw body.
            RawWebhook raw = intake.raw(Provider.DIALOG360, channelId, request, MediaType.APPLICATION_JSON_VALUE, body,
                    null, "User-Agent").build();
            return intake.publish(DIALOG360, raw, parsing.parse(raw, channel), ServerResponse.ok().build());
        });
    }
}
