package dev.switchboard.reminder.timer;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import dev.switchboard.reminder.timing.WindowRules;

/**
 * When the timers of a conversation fire, counted from the customer's last message (WhatsApp's timestamp).
 *
 * @param window   {@code switchboard.window.duration} ({@code SWITCHBOARD_WINDOW_DURATION}): the window closes;
 *                 {@code switchboard.window.late-close-horizon} ({@code SWITCHBOARD_LATE_CLOSE_HORIZON}): a window
 *                 that closed longer ago than this when its timer finally runs (an outage, a database rebuilt
 *                 from a replay) is recorded as closed without announcing it
 * @param reminder {@code switchboard.reminder.delay} ({@code SWITCHBOARD_REMINDER_DELAY}): the reminder is due
 */
@ConfigurationProperties("switchboard")
public record TimerSettings(Window window, Reminder reminder) {

    public record Window(Duration duration, @DefaultValue("P1D") Duration lateCloseHorizon) {
    }

    public record Reminder(Duration delay) {
    }

    public TimerSettings {
        Duration windowDuration = window == null ? null : window.duration();
        Duration reminderDelay = reminder == null ? null : reminder.delay();
        requirePositive(windowDuration, "switchboard.window.duration (SWITCHBOARD_WINDOW_DURATION)");
        requirePositive(reminderDelay, "switchboard.reminder.delay (SWITCHBOARD_REMINDER_DELAY)");
        requirePositive(window.lateCloseHorizon(),
                "switchboard.window.late-close-horizon (SWITCHBOARD_LATE_CLOSE_HORIZON)");
        if (reminderDelay.compareTo(windowDuration) >= 0) {
            throw new IllegalArgumentException("the reminder delay (" + reminderDelay + ") must be shorter than the"
                    + " window (" + windowDuration + "): a reminder after the window closes could only be a template");
        }
    }

    private static void requirePositive(Duration value, String name) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be a positive ISO-8601 duration, but is " + value);
        }
    }

    public Duration windowDuration() {
        return window.duration();
    }

    public Duration reminderDelay() {
        return reminder.delay();
    }

    public Duration lateCloseHorizon() {
        return window.lateCloseHorizon();
    }

    /** The rules these settings give. */
    public WindowRules rules() {
        return new WindowRules(reminderDelay(), windowDuration(), lateCloseHorizon());
    }
}
