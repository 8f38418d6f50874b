package dev.switchboard.ingress.endpoints;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import dev.switchboard.events.Provider;
import dev.switchboard.events.RawWebhook;
import dev.switchboard.ingress.channel.ChannelSettings.Channel;
import dev.switchboard.ingress.channel.ChannelSettings.ProviderKind;
import dev.switchboard.ingress.channel.LiveChannels;
import dev.switchboard.ingress.parsing.WebhookParsing;
import dev.switchboard.ingress.signature.TwilioSignature;
import dev.switchboard.ingress.twilio.FormBody;
import dev.switchboard.ingress.webhook.IngressSettings;
import dev.switchboard.ingress.webhook.WebhookIntake;
import reactor.core.publisher.Mono;

/**
 * {@code POST /webhooks/twilio/{channelId}} (inbound messages) and {@code .../status} (status callbacks). Twilio
 * signs the URL it called plus the sorted form parameters, so the signature is checked against the channel's
 * configured public URL, not against whatever host and port this pod sees behind proxies.
 */
@Component
public class TwilioWebhookHandler {

    private static final String SIGNATURE_HEADER = "X-Twilio-Signature";
    private static final String PROVIDER = "twilio";
    /** An empty TwiML document: "received, nothing to reply". */
    private static final String EMPTY_TWIML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>";

    private final LiveChannels channels;
    private final IngressSettings settings;
    private final WebhookIntake intake;
    private final WebhookParsing parsing;

    public TwilioWebhookHandler(LiveChannels channels, IngressSettings settings, WebhookIntake intake) {
        this.channels = channels;
        this.settings = settings;
        this.intake = intake;
        this.parsing = new WebhookParsing(channels);
    }

    public Mono<ServerResponse> receiveMessage(ServerRequest request) {
        return receive(request, false);
    }

    public Mono<ServerResponse> receiveStatus(ServerRequest request) {
        return receive(request, true);
    }

    private Mono<ServerResponse> receive(ServerRequest request, boolean statusCallback) {
        String channelId = request.pathVariable("channelId");
        return ChannelGate.inEffect(channels, intake, ProviderKind.TWILIO, PROVIDER, channelId,
                channel -> receive(request, statusCallback, channelId, channel));
    }

    private Mono<ServerResponse> receive(ServerRequest request, boolean statusCallback, String channelId, Channel channel) {
        return intake.readBody(PROVIDER, channelId, request, settings.maxBodySize().toBytes(), body -> {
            String signedUrl = signedUrl(channel, request, statusCallback);
            Map<String, List<String>> form = FormBody.decode(body);
            String signature = request.headers().firstHeader(SIGNATURE_HEADER);
            if (signature == null || !TwilioSignature.isValid(channel.twilio().authToken().reveal(), signedUrl, form, signature)) {
                return intake.badSignature(PROVIDER, channelId, request, signature == null ? "missing " + SIGNATURE_HEADER
                        : "wrong " + SIGNATURE_HEADER + " for " + signedUrl, HttpStatus.FORBIDDEN);
            }
            RawWebhook raw = intake.raw(Provider.TWILIO, channelId, request, MediaType.APPLICATION_FORM_URLENCODED_VALUE,
                    body, SIGNATURE_HEADER, "I-Twilio-Idempotency-Token", "User-Agent").setSignedUrl(signedUrl).build();
            // The parse tells a status callback from its path, .../{channelId}/status, recorded with the body.
            return intake.publish(PROVIDER, raw, parsing.parse(raw, channel),
                    ServerResponse.ok().contentType(MediaType.TEXT_XML).bodyValue(EMPTY_TWIML));
        });
    }

    /** The configured public URL (plus /status) and the query string Twilio called it with, if any. */
    private static String signedUrl(Channel channel, ServerRequest request, boolean statusCallback) {
        String base = statusCallback ? channel.twilio().statusCallbackUrl() : channel.twilio().publicUrl().toString();
        String query = request.uri().getRawQuery();
        return query == null || query.isEmpty() ? base : base + "?" + query;
    }
}
