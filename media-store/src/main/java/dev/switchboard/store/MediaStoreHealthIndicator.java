package dev.switchboard.store;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/** {@code mediaStore} in /actuator/health: the bucket answers. Services put it in their readiness group. */
final class MediaStoreHealthIndicator extends AbstractHealthIndicator {

    private final MediaStore store;
    private final String bucket;

    MediaStoreHealthIndicator(MediaStore store, String bucket) {
        super("the media store does not answer");
        this.store = store;
        this.bucket = bucket;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        store.check();
        builder.up().withDetail("bucket", bucket);
    }
}
