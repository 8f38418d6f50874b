package dev.switchboard.admin;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** The time options of every command ({@code --from}, {@code --to}, {@code --since}): one syntax for all. */
public final class TimeArgument {

    private TimeArgument() {
    }

    /**
     * An ISO-8601 instant ({@code 2026-11-01T00:00:00Z}) or a duration back from {@code now} ({@code PT2H},
     * {@code P1D}).
     *
     * @throws IllegalArgumentException saying what is accepted
     */
    public static Instant parse(String text, Instant now) {
        String value = text.trim();
        try {
            return value.startsWith("P") || value.startsWith("p") ? now.minus(Duration.parse(value)) : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is neither an ISO-8601 instant (2026-11-01T00:00:00Z)"
                    + " nor a duration back from now (PT2H, P1D)");
        }
    }
}
