package dev.switchboard.reminder.timer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;

/** The firing settings as the service binds them from application.yml and the environment, checked at start. */
class TimerLoopSettingsTest {

    @EnableConfigurationProperties(TimerLoop.Settings.class)
    static class Config {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withInitializer(new ConfigDataApplicationContextInitializer())
            .withUserConfiguration(Config.class);

    @Test
    void defaultsAndTheirEnvironmentVariables() {
        // (parallel-batches is 2 in the tests' application.properties, 3 in application.yml)
        runner.run(context -> assertThat(context.getBean(TimerLoop.Settings.class))
                .isEqualTo(new TimerLoop.Settings(1000, 2, Duration.ofSeconds(1))));
        runner.withPropertyValues("SWITCHBOARD_TIMER_MAX_BATCH=200", "SWITCHBOARD_TIMER_POLLING_INTERVAL=250ms")
                .run(context -> assertThat(context.getBean(TimerLoop.Settings.class))
                        .isEqualTo(new TimerLoop.Settings(200, 2, Duration.ofMillis(250))));
    }

    @Test
    void anImpossibleBatchStopsTheServiceNamingTheSetting() {
        runner.withPropertyValues("SWITCHBOARD_TIMER_MAX_BATCH=0").run(context -> {
            assertThat(context).hasFailed();
            assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()).getMessage())
                    .isEqualTo("switchboard.timers.max-batch (SWITCHBOARD_TIMER_MAX_BATCH) must be between 1 and"
                            + " 10000, but is 0");
        });
    }
}
