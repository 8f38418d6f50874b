package dev.switchboard.media.job;

import java.time.Clock;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;

import dev.switchboard.kit.loop.BackgroundLoop;

/**
 * Deletes finished jobs whose event is on Kafka once they are older than {@code keep-done} (7 days by default),
 * every {@code interval}, in batches. Pending jobs and unpublished outcomes are never deleted. A message replayed
 * after its row is gone is fetched again: without a download when the announced digest is stored, and its event
 * carries the same id as before.
 */
@Component
public class Retention extends BackgroundLoop {

    private static final Logger log = LoggerFactory.getLogger(Retention.class);
    static final int BATCH = 10_000;

    /**
     * @param keepDone {@code switchboard.media.retention.keep-done}: how long a finished job's row is kept
     * @param interval {@code switchboard.media.retention.interval}: how often each replica deletes
     */
    @ConfigurationProperties("switchboard.media.retention")
    public record Settings(@DefaultValue("7d") Duration keepDone, @DefaultValue("1h") Duration interval) {
        public Settings {
            if (keepDone == null || keepDone.isNegative() || keepDone.isZero()) {
                throw new IllegalArgumentException("switchboard.media.retention.keep-done must be a positive duration"
                        + " (e.g. 7d), not " + keepDone);
            }
            if (interval == null || interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("switchboard.media.retention.interval must be a positive duration"
                        + " (e.g. 1h), not " + interval);
            }
        }
    }

    private final FetchJobs jobs;
    private final Settings settings;
    private final FetchMetrics metrics;
    private final Clock clock;

    public Retention(FetchJobs jobs, Settings settings, FetchMetrics metrics, Clock clock) {
        super(Options.named("media-retention").backOff(Duration.ofMinutes(1), Duration.ofMinutes(10)));
        this.jobs = jobs;
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Deletes what is due for deletion now; how many rows. */
    public int deleteExpired() {
        int total = 0;
        int deleted;
        do {
            deleted = jobs.deleteFinishedBefore(clock.instant().minus(settings.keepDone()), BATCH);
            total += deleted;
            metrics.retentionDeleted(deleted);
        } while (deleted == BATCH);
        if (total > 0) {
            log.info("retention deleted {} finished fetch jobs older than {}", total, settings.keepDone());
        }
        return total;
    }

    @Override
    protected Duration runOnce() {
        deleteExpired();
        return settings.interval();
    }
}
