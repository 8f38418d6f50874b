package dev.switchboard.media.job;

import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.switchboard.kit.kafka.RawBytesKafka;
import dev.switchboard.kit.loop.BackgroundLoop;
import dev.switchboard.schemas.Topics;

/**
 * Publishes the recorded outcomes (an outbox in {@code fetch_job}): locks a batch, sends it to
 * {@code whatsapp.media.events.v1}, waits for every acknowledgement, marks it published, all in one transaction. A
 * crash before the mark publishes the same events (same ids) again; none is lost. Replicas relay disjoint rows
 * (SKIP LOCKED).
 *
 * <p>Runs on the thread {@code media-event-relay}: woken by each outcome this replica records, and every second for
 * outcomes another replica left behind. Stops last, after the fetch threads, whose last outcomes it still publishes.
 */
@Component
public class EventRelay extends BackgroundLoop {

    static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration IDLE = Duration.ofSeconds(1);
    private static final int BATCH = 500;

    private final FetchJobs jobs;
    private final TransactionTemplate transactions;
    private final RawBytesKafka kafka;

    public EventRelay(FetchJobs jobs, TransactionTemplate transactions, RawBytesKafka kafka) {
        super(Options.named("media-event-relay").phase(Integer.MAX_VALUE - 8192)
                .backOff(Duration.ofSeconds(1), Duration.ofSeconds(30)));
        this.jobs = jobs;
        this.transactions = transactions;
        this.kafka = kafka;
    }

    public int relayOnce() {
        Integer count = transactions.execute(status -> {
            List<FetchJobs.Unpublished> batch = jobs.lockUnpublished(BATCH);
            if (batch.isEmpty()) {
                return 0;
            }
            kafka.publishAll(batch.stream().map(row -> new ProducerRecord<>(Topics.MEDIA_EVENTS.name(), row.key(),
                    row.event())).toList(), PUBLISH_TIMEOUT);
            jobs.markPublished(batch);
            return batch.size();
        });
        return count == null ? 0 : count;
    }

    @Override
    protected Duration runOnce() {
        return relayOnce() < BATCH ? IDLE : Duration.ZERO;
    }
}
