package dev.switchboard.media;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ApplicationContext;

import dev.switchboard.media.testing.MediaServiceTest;
import dev.switchboard.testing.ServiceProbesContract;

/**
 * media-service starts on real infrastructure (broker, PostgreSQL, S3Mock) and answers its operators' probes; its
 * readiness includes the database, the store and the fetch threads.
 */
@MediaServiceTest
class MediaServiceProbesTest extends ServiceProbesContract {

    @Autowired
    private HealthEndpointGroups groups;

    @Autowired
    private ApplicationContext context;

    @Test
    void readinessIncludesTheDatabaseTheStoreAndTheFetchThreads() {
        var readiness = groups.get("readiness");
        assertThat(readiness.isMember("db")).isTrue();
        assertThat(readiness.isMember("mediaStore")).isTrue();
        assertThat(readiness.isMember("fetchLoop")).isTrue();
        assertThat(context.getBean("mediaStoreHealthIndicator", HealthIndicator.class).health().getStatus().getCode())
                .isEqualTo("UP");
        assertThat(context.getBean("fetchLoop", HealthIndicator.class).health().getStatus().getCode())
                .isEqualTo("UP");
    }

    @Test
    void theMediaMetricsAreExposed() throws Exception {
        assertThat(get("/actuator/prometheus").body())
                .contains("switchboard_media_queue_depth")
                .contains("switchboard_media_events_unpublished")
                .contains("switchboard_media_fetches_in_flight")
                .contains("switchboard_media_downloaded_bytes_total");
    }
}
