package dev.switchboard.ingress.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.util.unit.DataSize;

class IngressSettingsTest {

    @EnableConfigurationProperties(IngressSettings.class)
    static class Config {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withInitializer(new ConfigDataApplicationContextInitializer())
            .withUserConfiguration(Config.class);

    @Test
    void defaultsAreFiveSecondsAndMetasFiveMebibytes() {
        runner.run(context -> {
            IngressSettings settings = context.getBean(IngressSettings.class);
            assertThat(settings.publishTimeout()).isEqualTo(Duration.ofSeconds(5));
            assertThat(settings.maxBodySize()).isEqualTo(DataSize.ofMegabytes(5));
        });
    }

    @Test
    void theDocumentedEnvironmentVariablesOverrideThem() {
        runner.withPropertyValues("SWITCHBOARD_INGRESS_PUBLISH_TIMEOUT=1500ms", "SWITCHBOARD_INGRESS_MAX_BODY_SIZE=1MB")
                .run(context -> {
                    IngressSettings settings = context.getBean(IngressSettings.class);
                    assertThat(settings.publishTimeout()).isEqualTo(Duration.ofMillis(1500));
                    assertThat(settings.maxBodySize()).isEqualTo(DataSize.ofMegabytes(1));
                });
    }

    @Test
    void aBodyLimitTheRawTopicCannotHoldStopsTheServiceAtStart() {
        runner.withPropertyValues("switchboard.ingress.max-body-size=10MB").run(context -> {
            assertThat(context).hasFailed();
            assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()).getMessage())
                    .startsWith("switchboard.ingress.max-body-size must be between 1KB and 7MB");
        });
    }

    @Test
    void aZeroTimeoutStopsTheServiceAtStart() {
        runner.withPropertyValues("switchboard.ingress.publish-timeout=0s").run(context -> {
            assertThat(context).hasFailed();
            assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()).getMessage())
                    .startsWith("switchboard.ingress.publish-timeout must be between");
        });
    }
}
