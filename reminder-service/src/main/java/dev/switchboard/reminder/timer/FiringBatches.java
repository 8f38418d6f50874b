package dev.switchboard.reminder.timer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;

/**
 * Lets the timers that db-scheduler's threads execute at the same moment fire together: one transaction, one round of
 * Kafka acknowledgements and one batch of updates for all of them, instead of one each. A thread that finds no batch
 * running takes what is waiting (its own timer and the others') and fires it for everyone; the others wait for their
 * result. Nothing waits for company: a timer alone fires alone, at once.
 *
 * <p>A batch that fails is fired again timer by timer, so that one conversation that cannot fire (it fails for its
 * own reason) fails only its own timer, which db-scheduler then retries with backoff.
 */
@Component
public class FiringBatches {

    /**
     * @param maxBatch        {@code switchboard.timers.max-batch}: timers fired in one transaction at most
     * @param parallelBatches {@code switchboard.timers.parallel-batches}: batches in flight at once (while one
     *                        waits for Kafka, the next is being decided)
     */
    @ConfigurationProperties("switchboard.timers")
    public record Settings(@DefaultValue("256") int maxBatch, @DefaultValue("2") int parallelBatches) {

        public Settings {
            if (maxBatch < 1 || parallelBatches < 1) {
                throw new IllegalArgumentException("switchboard.timers.max-batch and .parallel-batches must be at"
                        + " least 1, but are " + maxBatch + " and " + parallelBatches);
            }
        }
    }

    private record Waiting(String key, CompletableFuture<Firing.Fired> result) {
    }

    private final Firing firing;
    private final Settings settings;
    private final ConcurrentLinkedQueue<Waiting> waiting = new ConcurrentLinkedQueue<>();
    private final Semaphore batches;

    public FiringBatches(Firing firing, Settings settings) {
        this.firing = firing;
        this.settings = settings;
        this.batches = new Semaphore(settings.parallelBatches());
    }

    /** Fires the conversation's timer, with whatever else is firing now; throws if it could not fire. */
    public Firing.Fired fire(String conversationKey) {
        Waiting mine = new Waiting(conversationKey, new CompletableFuture<>());
        waiting.add(mine);
        // Lead while there is something to fire and a batch may start. A thread that finds every permit taken just
        // waits: each holder looks at the queue again after releasing its permit, so nothing is left behind.
        while ((!mine.result().isDone() || !waiting.isEmpty()) && batches.tryAcquire()) {
            try {
                fireWaiting();
            } finally {
                batches.release();
            }
        }
        try {
            return mine.result().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private void fireWaiting() {
        List<Waiting> batch = new ArrayList<>();
        for (Waiting next = waiting.poll(); next != null; next = batch.size() < settings.maxBatch() ? waiting.poll() : null) {
            batch.add(next);
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            complete(batch, firing.fire(batch.stream().map(Waiting::key).toList()));
        } catch (RuntimeException batchFailed) {
            if (batch.size() == 1) {
                batch.get(0).result().completeExceptionally(batchFailed);
                return;
            }
            for (Waiting one : batch) {
                try {
                    complete(List.of(one), firing.fire(List.of(one.key())));
                } catch (RuntimeException e) {
                    one.result().completeExceptionally(e);
                }
            }
        }
    }

    private static void complete(List<Waiting> batch, Map<String, Firing.Fired> fired) {
        batch.forEach(w -> w.result().complete(fired.get(w.key())));
    }
}
