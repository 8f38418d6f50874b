package dev.switchboard.store;

import java.util.List;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * A {@link MediaStore} for every service that sets {@code switchboard.media.store.bucket}. The settings are checked
 * at start (each problem named by its property) and the bucket must exist, unless the service may create it.
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = "switchboard.media.store", name = "bucket")
@EnableConfigurationProperties(MediaStoreProperties.class)
public class MediaStoreAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    S3Client mediaS3Client(MediaStoreProperties properties) {
        List<String> problems = properties.problems();
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the media store is misconfigured:\n  " + String.join("\n  ", problems));
        }
        var builder = S3Client.builder()
                .region(Region.of(properties.region()))
                .credentialsProvider(credentials(properties))
                .forcePathStyle(properties.pathStyle())
                // S3-compatible stores (Ceph, older MinIO) refuse the SDK's newer default checksum headers
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(properties.maxConnections()));
        if (properties.endpoint() != null) {
            builder.endpointOverride(properties.endpoint());
        }
        return builder.build();
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    S3Presigner mediaS3Presigner(MediaStoreProperties properties) {
        var builder = S3Presigner.builder()
                .region(Region.of(properties.region()))
                .credentialsProvider(credentials(properties))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(properties.pathStyle()).build());
        if (properties.endpoint() != null) {
            builder.endpointOverride(properties.endpoint());
        }
        return builder.build();
    }

    @Bean
    @ConditionalOnMissingBean(MediaStore.class)
    S3MediaStore mediaStore(S3Client s3, S3Presigner presigner, MediaStoreProperties properties) {
        S3MediaStore store = new S3MediaStore(s3, presigner, properties.bucket(), properties.prefix(),
                properties.spoolDir());
        store.ensureBucket(properties.createBucket());
        return store;
    }

    @Bean
    @ConditionalOnEnabledHealthIndicator("mediaStore")
    MediaStoreHealthIndicator mediaStoreHealthIndicator(MediaStore store, MediaStoreProperties properties) {
        return new MediaStoreHealthIndicator(store, properties.bucket());
    }

    private static AwsCredentialsProvider credentials(MediaStoreProperties properties) {
        if (properties.accessKey() != null && !properties.accessKey().isBlank()) {
            return StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(properties.accessKey(), properties.secretKey()));
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
