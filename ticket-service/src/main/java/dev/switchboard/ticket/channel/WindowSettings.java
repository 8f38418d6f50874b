package dev.switchboard.ticket.channel;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The customer service window: how long after a customer's message agents may send free-form content.
 * WhatsApp's is 24 hours; shorter values are for tests and demos.
 *
 * @param duration {@code switchboard.window.duration} ({@code SWITCHBOARD_WINDOW_DURATION}, ISO-8601)
 */
@ConfigurationProperties("switchboard.window")
public record WindowSettings(Duration duration) {

    public WindowSettings {
        if (duration == null || duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException(
                    "switchboard.window.duration (SWITCHBOARD_WINDOW_DURATION) must be a positive ISO-8601 duration"
                            + " such as PT24H, but is " + duration);
        }
    }
}
