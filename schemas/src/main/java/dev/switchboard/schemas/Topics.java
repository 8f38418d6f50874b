package dev.switchboard.schemas;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.avro.Schema;

import dev.switchboard.events.AccountEvent;
import dev.switchboard.events.ChannelConfig;
import dev.switchboard.events.InboundMessage;
import dev.switchboard.events.MediaEvent;
import dev.switchboard.events.MessageStatus;
import dev.switchboard.events.OutboundRequest;
import dev.switchboard.events.OutboundResult;
import dev.switchboard.events.RawWebhook;
import dev.switchboard.events.TicketEvent;
import dev.switchboard.events.WindowEvent;
import dev.switchboard.schemas.Topic.KeyKind;

/** The one catalogue of Switchboard's topics (docs/public-surface.md). Services take names and types from here only. */
public final class Topics {

    /** Raw bodies reach Meta's 5 MiB limit; Kafka's default of 1 MB would refuse them. */
    static final String RAW_MAX_MESSAGE_BYTES = String.valueOf(8 * 1024 * 1024);

    public static final Topic<RawWebhook> WEBHOOKS_RAW = new Topic<>(
            "whatsapp.webhooks.raw.v1", RawWebhook.class, KeyKind.CHANNEL,
            Map.of("max.message.bytes", RAW_MAX_MESSAGE_BYTES),
            "every verified webhook body, byte for byte, for audit and re-parsing");

    public static final Topic<InboundMessage> INBOUND_MESSAGES = new Topic<>(
            "whatsapp.inbound.messages.v1", InboundMessage.class, KeyKind.CONVERSATION, Map.of(),
            "every customer message, typed, from Meta or Twilio");

    public static final Topic<MessageStatus> INBOUND_STATUSES = new Topic<>(
            "whatsapp.inbound.statuses.v1", MessageStatus.class, KeyKind.CONVERSATION, Map.of(),
            "delivery receipts (sent, delivered, read, played, failed) for messages we sent");

    public static final Topic<OutboundRequest> OUTBOUND_REQUESTS = new Topic<>(
            "whatsapp.outbound.requests.v1", OutboundRequest.class, KeyKind.CHANNEL, Map.of(),
            "requests to send one message each, idempotent by request id");

    public static final Topic<OutboundResult> OUTBOUND_RESULTS = new Topic<>(
            "whatsapp.outbound.results.v1", OutboundResult.class, KeyKind.CONVERSATION, Map.of(),
            "exactly one outcome per outbound request: accepted (with the message id) or failed");

    public static final Topic<WindowEvent> WINDOW_EVENTS = new Topic<>(
            "whatsapp.window.events.v1", WindowEvent.class, KeyKind.CONVERSATION, Map.of(),
            "customer service window timers: reminder due, window closed");

    public static final Topic<MediaEvent> MEDIA_EVENTS = new Topic<>(
            "whatsapp.media.events.v1", MediaEvent.class, KeyKind.CONVERSATION, Map.of(),
            "one outcome per inbound media file: stored in the object store (key, sha256, size) or failed (reason)");

    public static final Topic<TicketEvent> TICKET_EVENTS = new Topic<>(
            "tickets.events.v1", TicketEvent.class, KeyKind.CONVERSATION, Map.of(),
            "ticket opened, reopened, closed; article added or its status changed; opt-out and opt-in");

    /** Compacted: the latest record of each channel id is the channel, for as long as the topic exists. */
    public static final Topic<ChannelConfig> CHANNELS = new Topic<>(
            "switchboard.channels.v1", ChannelConfig.class, KeyKind.CHANNEL,
            Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "0"),
            "every channel's configuration (secrets sealed), latest per channel id; every service follows it");

    public static final Topic<AccountEvent> ACCOUNT_EVENTS = new Topic<>(
            "whatsapp.account.events.v1", AccountEvent.class, KeyKind.CHANNEL, Map.of(),
            "account-level webhooks, typed: template status, number quality and limits, business capability");

    public static final List<Topic<?>> ALL = List.of(
            WEBHOOKS_RAW, INBOUND_MESSAGES, INBOUND_STATUSES, OUTBOUND_REQUESTS, OUTBOUND_RESULTS, WINDOW_EVENTS,
            MEDIA_EVENTS, TICKET_EVENTS, CHANNELS, ACCOUNT_EVENTS);

    private Topics() {
    }

    /** The topic with this name, or the topic whose dead-letter topic this is. */
    public static Optional<Topic<?>> byName(String name) {
        String base = name.endsWith(Topic.DEAD_LETTER_SUFFIX)
                ? name.substring(0, name.length() - Topic.DEAD_LETTER_SUFFIX.length())
                : name;
        return ALL.stream().filter(t -> t.name().equals(base)).findFirst();
    }

    /** The current schema of every event type that travels on a topic. */
    public static List<Schema> eventSchemas() {
        return ALL.stream().map(Topic::valueSchema).toList();
    }
}
