package dev.switchboard.ingress.webhook;

import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import dev.switchboard.events.AccountEvent;
import dev.switchboard.events.InboundMessage;
import dev.switchboard.events.MessageStatus;
import dev.switchboard.events.RawWebhook;
import dev.switchboard.schemas.EventDeserializer;
import dev.switchboard.schemas.Topics;
import dev.switchboard.testing.SharedKafka;
import dev.switchboard.testing.TopicTail;

/**
 * What ingress published on the shared broker since a test began: raw bodies, and the messages, statuses and account
 * events of each. The topics (the channels topic among them, compacted) are created first if need be.
 */
final class WebhookRecords implements AutoCloseable {

    static final String RAW = Topics.WEBHOOKS_RAW.name();
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final TopicTail<SpecificRecord> tail;

    private WebhookRecords() {
        SharedKafka.createTopics(WebhookClient.ingressTopics());
        tail = TopicTail.fromNow(SharedKafka.bootstrapServers(), new EventDeserializer(), RAW,
                Topics.INBOUND_MESSAGES.name(), Topics.INBOUND_STATUSES.name(), Topics.ACCOUNT_EVENTS.name());
    }

    static WebhookRecords fromNow() {
        return new WebhookRecords();
    }

    List<ConsumerRecord<String, SpecificRecord>> records(String topic) {
        return tail.records(topic);
    }

    /** The raw record of this body, once it is there (exactly one). */
    RawWebhook awaitRaw(byte[] body) {
        await().atMost(WAIT).until(() -> rawOf(body).size() == 1);
        return rawOf(body).get(0);
    }

    List<RawWebhook> rawOf(byte[] body) {
        return tail.records(RAW).stream().map(r -> (RawWebhook) r.value())
                .filter(r -> r.getBody().equals(ByteBuffer.wrap(body))).toList();
    }

    List<ConsumerRecord<String, InboundMessage>> messagesOf(RawWebhook raw) {
        return of(Topics.INBOUND_MESSAGES.name(), raw, InboundMessage::getRawWebhookId);
    }

    List<ConsumerRecord<String, MessageStatus>> statusesOf(RawWebhook raw) {
        return of(Topics.INBOUND_STATUSES.name(), raw, MessageStatus::getRawWebhookId);
    }

    List<ConsumerRecord<String, AccountEvent>> accountEventsOf(RawWebhook raw) {
        return of(Topics.ACCOUNT_EVENTS.name(), raw, AccountEvent::getRawWebhookId);
    }

    @SuppressWarnings("unchecked")
    private <V> List<ConsumerRecord<String, V>> of(String topic, RawWebhook raw, Function<V, String> rawWebhookId) {
        return tail.records(topic).stream()
                .map(r -> (ConsumerRecord<String, V>) (ConsumerRecord<String, ?>) r)
                .filter(r -> rawWebhookId.apply(r.value()).equals(raw.getWebhookId()))
                .toList();
    }

    @Override
    public void close() {
        tail.close();
    }
}
