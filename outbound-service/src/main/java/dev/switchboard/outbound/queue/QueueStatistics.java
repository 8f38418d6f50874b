package dev.switchboard.outbound.queue;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Refreshes the planner's statistics of send_request once a burst has queued {@link #ROWS} requests. Autovacuum
 * would, but only a minute or more later: until then PostgreSQL believes the queue almost empty, and its plan for
 * {@link SendQueue#READY} may scan all of a channel's queued requests for each of the 200 it returns (in the
 * benchmark: 2.5 s per batch, the dispatcher down to 80/s for 45 s with 72,000 queued; SendQueueTest shows the plan).
 * One refresh at a time, off the caller's thread.
 */
public final class QueueStatistics {

    /** Requests queued since the last refresh that make the next one due. */
    public static final int ROWS = 10_000;

    private final Runnable analyze;
    private final Executor executor;
    private final AtomicLong queuedSince = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean();

    public QueueStatistics(Runnable analyze, Executor executor) {
        this.analyze = analyze;
        this.executor = executor;
    }

    /** {@code rows} new requests were queued. */
    public void queued(int rows) {
        if (queuedSince.addAndGet(rows) >= ROWS && running.compareAndSet(false, true)) {
            queuedSince.set(0);
            executor.execute(() -> {
                try {
                    analyze.run();
                } finally {
                    running.set(false);
                }
            });
        }
    }
}
