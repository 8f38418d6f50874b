package dev.switchboard.reminder.timer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import dev.switchboard.kit.loop.BackgroundLoop;

/**
 * The threads that fire timers: each claims and fires a batch ({@link Firing#fireDue}), at once again while batches
 * come back full (a burst of due timers is drained without waiting), otherwise when the soonest timer is due, or
 * after the polling interval if that is sooner (a timer scheduled meanwhile, or by another replica). Replicas and
 * threads share the work through the row locks of the claims; none waits for another.
 *
 * <p>The threads ({@code timer-firing-<n>}) run as a {@link BackgroundLoop}: they start after the listeners and
 * stop before them; on stop, each thread finishes its batch (at most the publish timeout). Readiness is DOWN while
 * it is not running ({@code timerLoop}).
 */
@Component
public class TimerLoop extends BackgroundLoop implements HealthIndicator {

    /**
     * After a batch failed as a whole (the database), the thread waits this long, doubling up to a minute: nothing
     * was recorded and the claims are released, the batch is due again as it was.
     */
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

    public TimerLoop(Firing firing, Settings settings, Clock clock) {
        super(Options.named("timer-firing").threads(settings.parallelBatches())
                .stopTimeout(Firing.PUBLISH_TIMEOUT.plusSeconds(5))
                .backOff(FIRST_PAUSE_AFTER_FAILURE, MAX_PAUSE_AFTER_FAILURE));
        this.firing = firing;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public Health health() {
        long alive = aliveThreads();
        return (isRunning() && alive == settings.parallelBatches() ? Health.up() : Health.down())
                .withDetail("threads", alive).build();
    }

    /** Until the soonest timer is due, between {@link #MIN_PAUSE} and the polling interval. */
    private Duration untilNextDue() {
        Instant next = firing.nextDueAt();
        Duration until = next == null ? settings.pollingInterval() : Duration.between(clock.instant(), next);
        return until.compareTo(MIN_PAUSE) < 0 ? MIN_PAUSE
                : until.compareTo(settings.pollingInterval()) > 0 ? settings.pollingInterval() : until;
    }

    /** Fires a batch; at once again while batches come back full. */
    @Override
    protected Duration runOnce() {
        Firing.Batch batch = firing.fireDue(settings.maxBatch());
        return batch.claimed() < settings.maxBatch() ? untilNextDue() : Duration.ZERO;
    }
}
