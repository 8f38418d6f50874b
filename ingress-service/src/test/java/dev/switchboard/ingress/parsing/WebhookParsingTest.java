package dev.switchboard.ingress.parsing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

import dev.switchboard.events.InboundMessage;
import dev.switchboard.events.MessageStatus;
import dev.switchboard.events.Provider;
import dev.switchboard.events.RawWebhook;
import dev.switchboard.ingress.channel.ChannelSettings;
import dev.switchboard.ingress.channel.ChannelSettings.Channel;
import dev.switchboard.ingress.channel.ChannelSettings.Dialog360;
import dev.switchboard.ingress.channel.ChannelSettings.Meta;
import dev.switchboard.ingress.channel.ChannelSettings.ProviderKind;
import dev.switchboard.ingress.channel.ChannelSettings.Twilio;
import dev.switchboard.ingress.channel.LiveChannels;
import dev.switchboard.ingress.channel.LiveChannels.Lookup;
import dev.switchboard.ingress.channel.Secret;
import dev.switchboard.ingress.webhook.ParsedWebhook;
import dev.switchboard.kit.channels.ChannelFeed;
import dev.switchboard.kit.channels.ChannelKeys;

/** A recorded webhook parsed as ingress parses it on arrival (and reparse from the raw topic). */
class WebhookParsingTest {

    private static final String TWILIO_MESSAGE = "MessageSid=SM1&SmsStatus=received&Body=hi"
            + "&To=whatsapp%3A%2B14123456789&From=whatsapp%3A%2B31612345678&AccountSid=AC1";

    /** Channel "status" (a legal id) shows that only the path's last segment after the id makes a status callback. */
    private final LiveChannels channels = new LiveChannels(new ChannelSettings(Map.of(
            "status", new Channel(ProviderKind.TWILIO, null, new Twilio(Secret.of("token"),
                    List.of("whatsapp:+14123456789"), URI.create("https://hooks.example.com/webhooks/twilio/status")),
                    null),
            "app-a", meta("100", "shared-secret"),
            "app-b", meta("200", "shared-secret"),
            "app-c", meta("300", "other-secret"),
            "relay", new Channel(ProviderKind.DIALOG360, null, null, new Dialog360(List.of("400"), Secret.of("t"))))),
            ChannelKeys.none(), new StaticListableBeanFactory().getBeanProvider(ChannelFeed.class));
    private final WebhookParsing parsing = new WebhookParsing(channels);

    @Test
    void aTwilioBodyIsAStatusCallbackWhenItWasPostedToTheStatusPath() {
        ParsedWebhook message = parse(raw(Provider.TWILIO, "status", "/webhooks/twilio/status", TWILIO_MESSAGE));
        // The same body as a status callback: a receipt's business is From, which here is the customer.
        ParsedWebhook sameAsCallback = parse(raw(Provider.TWILIO, "status", "/webhooks/twilio/status/status",
                TWILIO_MESSAGE));
        ParsedWebhook receipt = parse(raw(Provider.TWILIO, "status", "/webhooks/twilio/status/status",
                "MessageSid=SM2&MessageStatus=delivered&From=whatsapp%3A%2B14123456789&To=whatsapp%3A%2B31612345678"));

        assertThat(message.messages()).extracting(InboundMessage::getMessageId).containsExactly("SM1");
        assertThat(message.statuses()).isEmpty();
        assertThat(sameAsCallback.messages()).isEmpty();
        assertThat(sameAsCallback.problems()).anySatisfy(p -> assertThat(p).contains("status of SM1"));
        assertThat(receipt.statuses()).extracting(MessageStatus::getMessageId).containsExactly("SM2");
        assertThat(receipt.keyedEvents()).extracting(ParsedWebhook.KeyedEvent::key).containsExactly("status:31612345678");
    }

