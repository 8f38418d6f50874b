package dev.switchboard.kit.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;

import dev.switchboard.events.Customer;
import dev.switchboard.events.WindowEvent;
import dev.switchboard.events.WindowEventType;
import dev.switchboard.schemas.Topic;
import dev.switchboard.testing.SharedKafka;
import dev.switchboard.testing.TopicTail;
import dev.switchboard.testing.UseSharedKafka;
import dev.switchboard.testing.UseSharedPostgres;

/**
 * A service's batch listener with nothing but service-kit and Spring Boot's auto-configuration: the shared client
 * settings, {@link RecordBatches} and the dead-letter error handling, on the real broker and database.
 */
@SpringBootTest(classes = DeadLettersTest.App.class, properties = {
        "spring.kafka.consumer.properties.session.timeout.ms=6000"})
@UseSharedKafka
@UseSharedPostgres
class DeadLettersTest {

    static final String TOPIC = "kit.dead-letters-test.v1";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        @Bean
        Listener listener(RecordBatches batches) {
            return new Listener(batches);
        }
    }

    /** Applies window events a poll at a time; an event whose channel is "poison" cannot be applied. */
    static class Listener {

        final List<String> applied = new CopyOnWriteArrayList<>();
        private final RecordBatches batches;

        Listener(RecordBatches batches) {
            this.batches = batches;
            SharedKafka.createTopics(TOPIC, TOPIC + Topic.DEAD_LETTER_SUFFIX);
        }

        @KafkaListener(id = "kit-dead-letters-test", groupId = "kit-dead-letters-test", topics = TOPIC, batch = "true")
        void events(List<ConsumerRecord<String, SpecificRecord>> records) {
            batches.applyAll(records, WindowEvent.class, events -> {
                for (WindowEvent event : events) {
                    if (event.getChannelId().equals("poison")) {
                        throw new IllegalStateException("channel poison cannot be applied");
                    }
                }
                events.forEach(event -> applied.add(event.getEventId()));
            });
        }
    }

    @Autowired
    Listener listener;
    @Autowired
    KafkaTemplate<Object, Object> events;
    @Autowired
    RawBytesKafka rawBytes;

    @Test
    void aRecordThatCannotBeAppliedIsParkedWithItsErrorAndThePartitionMovesOn() throws Exception {
        try (TopicTail<byte[]> dlt = TopicTail.fromBeginning(SharedKafka.bootstrapServers(),
                new ByteArrayDeserializer(), TOPIC + Topic.DEAD_LETTER_SUFFIX)) {
            events.send(TOPIC, "k", event("before-1", "shop")).get();
            events.send(TOPIC, "k", event("poison-1", "poison")).get();
            events.send(TOPIC, "k", event("after-1", "shop")).get();

            await().atMost(WAIT).until(() -> listener.applied.contains("after-1"));
            assertThat(listener.applied).contains("before-1").doesNotContain("poison-1");
            await().atMost(WAIT).untilAsserted(() -> {
                List<ConsumerRecord<String, byte[]>> parked = dlt.records().stream()
                        .filter(r -> new String(r.value(), StandardCharsets.ISO_8859_1).contains("poison-1")).toList();
                assertThat(parked).hasSize(1);
                ConsumerRecord<String, byte[]> record = parked.get(0);
                assertThat(header(record, "kafka_dlt-exception-message")).contains("channel poison cannot be applied");
                assertThat(header(record, "kafka_dlt-original-topic")).isEqualTo(TOPIC);
                assertThat(record.partition()).isZero();
            });
        }
    }

    @Test
    void anUndecodableRecordIsParkedByteForByte() throws Exception {
        byte[] garbage = "not an avro event".getBytes(StandardCharsets.UTF_8);
        try (TopicTail<byte[]> dlt = TopicTail.fromBeginning(SharedKafka.bootstrapServers(),
                new ByteArrayDeserializer(), TOPIC + Topic.DEAD_LETTER_SUFFIX)) {
            rawBytes.template().send(TOPIC, "garbage", garbage).get();
            events.send(TOPIC, "k", event("after-garbage", "shop")).get();

            await().atMost(WAIT).until(() -> listener.applied.contains("after-garbage"));
            await().atMost(WAIT).untilAsserted(() -> {
                List<ConsumerRecord<String, byte[]>> parked = dlt.records().stream()
                        .filter(r -> "garbage".equals(r.key())).toList();
                assertThat(parked).hasSize(1);
                assertThat(parked.get(0).value()).isEqualTo(garbage);
                assertThat(header(parked.get(0), "kafka_dlt-exception-fqcn")).endsWith("DeserializationException");
            });
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        assertThat(header).as(name).isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    /** A window event with this id and channel (the listeners here decide by the channel). */
    static WindowEvent event(String id, String channel) {
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        return WindowEvent.newBuilder().setEventId(id).setType(WindowEventType.REMINDER_DUE).setChannelId(channel)
                .setCustomer(Customer.newBuilder().setWaId("16505551234").build())
                .setLastCustomerMessageId("wamid." + id).setLastCustomerMessageAt(at).setDueAt(at).setFiredAt(at)
                .build();
    }
}
