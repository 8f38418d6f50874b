package dev.switchboard.local.soak;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import dev.switchboard.events.OutboundOutcome;
import dev.switchboard.events.OutboundResult;
import dev.switchboard.schemas.EventDeserializer;
import dev.switchboard.schemas.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The receipts the driver posts: statuses of messages the platform really sent on the Meta demo channel (welcomes,
 * reminders, agent replies), learnt from outbound's results topic ({@code whatsapp.outbound.results.v1}: accepted,
 * with the provider's message id). Each such message gets {@code sent}, then {@code delivered}, then {@code read},
 * one per receipt slot, oldest message first; when none is known yet (the run's first seconds), a receipt names an
 * unknown id {@code wamid.soak.unknown.<n>} (it lands among the platform's pending statuses).
 */
final class LoadReceipts {

    static final List<String> ORDER = List.of("sent", "delivered", "read");
    /** Messages waiting for their next receipt; beyond this the oldest are dropped (receipts are a sample). */
    static final int MAX_KNOWN = 20_000;

    private final Queue<WebhookBodies.Status> learnt = new ConcurrentLinkedQueue<>();
    private final Deque<WebhookBodies.Status> waiting = new ArrayDeque<>();
    private final AtomicLong learntCount = new AtomicLong();
    private long known;
    private long unknown;

    /** A message the platform sent to this customer (any thread). */
    void sent(String messageId, String recipientWaId) {
        learntCount.incrementAndGet();
        learnt.add(new WebhookBodies.Status(messageId, recipientWaId, ORDER.get(0)));
    }

    /** The next receipt to post (the driver's thread). */
    WebhookBodies.Status next() {
        for (WebhookBodies.Status s = learnt.poll(); s != null; s = learnt.poll()) {
            waiting.addLast(s);
        }
        while (waiting.size() > MAX_KNOWN) {
            waiting.pollFirst();
        }
        WebhookBodies.Status status = waiting.pollFirst();
        if (status == null) {
            unknown++;
            return new WebhookBodies.Status("wamid.soak.unknown." + unknown, "48" + String.format("%010d", unknown),
                    ORDER.get(2));
        }
        known++;
        int at = ORDER.indexOf(status.status());
        if (at + 1 < ORDER.size()) {
            waiting.addLast(new WebhookBodies.Status(status.messageId(), status.recipientWaId(), ORDER.get(at + 1)));
        }
        return status;
    }

    /** Receipts posted for messages the platform sent. */
    long known() {
        return known;
    }

    /** Receipts posted for unknown ids (nothing sent was known yet). */
    long unknown() {
        return unknown;
    }

    /** Sent messages learnt from the results topic. */
    long learnt() {
        return learntCount.get();
    }

    /**
     * Reads outbound's results from the start of the topic while the run lasts (through broker restarts: the consumer
     * reconnects) and tells the receipts about every accepted send on the Meta demo channel.
     */
    static final class ResultsReader implements Runnable {
        private final KafkaConsumer<String, OutboundResult> consumer;
        private final LoadReceipts receipts;
        private volatile boolean running = true;

        ResultsReader(String bootstrapServers, LoadReceipts receipts) {
            this.receipts = receipts;
            this.consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "5000"),
                    new StringDeserializer(), new EventDeserializer<>());
        }

        @Override
        public void run() {
            try {
                List<TopicPartition> partitions = consumer.partitionsFor(Topics.OUTBOUND_RESULTS.name(),
                        Duration.ofSeconds(60)).stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                consumer.assign(partitions);
                while (running) {
                    for (ConsumerRecord<String, OutboundResult> record : consumer.poll(Duration.ofMillis(500))) {
                        OutboundResult result = record.value();
                        if (result != null && result.getOutcome() == OutboundOutcome.ACCEPTED
                                && SoakStack.META_CHANNEL.equals(result.getChannelId()) && result.getMessageId() != null
                                && result.getRecipient() != null && result.getRecipient().getWaId() != null) {
                            receipts.sent(result.getMessageId(), result.getRecipient().getWaId());
                        }
                    }
                }
            } catch (WakeupException | InterruptException e) {
                // stop() woke it up
            } finally {
                consumer.close(Duration.ofSeconds(5));
            }
        }

        void stop() {
            running = false;
            consumer.wakeup();
        }
    }
}
