package dev.switchboard.admin.dlt;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.Function;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.Header;

import dev.switchboard.admin.KafkaConnection;
import dev.switchboard.schemas.Topic;

/**
 * The Kafka side of the dlt commands: reads dead-letter topics and the partitions re-driven copies went to, each up
 * to the end it had when the read began, and writes copies. Offsets and metadata come from the admin client (a
 * consumer asked about partitions it is not assigned warns on stderr). The caller closes it.
 */
final class DeadLetterTopics implements AutoCloseable {

    /** A read that makes no progress this long fails instead of waiting forever. */
    private static final Duration STALL = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final ListOffsetsOptions COMMITTED = new ListOffsetsOptions(IsolationLevel.READ_COMMITTED);

    private final KafkaConnection kafka;
    private final Admin admin;
    private KafkaProducer<String, byte[]> producer;

    DeadLetterTopics(KafkaConnection kafka) {
        this.kafka = kafka;
        this.admin = kafka.admin();
    }

    /** Every topic named {@code *.dlt}, sorted. */
    List<String> deadLetterTopics() throws ExecutionException, InterruptedException {
        return admin.listTopics().names().get().stream()
                .filter(name -> name.endsWith(Topic.DEAD_LETTER_SUFFIX)).sorted().toList();
    }

    /** The number of partitions of a topic; 0 when it does not exist. */
    int partitionCount(String topic) {
        try {
            return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return 0;
            }
            throw new IllegalStateException("cannot describe topic " + topic + ": " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * The selected dead letters of a topic, in partition and offset order.
     *
     * @throws IllegalArgumentException when the topic does not exist
     */
    List<DeadLetter> read(String topic, Selection selection) {
        int count = partitionCount(topic);
        if (count == 0) {
            throw new IllegalArgumentException("topic " + topic + " does not exist");
        }
        List<TopicPartition> partitions = new ArrayList<>();
        for (int p = 0; p < count; p++) {
            if (selection.partition() == null || selection.partition() == p) {
                partitions.add(new TopicPartition(topic, p));
            }
        }
        Map<TopicPartition, Long> from = selection.since() == null
                ? offsets(partitions, partition -> OffsetSpec.earliest())
                : offsetsAt(partitions, partition -> selection.since());
        if (selection.offset() != null) {
            from.replaceAll((partition, start) -> Math.max(start, selection.offset()));
        }
        List<DeadLetter> deadLetters = new ArrayList<>();
        readUntilEnd(from, record -> {
            DeadLetter deadLetter = DeadLetter.of(record);
            if (selection.matches(deadLetter)) {
                deadLetters.add(deadLetter);
            }
        });
        deadLetters.sort((a, b) -> a.partition() != b.partition() ? Integer.compare(a.partition(), b.partition())
                : Long.compare(a.offset(), b.offset()));
        return deadLetters;
    }

    /**
     * Dead letter id to where its re-driven copy is ({@code <topic>-<partition>@<offset>}), found by reading each
     * partition from its time on.
     */
    Map<String, String> redrivenCopies(Map<TopicPartition, Instant> searchFrom) {
        Map<String, String> copies = new HashMap<>();
        if (searchFrom.isEmpty()) {
            return copies;
        }
        readUntilEnd(offsetsAt(searchFrom.keySet(), searchFrom::get), record -> {
            Header header = record.headers().lastHeader(DeadLetter.REDRIVEN_FROM);
            if (header != null && header.value() != null) {
                copies.put(new String(header.value(), StandardCharsets.UTF_8),
                        record.topic() + "-" + record.partition() + "@" + record.offset());
            }
        });
        return copies;
    }

    /** Sends one record and waits for Kafka's acknowledgement; returns its offset. */
    long send(ProducerRecord<String, byte[]> record) throws ExecutionException, InterruptedException {
        if (producer == null) {
            producer = kafka.producer();
        }
        return producer.send(record).get().offset();
    }

    /** The first offset at or after each partition's time; the end when nothing is that recent. */
    private Map<TopicPartition, Long> offsetsAt(Collection<TopicPartition> partitions,
                                               Function<TopicPartition, Instant> time) {
        Map<TopicPartition, Long> found = offsets(partitions,
                partition -> OffsetSpec.forTimestamp(time.apply(partition).toEpochMilli()));
        if (found.values().stream().anyMatch(offset -> offset < 0)) {
            Map<TopicPartition, Long> ends = offsets(partitions, partition -> OffsetSpec.latest());
            found.replaceAll((partition, offset) -> offset < 0 ? ends.get(partition) : offset);
        }
        return found;
    }

    private Map<TopicPartition, Long> offsets(Collection<TopicPartition> partitions,
                                             Function<TopicPartition, OffsetSpec> spec) {
        Map<TopicPartition, OffsetSpec> query = new HashMap<>();
        partitions.forEach(partition -> query.put(partition, spec.apply(partition)));
        try {
            Map<TopicPartition, Long> offsets = new HashMap<>();
            admin.listOffsets(query, COMMITTED).all().get()
                    .forEach((partition, info) -> offsets.put(partition, info.offset()));
            return offsets;
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot list offsets of " + partitions + ": "
                    + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Reads each partition from its offset up to the end offset it has now, with a consumer of its own (assigned
     * once; a partition read to its end is paused), so no fetch is in flight for a partition it gave up.
     */
    private void readUntilEnd(Map<TopicPartition, Long> from, Consumer<ConsumerRecord<String, byte[]>> each) {
        Map<TopicPartition, Long> ends = offsets(from.keySet(), partition -> OffsetSpec.latest());
        List<TopicPartition> pending = new ArrayList<>(from.keySet().stream()
                .filter(partition -> from.get(partition) < ends.get(partition)).toList());
        if (pending.isEmpty()) {
            return;
        }
        try (KafkaConsumer<String, byte[]> reader = kafka.consumer()) {
            reader.assign(pending);
            pending.forEach(partition -> reader.seek(partition, from.get(partition)));
            long lastProgress = System.nanoTime();
            while (!pending.isEmpty()) {
                for (ConsumerRecord<String, byte[]> record : reader.poll(POLL)) {
                    if (record.offset() < ends.get(new TopicPartition(record.topic(), record.partition()))) {
                        each.accept(record);
                    }
                    lastProgress = System.nanoTime();
                }
                List<TopicPartition> done = pending.stream()
                        .filter(partition -> reader.position(partition) >= ends.get(partition)).toList();
                if (!done.isEmpty()) {
                    reader.pause(done);
                    pending.removeAll(done);
                    lastProgress = System.nanoTime();
                } else if (System.nanoTime() - lastProgress > STALL.toNanos()) {
                    throw new IllegalStateException("no progress reading " + pending + " for " + STALL);
                }
            }
        }
    }

    @Override
    public void close() {
        admin.close();
        if (producer != null) {
            producer.close();
        }
    }
}
