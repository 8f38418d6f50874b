package dev.switchboard.outbound.retention;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.switchboard.outbound.pacing.TierQuota;
import dev.switchboard.schemas.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Keeps send_request and tier_contact from growing without end: deletes finished requests whose result Kafka has
 * once they are older than {@code keep-done}, and tier contacts that have left the tier's 24 hours. Queued requests
 * and unpublished results are never deleted, nor anything while the requests topic keeps records longer than
 * {@code keep-done} (a replay would send those requests again). Each replica runs it every {@code interval};
 * replicas skip the rows another one is deleting.
 */
@Component
public class Retention {

    private static final Logger log = LoggerFactory.getLogger(Retention.class);
    /** Tier contacts are kept an hour past the window, so that no decision near its edge misses one. */
    static final Duration TIER_MARGIN = Duration.ofHours(1);

    /** What one pass did; {@code refusal}: why no finished request was deleted, or null. */
    public record Pass(long requestsDeleted, long tierContactsDeleted, String refusal) {
    }

    private final ExpiredRows rows;
    private final RetentionSettings settings;
    private final Clock clock;
    private final LongSupplier topicRetentionMs;
    private final Counter requestsDeleted;
    private final Counter tierContactsDeleted;

    @Autowired
    public Retention(ExpiredRows rows, RetentionSettings settings, Clock clock, KafkaAdmin kafkaAdmin, MeterRegistry meters) {
        this(rows, settings, clock,
                () -> topicRetentionMs(kafkaAdmin.getConfigurationProperties(), Topics.OUTBOUND_REQUESTS.name()), meters);
    }

    Retention(ExpiredRows rows, RetentionSettings settings, Clock clock, LongSupplier topicRetentionMs, MeterRegistry meters) {
        this.rows = rows;
        this.settings = settings;
        this.clock = clock;
        this.topicRetentionMs = topicRetentionMs;
        this.requestsDeleted = Counter.builder("switchboard.outbound.retention.deleted").tag("table", "send_request")
                .description("finished requests deleted after keep-done").register(meters);
        this.tierContactsDeleted = Counter.builder("switchboard.outbound.retention.deleted").tag("table", "tier_contact")
                .description("tier contacts deleted after the tier's 24 hours").register(meters);
    }

    /** One pass at {@code now}. */
    public Pass cleanUp(Instant now) {
        long contacts = rows.deleteTierContactsBefore(now.minus(TierQuota.WINDOW).minus(TIER_MARGIN));
        tierContactsDeleted.increment(contacts);
        String refusal;
        try {
            refusal = settings.refusal(topicRetentionMs.getAsLong());
        } catch (RuntimeException e) {
            refusal = "could not read the requests topic's retention from Kafka (" + e + ")";
        }
        if (refusal != null) {
            log.error("not deleting finished requests from send_request: {}. Raise switchboard.outbound.retention.keep-done"
                    + " above the topic's retention.ms, or lower that.", refusal);
            return new Pass(0, contacts, refusal);
        }
        Instant before = now.minus(settings.keepDone());
        long requests = 0;
        int deleted;
        do {
            deleted = rows.deleteDone(before, settings.batch());
            requests += deleted;
            requestsDeleted.increment(deleted);
        } while (deleted == settings.batch());
        if (requests > 0 || contacts > 0) {
            log.info("retention: deleted {} finished requests created before {} and {} tier contacts", requests, before, contacts);
        }
        return new Pass(requests, contacts, null);
    }

    /** The topic's retention.ms as the broker has it (-1: forever). */
    static long topicRetentionMs(Map<String, Object> adminConfig, String topicName) {
        try (Admin admin = Admin.create(adminConfig)) {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, topicName);
            Config config = admin.describeConfigs(List.of(topic)).all().get(30, TimeUnit.SECONDS).get(topic);
            return Long.parseLong(config.get(TopicConfig.RETENTION_MS_CONFIG).value());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Every interval, in each replica (Spring's scheduler; the first pass a minute after start). */
    @Scheduled(initialDelayString = "${switchboard.outbound.retention.initial-delay:1m}",
            fixedDelayString = "${switchboard.outbound.retention.interval:10m}")
    void scheduledPass() {
        try {
            cleanUp(clock.instant());
        } catch (RuntimeException e) {
            log.warn("retention pass failed, next in {}: {}", settings.interval(), e.toString());
        }
    }
}
