package dev.switchboard.ticket.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;

class WindowSettingsTest {

    @EnableConfigurationProperties(WindowSettings.class)
    static class Config {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withInitializer(new ConfigDataApplicationContextInitializer())
            .withUserConfiguration(Config.class);

    @Test
    void defaultIsWhatsAppsTwentyFourHours() {
        runner.run(context -> assertThat(context.getBean(WindowSettings.class).duration())
                .isEqualTo(Duration.ofHours(24)));
    }

    @Test
    void theContractsEnvironmentVariableOverridesIt() {
        runner.withPropertyValues("SWITCHBOARD_WINDOW_DURATION=PT30S")
                .run(context -> assertThat(context.getBean(WindowSettings.class).duration())
                        .isEqualTo(Duration.ofSeconds(30)));
    }

    @Test
    void aNegativeWindowStopsTheServiceAtStartWithAClearMessage() {
        runner.withPropertyValues("SWITCHBOARD_WINDOW_DURATION=-PT1H").run(context -> {
            assertThat(context).hasFailed();
            assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()).getMessage())
                    .startsWith("switchboard.window.duration (SWITCHBOARD_WINDOW_DURATION) must be a positive");
        });
    }
}