    @Test
    void aMetaChangeForAnotherChannelsNumberIsRoutedOnlyToAChannelOfTheSameApp() {
        ParsedWebhook parsed = parse(raw(Provider.META, "app-a", "/webhooks/whatsapp/app-a",
                metaBody("100", "wamid.own") + "|" + metaBody("200", "wamid.routed") + "|"
                        + metaBody("300", "wamid.refused")));

        assertThat(parsed.messages()).extracting(InboundMessage::getMessageId, InboundMessage::getChannelId)
                .containsExactly(tuple("wamid.own", "app-a"),
                        tuple("wamid.routed", "app-b"));
        assertThat(parsed.problems()).anySatisfy(p -> assertThat(p).contains("app-c"));
        assertThat(parsed.keyedEvents()).extracting(ParsedWebhook.KeyedEvent::key)
                .containsExactly("app-a:4915112345678", "app-b:4915112345678");
    }

    @Test
    void a360dialogBodyIsNeverRouted() {
        ParsedWebhook parsed = parse(raw(Provider.DIALOG360, "relay", "/webhooks/360dialog/relay",
                metaBody("400", "wamid.relayed") + "|" + metaBody("100", "wamid.elsewhere")));

        assertThat(parsed.messages()).extracting(InboundMessage::getMessageId).containsExactly("wamid.relayed");
        assertThat(parsed.messages()).allSatisfy(m -> assertThat(m.getProvider()).isEqualTo(Provider.DIALOG360));
    }

    private ParsedWebhook parse(RawWebhook raw) {
        assertThat(parsing.channelOf(raw)).isInstanceOf(Lookup.Found.class);
        return parsing.parse(raw, ((Lookup.Found) parsing.channelOf(raw)).channel());
    }

    private static Channel meta(String number, String appSecret) {
        return new Channel(ProviderKind.META, new Meta(List.of(number), Secret.of(appSecret), Secret.of("v")), null,
                null);
    }

    /**
     * Anything that throws outside the parsers' safety nets must not cost the raw body (the handlers publish it with
     * the parse's events, and an exception would answer 500 without it): here a Meta body parsed for a channel that
     * has no Meta settings fails in the routing before the parser.
     */
    @Test
    void aFailureOutsideTheParsersSafetyNetsBecomesAProblemNotAnException() {
        Channel withoutMeta = new Channel(ProviderKind.TWILIO, null, new Twilio(Secret.of("token"),
                List.of("whatsapp:+14123456789"), URI.create("https://hooks.example.com/webhooks/twilio/status")), null);

        ParsedWebhook parsed = parsing.parse(raw(Provider.META, "app-a", "/webhooks/whatsapp/app-a",
                metaBody("100", "wamid.lost")), withoutMeta);

        assertThat(parsed.messages()).isEmpty();
        assertThat(parsed.problems()).singleElement().asString()
                .startsWith("parser failure, the body is on the raw topic only: java.lang.NullPointerException");
    }

    /** {@code entries} joined by '|': one Meta body with one entry per part. */
    private static RawWebhook raw(Provider provider, String channelId, String path, String entries) {
        String body = provider == Provider.TWILIO ? entries
                : "{\"object\":\"whatsapp_business_account\",\"entry\":[" + entries.replace("|", ",") + "]}";
        return RawWebhook.newBuilder()
                .setWebhookId(UUID.randomUUID().toString())
                .setProvider(provider)
                .setChannelId(channelId)
                .setReceivedAt(Instant.parse("2026-11-01T10:00:00Z"))
                .setContentType(provider == Provider.TWILIO ? "application/x-www-form-urlencoded" : "application/json")
                .setBody(ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)))
                .setPath(path)
                .build();
    }

    private static String metaBody(String numberId, String messageId) {
        return """
                {"id":"900","changes":[{"field":"messages","value":{"messaging_product":"whatsapp",
                "metadata":{"display_phone_number":"15550001111","phone_number_id":"%s"},
                "contacts":[{"profile":{"name":"Ana"},"wa_id":"4915112345678"}],
                "messages":[{"from":"4915112345678","id":"%s","timestamp":"1763726400","type":"text",
                "text":{"body":"Hello"}}]}}]}""".formatted(numberId, messageId);
    }
}
