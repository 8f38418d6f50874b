package dev.switchboard.media.job;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import dev.switchboard.events.MediaEvent;
import dev.switchboard.events.MediaFailure;
import dev.switchboard.kit.loop.BackgroundLoop;
import dev.switchboard.media.clients.FetchSettings;
import dev.switchboard.media.fetching.FetchOutcome;
import dev.switchboard.media.fetching.MediaFetcher;
import dev.switchboard.media.outcome.MediaEvents;
import dev.switchboard.media.outcome.RetryPolicy;

/**
 * The fetch threads ({@code media-fetch-<n>}, {@code switchboard.media.fetch.concurrency} of them: that many files
 * at once per replica). Each claims the soonest due job, fetches it outside any transaction, and records the outcome:
 * stored or failed with its MediaEvent (for {@link EventRelay}), or due again after a backoff. A thread that claimed
 * a job wakes another, so a burst is taken up by every thread; idle threads wait until the next job is due (at most
 * the polling interval) or a new message wakes them.
 *
 * <p>On stop each thread finishes its fetch (at most {@code switchboard.media.fetch.stop-timeout}); the jobs still being fetched then are
 * made due again at once, for the next replica to claim (a late outcome of this one records nothing: the claim is
 * gone). Readiness is DOWN while the threads are not running ({@code fetchLoop}).
 */
@Component
public class FetchLoop extends BackgroundLoop implements HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(FetchLoop.class);
    private static final Duration MIN_PAUSE = Duration.ofMillis(50);

    private final FetchJobs jobs;
    private final MediaFetcher fetcher;
    private final RetryPolicy retries;
    private final FetchSettings settings;
    private final FetchMetrics metrics;
    private final EventRelay relay;
    private final Clock clock;
    private final Set<UUID> inFlight = ConcurrentHashMap.newKeySet();

    public FetchLoop(FetchJobs jobs, MediaFetcher fetcher, FetchSettings settings, FetchMetrics metrics,
                     EventRelay relay, Clock clock) {
        // Stops after the listeners (no new jobs) and before the relay (which publishes the last outcomes).
        super(Options.named("media-fetch").threads(settings.concurrency()).phase(Integer.MAX_VALUE - 4096)
                .stopTimeout(settings.stopTimeout()).backOff(Duration.ofSeconds(1), Duration.ofSeconds(30)));
        this.jobs = jobs;
        this.fetcher = fetcher;
        this.retries = settings.retryPolicy();
        this.settings = settings;
        this.metrics = metrics;
        this.relay = relay;
        this.clock = clock;
        metrics.inFlight(inFlight::size);
    }

    @Override
    protected Duration runOnce() {
        Optional<FetchJobs.Claimed> claimed = jobs.claimNext(clock.instant(), settings.lease());
        if (claimed.isEmpty()) {
            return untilNextDue();
        }
        wakeUp();
        fetch(claimed.get());
        return Duration.ZERO;
    }

    @Override
    public void stop() {
        super.stop();
        Set<UUID> unfinished = Set.copyOf(inFlight);
        if (!unfinished.isEmpty()) {
            int released = jobs.release(unfinished, clock.instant());
            log.warn("stopped with {} fetches unfinished; {} jobs are due again for the next replica",
                    unfinished.size(), released);
        }
    }

    @Override
    public Health health() {
        long alive = aliveThreads();
        return (isRunning() && alive == settings.concurrency() ? Health.up() : Health.down())
                .withDetail("threads", alive).withDetail("inFlight", inFlight.size()).build();
    }

    void fetch(FetchJobs.Claimed job) {
        inFlight.add(job.claimId());
        long started = System.nanoTime();
        try {
            FetchOutcome outcome;
            try {
                outcome = fetcher.fetch(job.message());
            } catch (RuntimeException e) {
                log.warn("fetching media of message {} failed unexpectedly", job.messageId(), e);
                outcome = new FetchOutcome.Transient("fetch failed: " + e, null, null);
            }
            record(job, outcome, Duration.ofNanos(System.nanoTime() - started));
        } finally {
            inFlight.remove(job.claimId());
        }
    }

    private void record(FetchJobs.Claimed job, FetchOutcome outcome, Duration took) {
        Instant now = clock.instant();
        String type = job.message().getType().name().toLowerCase(Locale.ROOT);
        if (outcome instanceof FetchOutcome.Stored stored) {
            MediaEvent event = MediaEvents.stored(job.message(), job.mediaIndex(), stored.object(), stored.mimeType(),
                    job.attempts(), now);
            if (finish(job, event, null)) {
                metrics.stored(type, stored.downloaded(), stored.object().size(), took);
                log.info("media stored: message={} channel={} type={} key={} size={} downloaded={} attempts={} tookMs={}",
                        job.messageId(), job.message().getChannelId(), type, stored.object().key(),
                        stored.object().size(), stored.downloaded(), job.attempts(), took.toMillis());
            }
        } else if (outcome instanceof FetchOutcome.Failed failed) {
            fail(job, failed.failure(), failed.detail(), failed, took, type);
        } else if (outcome instanceof FetchOutcome.Transient trouble) {
            RetryPolicy.Next next = retries.after(job.attempts(), job.createdAt(), now, trouble.retryAfter());
            if (next instanceof RetryPolicy.Next.RetryAt retry) {
                if (jobs.retryAt(job, retry.at(), trouble.detail())) {
                    metrics.retried(took);
                    log.info("media fetch will be retried: message={} channel={} attempt={} at={} error={}",
                            job.messageId(), job.message().getChannelId(), job.attempts(), retry.at(), trouble.detail());
                }
            } else if (next instanceof RetryPolicy.Next.GiveUp giveUp) {
                fail(job, MediaFailure.RETRIES_EXHAUSTED, giveUp.why() + "; last: " + trouble.detail(),
                        new FetchOutcome.Failed(MediaFailure.RETRIES_EXHAUSTED, trouble.detail(), trouble.error()),
                        took, type);
            }
        }
    }

    private void fail(FetchJobs.Claimed job, MediaFailure failure, String detail, FetchOutcome.Failed failed,
                      Duration took, String type) {
        MediaEvent event = MediaEvents.failed(job.message(), job.mediaIndex(), failure, detail, failed.error(),
                job.attempts(), clock.instant());
        if (finish(job, event, detail)) {
            metrics.failed(failure, took);
            log.warn("media failed: message={} channel={} type={} reason={} attempts={} detail={}", job.messageId(),
                    job.message().getChannelId(), type, failure, job.attempts(), detail);
        }
    }

    private boolean finish(FetchJobs.Claimed job, MediaEvent event, String detail) {
        if (jobs.finish(job, event, detail, clock.instant())) {
            relay.wakeUp();
            return true;
        }
        log.warn("media of message {}: the outcome was not recorded, the job's claim was released (a stop) or ran"
                + " out (its lease), and the job is another fetch's now", job.messageId());
        return false;
    }

    /** Until the soonest job is due, between {@link #MIN_PAUSE} and the polling interval. */
    private Duration untilNextDue() {
        Instant next = jobs.nextDueAt();
        Duration until = next == null ? settings.pollingInterval() : Duration.between(clock.instant(), next);
        return until.compareTo(MIN_PAUSE) < 0 ? MIN_PAUSE
                : until.compareTo(settings.pollingInterval()) > 0 ? settings.pollingInterval() : until;
    }
}
