package dev.switchboard.ingress.parsing;

import java.nio.ByteBuffer;
import java.util.Comparator;
import java.util.List;

import dev.switchboard.events.Provider;
import dev.switchboard.events.RawWebhook;
import dev.switchboard.ingress.channel.ChannelSettings.Channel;
import dev.switchboard.ingress.channel.ChannelSettings.ProviderKind;
import dev.switchboard.ingress.channel.LiveChannels;
import dev.switchboard.ingress.channel.Secret;
import dev.switchboard.ingress.meta.MetaWebhookParser;
import dev.switchboard.ingress.meta.NumberOwners;
import dev.switchboard.ingress.twilio.FormBody;
import dev.switchboard.ingress.twilio.TwilioWebhookParser;
import dev.switchboard.ingress.webhook.ParsedWebhook;
import dev.switchboard.ingress.webhook.WebhookSource;

/**
 * Turns a recorded webhook ({@link RawWebhook}, as on {@code whatsapp.webhooks.raw.v1}) into its typed events, given
 * the channels in effect. The one way a body is parsed: ingress's handlers call it for every verified body, and the
 * admin tool's {@code reparse} calls it for bodies read back from the raw topic, so both run the same code.
 *
 * <p>Meta and 360dialog bodies go to {@link MetaWebhookParser} (a Meta body's changes for another channel's number are
 * routed to that channel when it shares the app secret; 360dialog's URL is one number's, so nothing is routed);
 * Twilio bodies are decoded as forms and go to {@link TwilioWebhookParser}, as status callbacks when they were posted
 * to {@code .../{channelId}/status}.
 */
public final class WebhookParsing {

    private final LiveChannels channels;
    private final MetaWebhookParser metaParser = new MetaWebhookParser();
    private final MetaWebhookParser dialog360Parser = new MetaWebhookParser(Provider.DIALOG360);
    private final TwilioWebhookParser twilioParser = new TwilioWebhookParser();

    public WebhookParsing(LiveChannels channels) {
        this.channels = channels;
    }

    /** The channel in effect now for the raw webhook's channel id and provider. */
    public LiveChannels.Lookup channelOf(RawWebhook raw) {
        ProviderKind kind = ProviderKind.of(raw.getProvider());
        return kind == null ? new LiveChannels.Lookup.Unknown() : channels.find(raw.getChannelId(), kind);
    }

    /**
     * The events of {@code raw}, a body verified for {@code channel} (its channel in effect). Never throws for a body
     * it cannot map: that is reported in {@link ParsedWebhook#problems()}.
     *
     * <p>Nor for a bug: the handlers publish the raw body together with these events, so an exception here (outside
     * the parsers' own safety nets, or a StackOverflowError, which those do not catch) would answer the sender 500
     * without keeping the body. It becomes a "parser failure" problem and no events; the raw body is kept and can be
     * re-parsed once the bug is fixed.
     */
    public ParsedWebhook parse(RawWebhook raw, Channel channel) {
        try {
            return parseOrThrow(raw, channel);
        } catch (RuntimeException | StackOverflowError e) {
            return new ParsedWebhook(List.of(), List.of(),
                    List.of("parser failure, the body is on the raw topic only: " + e));
        }
    }

    private ParsedWebhook parseOrThrow(RawWebhook raw, Channel channel) {
        WebhookSource source = new WebhookSource(raw.getChannelId(), channel.businessNumberIds(), raw.getWebhookId(),
                raw.getReceivedAt());
        byte[] body = bytes(raw.getBody());
        return switch (raw.getProvider()) {
            case META -> metaParser.parse(source, otherChannels(raw.getChannelId(), channel), body);
            case DIALOG360 -> dialog360Parser.parse(source, NumberOwners.NONE, body);
            case TWILIO -> twilioParser.parse(source, FormBody.decode(body), isStatusCallback(raw));
            case UNKNOWN -> new ParsedWebhook(List.of(), List.of(),
                    List.of("provider UNKNOWN: no parser for this body"));
        };
    }

    /** Twilio's status callbacks are posted to {@code /webhooks/twilio/{channelId}/status}, its messages to the URL itself. */
    private static boolean isStatusCallback(RawWebhook raw) {
        return raw.getPath() != null && raw.getPath().endsWith("/" + raw.getChannelId() + "/status");
    }

    /**
     * The Meta channels other than {@code channelId}, by phone_number_id, for routing the changes of one app's webhook
     * URL. Should a number be configured on several, one that shares the app secret wins, then the first by id.
     */
    private NumberOwners otherChannels(String channelId, Channel urlChannel) {
        Secret appSecret = urlChannel.meta().appSecret();
        return numberId -> channels.inEffect(ProviderKind.META).entrySet().stream()
                .filter(e -> !e.getKey().equals(channelId) && e.getValue().meta().phoneNumberIds().contains(numberId))
                .map(e -> new NumberOwners.Owner(e.getKey(), e.getValue().businessNumberIds(),
                        e.getValue().meta().appSecret().matches(appSecret.reveal())))
                .min(Comparator.comparing((NumberOwners.Owner o) -> !o.sameAppSecret())
                        .thenComparing(NumberOwners.Owner::channelId));
    }

    /** The body's bytes: the array itself when the buffer wraps all of it (as ingress's raw records do), else a copy. */
    private static byte[] bytes(ByteBuffer body) {
        if (body.hasArray() && body.arrayOffset() == 0 && body.position() == 0
                && body.remaining() == body.array().length) {
            return body.array();
        }
        byte[] copy = new byte[body.remaining()];
        body.duplicate().get(copy);
        return copy;
    }
}
