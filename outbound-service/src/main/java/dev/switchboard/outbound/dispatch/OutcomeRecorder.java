package dev.switchboard.outbound.dispatch;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes what a provider's answer decided (the request done with its result, or queued for a later attempt) until
 * the database takes it. A failed write is tried again, never the send: until it is written, the request's recipient
 * stays busy and its send counts as in flight, so the dispatcher does not pick the request again meanwhile.
 */
final class OutcomeRecorder {

    private static final Logger log = LoggerFactory.getLogger(OutcomeRecorder.class);
    private static final Duration FIRST_RETRY = Duration.ofMillis(100);
    private static final Duration MAX_RETRY = Duration.ofSeconds(5);
    /** Rarely used (a write failed), so one thread for every channel; the JDBC of a retried write runs on it. */
    private static final ScheduledExecutorService RETRIES = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "outcome-retry");
        thread.setDaemon(true);
        return thread;
    });

    private OutcomeRecorder() {
    }

    /**
     * Runs {@code write} until its stage completes normally, then {@code settled}; gives up (and runs {@code settled})
     * once {@code keepTrying} says no: the dispatcher stopped and its grace passed, so the request is left queued
     * for the channel's next dispatcher.
     */
    static void record(String requestId, Supplier<? extends CompletionStage<?>> write, BooleanSupplier keepTrying,
                       Runnable settled) {
        attempt(requestId, write, keepTrying, settled, 1);
    }

    private static void attempt(String requestId, Supplier<? extends CompletionStage<?>> write, BooleanSupplier keepTrying,
                                Runnable settled, int attempt) {
        CompletionStage<?> written;
        try {
            written = write.get();
        } catch (RuntimeException e) {
            written = CompletableFuture.failedFuture(e);
        }
        written.whenComplete((ignored, error) -> {
            if (error == null) {
                settled.run();
            } else if (!keepTrying.getAsBoolean()) {
                log.error("gave up recording the outcome of request {} after {} tries, the dispatcher has stopped: it is"
                        + " still queued and will be sent again ({})", requestId, attempt, error.toString());
                settled.run();
            } else {
                long wait = Math.min(MAX_RETRY.toMillis(), FIRST_RETRY.toMillis() << Math.min(attempt - 1, 16));
                log.warn("could not record the outcome of request {} (try {}), trying again in {} ms: {}", requestId,
                        attempt, wait, error.toString());
                RETRIES.schedule(() -> attempt(requestId, write, keepTrying, settled, attempt + 1), wait,
                        TimeUnit.MILLISECONDS);
            }
        });
    }
}
