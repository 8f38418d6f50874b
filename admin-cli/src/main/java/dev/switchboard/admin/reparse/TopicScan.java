package dev.switchboard.admin.reparse;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

import dev.switchboard.admin.KafkaConnection;

/**
 * Reads every partition of a topic from the first record at or after a time up to the end offsets it finds when it
 * starts (or, with a stop time, until a record at or after it), with a consumer of its own in no group.
 */
final class TopicScan {

    private static final Duration POLL = Duration.ofMillis(500);
    /** A scan that gets no record for this long while short of the end offsets has lost the brokers. */
    private static final Duration STALLED = Duration.ofSeconds(60);

    private TopicScan() {
    }

    /**
     * @param stopAt null: read to the end offsets; else stop each partition at its first record with a timestamp at
     *               or after it (for a topic whose records are appended in time order, as the raw topic's are)
     */
    static void read(KafkaConnection kafka, String topic, Instant from, Instant stopAt,
                     Consumer<ConsumerRecord<String, byte[]>> each) {
        try (KafkaConsumer<String, byte[]> consumer = kafka.consumer()) {
            read(consumer, topic, from, stopAt, each);
        }
    }

    private static void read(KafkaConsumer<String, byte[]> consumer, String topic, Instant from, Instant stopAt,
                             Consumer<ConsumerRecord<String, byte[]>> each) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " does not exist");
        }
        List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        Map<TopicPartition, Long> times = new HashMap<>();
        partitions.forEach(p -> times.put(p, from.toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(times);
        Set<TopicPartition> open = new HashSet<>();
        Map<TopicPartition, Long> startOffsets = new HashMap<>();
        for (TopicPartition p : partitions) {
            OffsetAndTimestamp start = starts.get(p);
            if (start != null && start.offset() < ends.get(p)) {
                open.add(p);
                startOffsets.put(p, start.offset());
            }
        }
        consumer.assign(open);
        startOffsets.forEach(consumer::seek);
        long lastProgress = System.nanoTime();
        while (!open.isEmpty()) {
            Set<TopicPartition> done = new HashSet<>();
            for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                TopicPartition p = new TopicPartition(record.topic(), record.partition());
                if (!open.contains(p) || done.contains(p)) {
                    continue;
                }
                lastProgress = System.nanoTime();
                if (record.offset() >= ends.get(p) || (stopAt != null && record.timestamp() >= stopAt.toEpochMilli())) {
                    done.add(p);
                    continue;
                }
                each.accept(record);
            }
            for (TopicPartition p : open) {
                if (consumer.position(p) >= ends.get(p)) {
                    done.add(p);
                }
            }
            if (!done.isEmpty()) {
                open.removeAll(done);
                consumer.pause(done);
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > STALLED.toNanos()) {
                throw new IllegalStateException("reading " + topic + " made no progress for " + STALLED.toSeconds()
                        + " s; partitions left: " + open);
            }
        }
    }
}
