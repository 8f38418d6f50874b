package dev.switchboard.outbound.dispatch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.switchboard.outbound.queue.ResultOutbox;
import dev.switchboard.outbound.queue.ResultOutbox.Completed;

/**
 * Marks finished requests done with their results in groups: whoever finishes a request hands it over and gets a
 * future; one thread commits everything handed over meanwhile with one statement in one transaction, then completes
 * the futures and wakes the result relay. At 1,000 sends/s that is one commit per several results instead of one each
 * (a commit per result was most of PostgreSQL's work per send); a result alone waits for no one. Nobody blocks on a
 * handover: the HTTP client's threads hand over an answer and are free again.
 */
@Component
public class Completions implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Completions.class);
    private static final int MAX_GROUP = 500;

    private record Handed(Completed completed, CompletableFuture<Void> committed) {
    }

    private final ResultOutbox outbox;
    private final TransactionTemplate transactions;
    private final ResultSignal resultSignal;
    private final LinkedBlockingQueue<Handed> handed = new LinkedBlockingQueue<>();
    private final Thread committer;
    private volatile boolean running = true;
    /** The committer has ended: a handover now would never be committed. */
    private volatile boolean closed;

    public Completions(ResultOutbox outbox, TransactionTemplate transactions, ResultSignal resultSignal) {
        this.outbox = outbox;
        this.transactions = transactions;
        this.resultSignal = resultSignal;
        this.committer = new Thread(this::commitLoop, "result-committer");
        committer.setDaemon(true);
        committer.start();
    }

    /**
     * Marks the request done with its result (if it is still queued); the future completes once that is committed, or
     * fails if it could not be (the request is then still queued).
     */
    public CompletableFuture<Void> complete(String requestId, int attempts, byte[] result, Instant completedAt) {
        Handed handover = new Handed(new Completed(requestId, attempts, result, completedAt), new CompletableFuture<>());
        handed.add(handover);
        if (closed) {
            failLeftOvers();
        }
        return handover.committed();
    }

    /** Handed over and not yet taken by the committer. */
    int waiting() {
        return handed.size();
    }

    private void commitLoop() {
        List<Handed> group = new ArrayList<>(MAX_GROUP);
        while (running || !handed.isEmpty()) {
            try {
                Handed first = handed.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                handed.drainTo(group, MAX_GROUP - 1);
                commit(group);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } finally {
                group.clear();
            }
        }
        closed = true;
        failLeftOvers();
    }

    private void failLeftOvers() {
        for (Handed left = handed.poll(); left != null; left = handed.poll()) {
            left.committed().completeExceptionally(new IllegalStateException("shutting down: request "
                    + left.completed().requestId() + " not recorded"));
        }
    }

    private void commit(List<Handed> group) {
        try {
            transactions.executeWithoutResult(status -> outbox.completeAll(group.stream().map(Handed::completed).toList()));
        } catch (RuntimeException e) {
            log.warn("could not record {} results: {}", group.size(), e.toString());
            group.forEach(h -> h.committed().completeExceptionally(e));
            return;
        }
        // The relay first: whoever waits on a future may look for the signal as soon as the future completes.
        resultSignal.raise();
        group.forEach(h -> h.committed().complete(null));
    }

    /** After the dispatchers stopped (their last results are handed over by then): commits what is left. */
    @Override
    public void destroy() throws InterruptedException {
        running = false;
        committer.join(10_000);
    }
}
