package dev.switchboard.reminder.channel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;

/** The channels' reminder settings, bound from the file every service reads, and checked at start. */
class ReminderChannelsTest {

    @EnableConfigurationProperties(ReminderChannels.class)
    static class Config {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Config.class);

    @Test
    void remindersAreOffUnlessAChannelTurnsThemOnWithAText() {
        runner.withPropertyValues(
                "switchboard.channels.shop.provider=meta",
                "switchboard.channels.shop.meta.app-secret=ignored-here",
                "switchboard.channels.shop.reminders=true",
                "switchboard.channels.shop.reminder-message=Still there?",
                "switchboard.channels.club.provider=twilio",
                "switchboard.channels.muted.reminders=false",
                "switchboard.channels.muted.reminder-message=Never sent").run(context -> {
                    ReminderChannels channels = context.getBean(ReminderChannels.class);
                    assertThat(channels.reminderMessage("shop")).isEqualTo("Still there?");
                    assertThat(channels.reminderMessage("club")).isNull();
                    assertThat(channels.reminderMessage("muted")).isNull();
                    assertThat(channels.reminderMessage("unknown")).isNull();
                });
    }

    /** docs/public-surface.md: the local stack's demo channel has reminders on. */
    @Test
    void theLocalStacksChannelsFileBindsWithRemindersOnForTheDemoChannel() {
        runner.withInitializer(new ConfigDataApplicationContextInitializer())
                .withPropertyValues("spring.config.additional-location=file:../deploy/local/channels.yml")
                .run(context -> {
                    ReminderChannels channels = context.getBean(ReminderChannels.class);
                    assertThat(channels.reminderMessage("demo")).startsWith("Are you still there?");
                    assertThat(channels.reminderMessage("demo-twilio")).isNull();
                });
    }

    @Test
    void remindersWithoutATextOrWithATextTooLongStopTheServiceNamingEachSetting() {
        runner.withPropertyValues(
                "switchboard.channels.shop.reminders=true",
                "switchboard.channels.club.reminders=true",
                "switchboard.channels.club.reminder-message= ",
                "switchboard.channels.long.reminder-message=" + "x".repeat(4097)).run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()).getMessage())
                            .startsWith("invalid channel configuration:")
                            .contains("switchboard.channels.shop.reminder-message: required when reminders is true")
                            .contains("switchboard.channels.club.reminder-message: required when reminders is true")
                            .contains("switchboard.channels.long.reminder-message: at most 4096 characters");
                });
    }
}
