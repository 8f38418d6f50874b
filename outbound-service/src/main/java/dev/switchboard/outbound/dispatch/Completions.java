package dev.switchboard.outbound.dispatch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.switchboard.outbound.queue.SendQueue;
import dev.switchboard.outbound.queue.SendQueue.Completed;

/**
 * Marks finished requests done with their results in groups: whoever finishes a request hands it over and waits; one
 * thread commits everything handed over meanwhile with one statement in one transaction, then lets the waiters go
 * and wakes the result relay. At 1,000 sends/s that is one commit per several results instead of one each (a commit
 * per result was most of PostgreSQL's work per send); a result alone waits for no one.
 */
@Component
public class Completions implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Completions.class);
    private static final int MAX_GROUP = 500;

    private record Handed(Completed completed, CompletableFuture<Void> committed) {
    }

    private final SendQueue queue;
    private final TransactionTemplate transactions;
    private final ResultSignal resultSignal;
    private final LinkedBlockingQueue<Handed> handed = new LinkedBlockingQueue<>();
    private final Thread committer;
    private volatile boolean running = true;

    public Completions(SendQueue queue, TransactionTemplate transactions, ResultSignal resultSignal) {
        this.queue = queue;
        this.transactions = transactions;
        this.resultSignal = resultSignal;
        this.committer = new Thread(this::commitLoop, "result-committer");
        committer.setDaemon(true);
        committer.start();
    }

    /** Marks the request done with its result (if it is still queued); returns once that is committed. */
    public void complete(String requestId, int attempts, byte[] result, Instant completedAt) {
        Handed handover = new Handed(new Completed(requestId, attempts, result, completedAt), new CompletableFuture<>());
        handed.add(handover);
        try {
            // Bounded: handed over after the committer ended (shutting down), nobody would commit it.
            handover.committed().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while recording request " + requestId, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not record request " + requestId, e.getCause());
        } catch (TimeoutException e) {
            handed.remove(handover);
            throw new IllegalStateException("request " + requestId + " was not recorded within 30 s", e);
        }
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
    }

    private void commit(List<Handed> group) {
        try {
            transactions.executeWithoutResult(status -> queue.completeAll(group.stream().map(Handed::completed).toList()));
        } catch (RuntimeException e) {
            log.warn("could not record {} results: {}", group.size(), e.toString());
            group.forEach(h -> h.committed().completeExceptionally(e));
            return;
        }
        group.forEach(h -> h.committed().complete(null));
        resultSignal.raise();
    }

    /** After the dispatchers stopped (their last results are handed over by then): commits what is left. */
    @Override
    public void destroy() throws InterruptedException {
        running = false;
        committer.join(10_000);
    }
}
