package dev.switchboard.outbound.media;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code mediaStore} in /actuator/health when no store is configured: UP, saying so. The readiness group always
 * includes {@code mediaStore}; with a bucket set, the media store's own indicator (is the bucket there?) takes the
 * name. Without a store this service sends everything but stored files (those fail as INVALID_REQUEST).
 */
@Component("mediaStoreHealthIndicator")
@ConditionalOnProperty(prefix = "switchboard.media.store", name = "bucket", havingValue = "false", matchIfMissing = true)
class NoMediaStoreHealth implements HealthIndicator {

    @Override
    public Health health() {
        return Health.up().withDetail("configured", false)
                .withDetail("stored files", "not sent: set switchboard.media.store.bucket (SWITCHBOARD_MEDIA_BUCKET)")
                .build();
    }
}
