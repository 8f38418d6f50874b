package dev.switchboard.store;

import java.net.URI;
import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code switchboard.media.store.*}: where attachments are kept. Any S3-compatible store works (AWS S3, MinIO, Ceph,
 * GCS interoperability); without an access key the AWS SDK's default credential chain applies (IRSA, instance
 * profiles, {@code AWS_*} variables).
 *
 * @param bucket the bucket (required)
 * @param endpoint the store's URL; empty for AWS S3 itself
 * @param region the signing region
 * @param pathStyle address buckets as {@code endpoint/bucket} (MinIO, Ceph, S3Mock) rather than as a host name
 * @param prefix put before every key, e.g. {@code "prod/"}
 * @param createBucket create the bucket at start when it is missing (local stacks and tests)
 * @param spoolDir where a file waits while its digest is computed, before it goes to the store
 * @param maxConnections HTTP connections to the store
 */
@ConfigurationProperties("switchboard.media.store")
public record MediaStoreProperties(
        String bucket,
        URI endpoint,
        String region,
        Boolean pathStyle,
        String accessKey,
        String secretKey,
        String prefix,
        Boolean createBucket,
        Path spoolDir,
        Integer maxConnections) {

    public MediaStoreProperties {
        // ${SWITCHBOARD_MEDIA_STORE_ENDPOINT:} in a service's application.yml binds "" when AWS S3 itself is meant
        endpoint = endpoint == null || endpoint.toString().isBlank() ? null : endpoint;
        region = region == null || region.isBlank() ? "us-east-1" : region;
        pathStyle = pathStyle != null && pathStyle;
        prefix = prefix == null ? "" : prefix;
        createBucket = createBucket != null && createBucket;
        spoolDir = spoolDir == null ? Path.of(System.getProperty("java.io.tmpdir")) : spoolDir;
        maxConnections = maxConnections == null ? 64 : maxConnections;
    }

    /** Every problem of the settings, each naming its property; empty when they are usable. */
    public java.util.List<String> problems() {
        java.util.List<String> problems = new java.util.ArrayList<>();
        if (bucket == null || bucket.isBlank()) {
            problems.add("switchboard.media.store.bucket is required (the bucket attachments are kept in)");
        }
        if ((accessKey == null || accessKey.isBlank()) != (secretKey == null || secretKey.isBlank())) {
            problems.add("switchboard.media.store.access-key and secret-key go together: set both or neither");
        }
        if (endpoint != null && (endpoint.getScheme() == null || endpoint.getHost() == null)) {
            problems.add("switchboard.media.store.endpoint must be an absolute URL, e.g. http://minio:9000, not "
                    + endpoint);
        }
        if (maxConnections < 1) {
            problems.add("switchboard.media.store.max-connections must be at least 1");
        }
        return problems;
    }
}
