package dev.switchboard.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads what is written to some topics, from the moment it is created or from their beginning: a test creates one,
 * acts, then waits (Awaitility) until {@link #records} shows what it expects. Not thread-safe; one test at a time.
 *
 * @param <V> the value type its deserializer makes (the services pass {@code new EventDeserializer()})
 */
public final class TopicTail<V> implements AutoCloseable {

    private final KafkaConsumer<String, V> consumer;
    private final List<ConsumerRecord<String, V>> records = new ArrayList<>();

    private TopicTail(String bootstrapServers, Deserializer<V> values, Collection<String> topics, boolean fromBeginning) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "tail-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024,
                ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024),
                new StringDeserializer(), values);
        List<TopicPartition> partitions = topics.stream()
                .flatMap(t -> consumer.partitionsFor(t).stream().map(p -> new TopicPartition(t, p.partition())))
                .toList();
        consumer.assign(partitions);
        if (fromBeginning) {
            consumer.seekToBeginning(partitions);
        } else {
            consumer.seekToEnd(partitions);
        }
        // position() resolves the offsets now, so records written after this constructor are all seen.
        partitions.forEach(consumer::position);
    }

    /** Sees what is written after this call. */
    public static <V> TopicTail<V> fromNow(String bootstrapServers, Deserializer<V> values, String... topics) {
        return new TopicTail<>(bootstrapServers, values, List.of(topics), false);
    }

    /** Sees everything the topics hold. */
    public static <V> TopicTail<V> fromBeginning(String bootstrapServers, Deserializer<V> values, String... topics) {
        return new TopicTail<>(bootstrapServers, values, List.of(topics), true);
    }

    /** Everything read so far, after polling for what is new. */
    public List<ConsumerRecord<String, V>> records() {
        consumer.poll(Duration.ofMillis(100)).forEach(records::add);
        return List.copyOf(records);
    }

    public List<ConsumerRecord<String, V>> records(String topic) {
        return records().stream().filter(r -> r.topic().equals(topic)).toList();
    }

    /** The values of one topic's records that are of {@code type}, in the order read. */
    public <T> List<T> values(String topic, Class<T> type) {
        return records(topic).stream().map(ConsumerRecord::value).filter(type::isInstance).map(type::cast).toList();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
