package dev.switchboard.reminder.timer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The threads that fire timers: each claims and fires a batch ({@link Firing#fireDue}), at once again while batches
 * come back full (a burst of due timers is drained without waiting), otherwise when the soonest timer is due, or
 * after the polling interval if that is sooner (a timer scheduled meanwhile, or by another replica). Replicas and
 * threads share the work through the row locks of the claims; none waits for another.
 *
 * <p>Starts after the listeners and stops before them; on stop, each thread finishes its batch (at most the publish
 * timeout). Readiness is DOWN while it is not running ({@code timerLoop}).
 */
@Component
public class TimerLoop implements SmartLifecycle, HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(TimerLoop.class);

    /** After a batch failed as a whole (the database), the thread waits this long, doubling up to a minute. */
    static final Duration FIRST_PAUSE_AFTER_FAILURE = Duration.ofSeconds(1);
    static final Duration MAX_PAUSE_AFTER_FAILURE = Duration.ofMinutes(1);
    /** The shortest pause after a batch that was not full: due timers held by others are not polled in a spin. */
    static final Duration MIN_PAUSE = Duration.ofMillis(50);

    /**
     * @param maxBatch        {@code switchboard.timers.max-batch}: timers claimed and fired in one transaction at most
     * @param parallelBatches {@code switchboard.timers.parallel-batches}: firing threads (batches in flight at once:
     *                        while one waits for Kafka, another is being decided)
     * @param pollingInterval {@code switchboard.timers.polling-interval}: the longest an idle thread sleeps before
     *                        it looks for due timers again (it wakes sooner when the soonest timer is due sooner)
     */
    @ConfigurationProperties("switchboard.timers")
    public record Settings(@DefaultValue("1000") int maxBatch, @DefaultValue("3") int parallelBatches,
                           @DefaultValue("1s") Duration pollingInterval) {

        public Settings {
            if (maxBatch < 1 || maxBatch > 10_000) {
                throw new IllegalArgumentException("switchboard.timers.max-batch (SWITCHBOARD_TIMER_MAX_BATCH) must be"
                        + " between 1 and 10000, but is " + maxBatch);
            }
            if (parallelBatches < 1 || parallelBatches > 64) {
                throw new IllegalArgumentException("switchboard.timers.parallel-batches"
                        + " (SWITCHBOARD_TIMER_PARALLEL_BATCHES) must be between 1 and 64, but is " + parallelBatches);
            }
            if (pollingInterval == null || pollingInterval.toMillis() < 1) {
                throw new IllegalArgumentException("switchboard.timers.polling-interval"
                        + " (SWITCHBOARD_TIMER_POLLING_INTERVAL) must be at least 1ms, but is " + pollingInterval);
            }
        }
    }

    private final Firing firing;
    private final Settings settings;
    private final Clock clock;
    private final Object sleep = new Object();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private volatile boolean running;

    public TimerLoop(Firing firing, Settings settings, Clock clock) {
        this.firing = firing;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        for (int i = 0; i < settings.parallelBatches(); i++) {
            Thread thread = new Thread(this::fireWhileRunning, "timer-firing-" + i);
            threads.add(thread);
            thread.start();
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        synchronized (sleep) {
            sleep.notifyAll();
        }
        long deadline = System.nanoTime() + Firing.PUBLISH_TIMEOUT.plusSeconds(5).toNanos();
        for (Thread thread : threads) {
            try {
                thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        threads.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public Health health() {
        long alive = threads.stream().filter(Thread::isAlive).count();
        return (running && alive == settings.parallelBatches() ? Health.up() : Health.down())
                .withDetail("threads", alive).build();
    }

    /** Until the soonest timer is due, between {@link #MIN_PAUSE} and the polling interval. */
    private Duration untilNextDue() {
        Instant next = firing.nextDueAt();
        Duration until = next == null ? settings.pollingInterval() : Duration.between(clock.instant(), next);
        return until.compareTo(MIN_PAUSE) < 0 ? MIN_PAUSE
                : until.compareTo(settings.pollingInterval()) > 0 ? settings.pollingInterval() : until;
    }

    private void fireWhileRunning() {
        int failures = 0;
        while (running) {
            Duration pause;
            try {
                Firing.Batch batch = firing.fireDue(settings.maxBatch());
                failures = 0;
                pause = batch.claimed() < settings.maxBatch() ? untilNextDue() : Duration.ZERO;
            } catch (RuntimeException e) {
                // Nothing was recorded and the claims are released: the batch is due again as it was.
                pause = FIRST_PAUSE_AFTER_FAILURE.multipliedBy(1L << Math.min(failures++, 6));
                pause = pause.compareTo(MAX_PAUSE_AFTER_FAILURE) > 0 ? MAX_PAUSE_AFTER_FAILURE : pause;
                log.warn("firing a batch of timers failed, retrying in {}: {}", pause, e.toString());
            }
            if (!pause.isZero()) {
                synchronized (sleep) {
                    try {
                        if (running) {
                            sleep.wait(pause.toMillis());
                        }
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }
    }
}
