package dev.switchboard.sandbox.window;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** @param duration {@code switchboard.window.duration} ({@code SWITCHBOARD_WINDOW_DURATION}, ISO-8601) */
@ConfigurationProperties("switchboard.window")
public record WindowSettings(@DefaultValue("PT24H") Duration duration) {

    public WindowSettings {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("switchboard.window.duration (SWITCHBOARD_WINDOW_DURATION) must be a"
                    + " positive ISO-8601 duration such as PT24H, not " + duration);
        }
    }
}
