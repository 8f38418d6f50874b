package dev.switchboard.media.job;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

import org.springframework.stereotype.Component;

import dev.switchboard.events.MediaFailure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * media-service's metrics (tagged {@code application=media-service}):
 * {@code switchboard_media_fetched_total{type,source}} (source: downloaded, already_stored),
 * {@code switchboard_media_failed_total{reason}}, {@code switchboard_media_downloaded_bytes_total},
 * {@code switchboard_media_retries_total}, {@code switchboard_media_fetch_duration_seconds{outcome}} (histogram),
 * {@code switchboard_media_queue_depth} (jobs pending: due or backing off), {@code switchboard_media_events_unpublished},
 * {@code switchboard_media_fetches_in_flight}, {@code switchboard_media_retention_deleted_total}.
 */
@Component
public class FetchMetrics {

    /** The depth gauges query the table at most this often (two gauges, one query). */
    private static final long DEPTH_TTL_NANOS = Duration.ofSeconds(2).toNanos();

    private final MeterRegistry registry;
    private final FetchJobs jobs;
    private final Counter downloadedBytes;
    private final Counter retries;
    private final Counter retentionDeleted;
    private volatile FetchJobs.Depth depth = new FetchJobs.Depth(0, 0);
    private final AtomicLong depthReadAt = new AtomicLong(System.nanoTime() - DEPTH_TTL_NANOS);

    public FetchMetrics(MeterRegistry registry, FetchJobs jobs) {
        this.registry = registry;
        this.jobs = jobs;
        downloadedBytes = Counter.builder("switchboard.media.downloaded.bytes")
                .description("bytes downloaded from the providers into the store").register(registry);
        retries = Counter.builder("switchboard.media.retries")
                .description("attempts that failed transiently and were scheduled again").register(registry);
        retentionDeleted = Counter.builder("switchboard.media.retention.deleted")
                .description("finished job rows deleted by retention").register(registry);
        Gauge.builder("switchboard.media.queue.depth", this, m -> m.depth().pending())
                .description("files waiting to be fetched (due, or backing off after a failure)").register(registry);
        Gauge.builder("switchboard.media.events.unpublished", this, m -> m.depth().unpublished())
                .description("outcomes whose MediaEvent is not on Kafka yet").register(registry);
    }

    /** The in-flight gauge, given by the fetch loop. */
    void inFlight(IntSupplier fetches) {
        Gauge.builder("switchboard.media.fetches.in.flight", fetches, IntSupplier::getAsInt)
                .description("files being fetched right now by this replica").register(registry);
    }

    void stored(String type, boolean downloaded, long bytes, Duration took) {
        registry.counter("switchboard.media.fetched", "type", type, "source",
                downloaded ? "downloaded" : "already_stored").increment();
        if (downloaded) {
            downloadedBytes.increment(bytes);
        }
        duration("stored", took);
    }

    void failed(MediaFailure reason, Duration took) {
        registry.counter("switchboard.media.failed", "reason", reason.name().toLowerCase(Locale.ROOT)).increment();
        duration("failed", took);
    }

    void retried(Duration took) {
        retries.increment();
        duration("retry", took);
    }

    void retentionDeleted(int rows) {
        retentionDeleted.increment(rows);
    }

    private void duration(String outcome, Duration took) {
        Timer.builder("switchboard.media.fetch.duration").tag("outcome", outcome).publishPercentileHistogram()
                .description("one attempt to fetch a file, from the claim to the outcome").register(registry)
                .record(took);
    }

    private FetchJobs.Depth depth() {
        long readAt = depthReadAt.get();
        if (System.nanoTime() - readAt >= DEPTH_TTL_NANOS && depthReadAt.compareAndSet(readAt, System.nanoTime())) {
            try {
                depth = jobs.depth();
            } catch (RuntimeException e) {
                // the database is down: readiness says so; the gauges keep their last values
            }
        }
        return depth;
    }
}
