package dev.switchboard.outbound.bench;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

import dev.switchboard.events.OutboundOutcome;
import dev.switchboard.events.OutboundResult;
import dev.switchboard.schemas.EventDeserializer;
import dev.switchboard.schemas.Topics;

/**
 * Reads {@code whatsapp.outbound.results.v1} from the moment it is created, on a thread of its own
 * ({@code bench-results}), and keeps every result by request id with when it was seen: what the exactly-once checks
 * and the latency phase read.
 */
final class ResultsTail implements AutoCloseable {

    /** One result record as the driver saw it. {@code completedAt}: the service's clock (milliseconds). */
    record Seen(String eventId, OutboundOutcome outcome, String messageId, int attempts, Instant completedAt,
                long recordTimestampMillis, long seenNanos, long seenEpochMicros, String failure) {
        boolean accepted() {
            return outcome == OutboundOutcome.ACCEPTED;
        }
    }

    private final KafkaConsumer<String, SpecificRecord> consumer;
    private final Map<String, List<Seen>> byRequest = new ConcurrentHashMap<>();
    private final AtomicLong records = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    ResultsTail(String bootstrapServers) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "bench-results-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000),
                new StringDeserializer(), new EventDeserializer());
        String topic = Topics.OUTBOUND_RESULTS.name();
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        thread = new Thread(this::loop, "bench-results");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        try {
            while (running) {
                ConsumerRecords<String, SpecificRecord> batch = consumer.poll(Duration.ofMillis(200));
                if (batch.isEmpty()) {
                    continue;
                }
                long nanos = System.nanoTime();
                long micros = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
                for (ConsumerRecord<String, SpecificRecord> record : batch) {
                    if (!(record.value() instanceof OutboundResult result)) {
                        continue;
                    }
                    Seen seen = new Seen(result.getEventId(), result.getOutcome(), result.getMessageId(),
                            result.getAttempts(), result.getCompletedAt(), record.timestamp(), nanos, micros,
                            result.getFailureKind() == null ? null : result.getFailureKind() + " "
                                    + (result.getError() == null ? "" : result.getError().getCode() + " " + result.getError().getMessage()));
                    byRequest.computeIfAbsent(result.getRequestId(), k -> new CopyOnWriteArrayList<>()).add(seen);
                    records.incrementAndGet();
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** The results of a request seen so far (none: empty). */
    List<Seen> of(String requestId) {
        List<Seen> seen = byRequest.get(requestId);
        return seen == null ? List.of() : new ArrayList<>(seen);
    }

    /** How many of these request ids have at least one result. */
    int resolved(List<String> requestIds) {
        int n = 0;
        for (String id : requestIds) {
            if (byRequest.containsKey(id)) {
                n++;
            }
        }
        return n;
    }

    long records() {
        return records.get();
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
