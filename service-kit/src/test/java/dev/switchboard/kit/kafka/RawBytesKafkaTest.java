package dev.switchboard.kit.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

import dev.switchboard.testing.SharedKafka;
import dev.switchboard.testing.TopicTail;

class RawBytesKafkaTest {

    private static final String TOPIC = "kit.raw-bytes-test.v1";

    @Test
    void publishesTheBytesAsTheyAreAndReturnsOnceAcknowledged() {
        SharedKafka.createTopics(TOPIC);
        RawBytesKafka kafka = new RawBytesKafka(properties());
        try (TopicTail<byte[]> tail = TopicTail.fromBeginning(SharedKafka.bootstrapServers(),
                new ByteArrayDeserializer(), TOPIC)) {
            kafka.publishAll(List.of(record("a", "first"), record("b", "second")), Duration.ofSeconds(30));

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(tail.records(TOPIC))
                    .extracting(r -> r.key() + "=" + new String(r.value(), StandardCharsets.UTF_8))
                    .containsSubsequence("a=first", "b=second"));
        } finally {
            kafka.destroy();
        }
    }

    @Test
    void saysSoWhenARecordIsNotAcknowledged() {
        SharedKafka.createTopics(TOPIC);
        KafkaProperties properties = properties();
        properties.getProducer().getProperties().put("max.request.size", "1024");
        RawBytesKafka kafka = new RawBytesKafka(properties);
        try {
            assertThatThrownBy(() -> kafka.publishAll(
                    List.of(record("small", "fits"), new ProducerRecord<>(TOPIC, "large", new byte[4096])),
                    Duration.ofSeconds(30)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Kafka did not acknowledge 2 records")
                    .hasRootCauseInstanceOf(RecordTooLargeException.class);
        } finally {
            kafka.destroy();
        }
    }

    private static KafkaProperties properties() {
        KafkaProperties properties = new KafkaProperties();
        properties.setBootstrapServers(List.of(SharedKafka.bootstrapServers()));
        return properties;
    }

    private static ProducerRecord<String, byte[]> record(String key, String value) {
        return new ProducerRecord<>(TOPIC, key, value.getBytes(StandardCharsets.UTF_8));
    }
}
