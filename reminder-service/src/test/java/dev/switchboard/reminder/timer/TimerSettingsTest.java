package dev.switchboard.reminder.timer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;

/** The timer settings as the service binds them from application.yml and the environment of docs/public-surface.md. */
class TimerSettingsTest {

    @EnableConfigurationProperties(TimerSettings.class)
    static class Config {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withInitializer(new ConfigDataApplicationContextInitializer())
            .withUserConfiguration(Config.class);

    @Test
    void defaultsAreWhatsAppsWindowAndZammadsReminder() {
        runner.run(context -> {
            TimerSettings settings = context.getBean(TimerSettings.class);
            assertThat(settings.windowDuration()).isEqualTo(Duration.ofHours(24));
            assertThat(settings.reminderDelay()).isEqualTo(Duration.ofHours(23));
            assertThat(settings.lateCloseHorizon()).isEqualTo(Duration.ofDays(1));
        });
    }

    @Test
    void theContractsEnvironmentVariablesOverrideThem() {
        runner.withPropertyValues("SWITCHBOARD_WINDOW_DURATION=PT20S", "SWITCHBOARD_REMINDER_DELAY=PT15S",
                        "SWITCHBOARD_LATE_CLOSE_HORIZON=PT1H")
                .run(context -> {
                    TimerSettings settings = context.getBean(TimerSettings.class);
                    assertThat(settings.windowDuration()).isEqualTo(Duration.ofSeconds(20));
                    assertThat(settings.reminderDelay()).isEqualTo(Duration.ofSeconds(15));
                    assertThat(settings.lateCloseHorizon()).isEqualTo(Duration.ofHours(1));
                });
    }

    @Test
    void aReminderAfterTheWindowStopsTheServiceAtStartWithAClearMessage() {
        runner.withPropertyValues("SWITCHBOARD_REMINDER_DELAY=PT25H").run(context -> {
            assertThat(context).hasFailed();
            assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()).getMessage())
                    .isEqualTo("the reminder delay (PT25H) must be shorter than the window (PT24H): a reminder"
                            + " after the window closes could only be a template");
        });
    }

    @Test
    void aNonPositiveDurationIsRefusedByName() {
        runner.withPropertyValues("SWITCHBOARD_WINDOW_DURATION=PT0S").run(context -> {
            assertThat(context).hasFailed();
            assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()).getMessage())
                    .startsWith("switchboard.window.duration (SWITCHBOARD_WINDOW_DURATION) must be a positive");
        });
    }
}
