package dev.switchboard.ingress.webhook;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import dev.switchboard.schemas.EventDeserializer;

/**
 * Reads what is written to some topics from the moment it is created: a test creates one, acts, then waits until
 * {@link #records} shows what it expects. Not thread-safe; meant for one test at a time.
 */
final class TopicTail implements AutoCloseable {

    private final KafkaConsumer<String, SpecificRecord> consumer;
    private final List<ConsumerRecord<String, SpecificRecord>> records = new ArrayList<>();

    private TopicTail(String bootstrapServers, Collection<String> topics, boolean fromBeginning) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "tail-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024,
                ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024),
                new StringDeserializer(), new EventDeserializer());
        List<TopicPartition> partitions = topics.stream()
                .flatMap(t -> consumer.partitionsFor(t).stream().map(p -> new TopicPartition(t, p.partition())))
                .toList();
        consumer.assign(partitions);
        if (fromBeginning) {
            consumer.seekToBeginning(partitions);
        } else {
            consumer.seekToEnd(partitions);
        }
        // position() resolves the end offsets now, so records written after this constructor are all seen.
        partitions.forEach(consumer::position);
    }

    static TopicTail fromNow(String bootstrapServers, String... topics) {
        return new TopicTail(bootstrapServers, List.of(topics), false);
    }

    static TopicTail fromBeginning(String bootstrapServers, String... topics) {
        return new TopicTail(bootstrapServers, List.of(topics), true);
    }

    /** Everything read so far, after polling for what is new. */
    List<ConsumerRecord<String, SpecificRecord>> records() {
        consumer.poll(Duration.ofMillis(100)).forEach(records::add);
        return List.copyOf(records);
    }

    List<ConsumerRecord<String, SpecificRecord>> records(String topic) {
        return records().stream().filter(r -> r.topic().equals(topic)).toList();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
