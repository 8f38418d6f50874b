package dev.switchboard.outbound.dispatch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;

import dev.switchboard.outbound.kafka.BytesKafka;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.switchboard.outbound.queue.SendQueue;
import dev.switchboard.outbound.queue.SendQueue.Unpublished;
import dev.switchboard.schemas.Keys;
import dev.switchboard.schemas.Topics;

/**
 * Publishes the results recorded in the send queue (an outbox): sends a batch, waits for Kafka's acknowledgements,
 * marks them published, all in one transaction. A crash before the mark means the same result (same event id) is
 * published again, never lost; replicas relay disjoint rows (SKIP LOCKED).
 */
@Component
public class ResultRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ResultRelay.class);
    private static final Duration IDLE = Duration.ofMillis(50);

    private final SendQueue queue;
    private final TransactionTemplate transactions;
    private final KafkaTemplate<String, byte[]> kafka;
    private final ResultSignal signal;
    private volatile boolean running;
    private Thread worker;

    public ResultRelay(SendQueue queue, TransactionTemplate transactions, BytesKafka bytesKafka, ResultSignal signal) {
        this.queue = queue;
        this.signal = signal;
        this.transactions = transactions;
        this.kafka = bytesKafka.template();
    }

    public int relayOnce() {
        Integer count = transactions.execute(status -> {
            List<Unpublished> batch = queue.lockUnpublished(500);
            if (batch.isEmpty()) {
                return 0;
            }
            List<CompletableFuture<?>> acks = new ArrayList<>(batch.size());
            for (Unpublished result : batch) {
                acks.add(kafka.send(Topics.OUTBOUND_RESULTS.name(),
                        Keys.conversation(result.channelId(), result.recipientId()), result.result()));
            }
            try {
                CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("Kafka did not acknowledge the results", e);
            }
            queue.markPublished(batch.stream().map(Unpublished::requestId).toList());
            return batch.size();
        });
        return count == null ? 0 : count;
    }

    private void loop() {
        while (running) {
            try {
                if (relayOnce() == 0) {
                    signal.await(IDLE);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("result relay failed, retrying in 1s: {}", e.toString());
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public void start() {
        running = true;
        worker = new Thread(this::loop, "result-relay");
        worker.start();
    }

    @Override
    public void stop() {
        running = false;
        if (worker != null) {
            try {
                worker.join(35_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops after the dispatchers, whose last results it still publishes. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 8192;
    }
}
