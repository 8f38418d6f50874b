package dev.switchboard.kit.kafka;

import java.time.Duration;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

/**
 * How long a listener waits before it tries a failed record (or poll) again, decided failure by failure: while the
 * database cannot be reached ({@link DatabaseOutage}) it waits {@link #OUTAGE_FIRST_WAIT}, doubling up to
 * {@link #OUTAGE_MAX_WAIT}, and never gives up: the partition holds until the database is back. Any other failure
 * counts; after {@code retries} retries {@code retryInterval} apart the record is given up (parked). Failures during
 * an outage do not count, so a record that waited out an outage and then fails for another reason still gets its
 * retries, and is then parked rather than retried for ever.
 *
 * <p>Spring Kafka asks a {@link BackOff} for an execution when a record first fails and then that execution for the
 * next wait after each failure, without saying which failure. The error handler tells this object of every failure
 * first, on the consumer's thread: as its {@link RetryListener} (each failed delivery, of a record or of a batch)
 * and through its back-off function (the failure that starts a batch's retries), see {@link DeadLetters}.
 */
final class ListenerBackOff implements BackOff, RetryListener {

    static final Duration OUTAGE_FIRST_WAIT = Duration.ofMillis(500);
    /** Well below {@code max.poll.interval.ms} (5 min): the consumer may not be polled while it waits. */
    static final Duration OUTAGE_MAX_WAIT = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(ListenerBackOff.class);

    private final int retries;
    private final long retryInterval;
    /** Whether the failure last reported on this consumer thread was the database being unreachable. */
    private final ThreadLocal<Boolean> outage = ThreadLocal.withInitial(() -> false);

    ListenerBackOff(int retries, Duration retryInterval) {
        this.retries = retries;
        this.retryInterval = retryInterval.toMillis();
    }

    /** Told of a failure before the next wait is asked for. */
    void failed(Exception failure) {
        outage.set(failure != null && DatabaseOutage.causedBy(failure));
    }

    @Override
    public void failedDelivery(ConsumerRecord<?, ?> record, Exception failure, int deliveryAttempt) {
        failed(failure);
    }

    @Override
    public void failedDelivery(ConsumerRecords<?, ?> records, Exception failure, int deliveryAttempt) {
        failed(failure);
    }

    @Override
    public BackOffExecution start() {
        return new Execution();
    }

    /** The waits of one failed record (or batch). */
    private final class Execution implements BackOffExecution {

        private int failures;
        private long outageWait = OUTAGE_FIRST_WAIT.toMillis();

        @Override
        public long nextBackOff() {
            if (outage.get()) {
                long wait = outageWait;
                outageWait = Math.min(outageWait * 2, OUTAGE_MAX_WAIT.toMillis());
                log.warn("the database is unreachable: trying again in {} ms (the partition waits)", wait);
                return wait;
            }
            outageWait = OUTAGE_FIRST_WAIT.toMillis();
            return ++failures > retries ? STOP : retryInterval;
        }
    }
}
