package dev.switchboard.outbound.dispatch;

import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.switchboard.kit.kafka.RawBytesKafka;
import dev.switchboard.kit.loop.BackgroundLoop;
import dev.switchboard.outbound.queue.ResultOutbox;
import dev.switchboard.outbound.queue.ResultOutbox.Unpublished;
import dev.switchboard.schemas.Keys;
import dev.switchboard.schemas.Topics;

/**
 * Publishes the results recorded in the send queue (an outbox): sends a batch, waits for Kafka's acknowledgements,
 * marks them published, all in one transaction. A crash before the mark means the same result (same event id) is
 * published again, never lost; replicas relay disjoint rows (SKIP LOCKED).
 *
 * <p>Runs on the thread {@code result-relay} ({@link BackgroundLoop}): when the queue is empty it waits for the
 * {@link ResultSignal} a dispatcher raises after a commit, or 50 ms for results other replicas leave behind; after a
 * failure, a second. Stops after the dispatchers, whose last results it still publishes.
 */
@Component
public class ResultRelay extends BackgroundLoop {

    private static final Duration IDLE = Duration.ofMillis(50);

    private final ResultOutbox queue;
    private final TransactionTemplate transactions;
    private final RawBytesKafka kafka;

    public ResultRelay(ResultOutbox queue, TransactionTemplate transactions, RawBytesKafka kafka, ResultSignal signal) {
        super(Options.named("result-relay").phase(Integer.MAX_VALUE - 8192)
                .backOff(Duration.ofSeconds(1), Duration.ofSeconds(1)).wakeUp(signal));
        this.queue = queue;
        this.transactions = transactions;
        this.kafka = kafka;
    }

    public int relayOnce() {
        Integer count = transactions.execute(status -> {
            List<Unpublished> batch = queue.lockUnpublished(500);
            if (batch.isEmpty()) {
                return 0;
            }
            kafka.publishAll(batch.stream().map(result -> new ProducerRecord<>(Topics.OUTBOUND_RESULTS.name(),
                    Keys.conversation(result.channelId(), result.recipientId()), result.result())).toList(),
                    Duration.ofSeconds(30));
            queue.markPublished(batch.stream().map(Unpublished::requestId).toList());
            return batch.size();
        });
        return count == null ? 0 : count;
    }

    @Override
    protected Duration runOnce() {
        return relayOnce() == 0 ? IDLE : Duration.ZERO;
    }
}
