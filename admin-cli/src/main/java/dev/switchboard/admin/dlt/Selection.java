package dev.switchboard.admin.dlt;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * Which dead letters a command acts on: parked at or after {@code since}, of one key, in one partition, at one
 * offset; each criterion left null selects everything.
 */
public record Selection(Instant since, String key, Integer partition, Long offset) {

    public static final Selection ALL = new Selection(null, null, null, null);

    public Selection {
        if (offset != null && partition == null) {
            throw new IllegalArgumentException("--offset needs --partition");
        }
    }

    public boolean matches(DeadLetter deadLetter) {
        return (since == null || !deadLetter.timestamp().isBefore(since))
                && (key == null || key.equals(deadLetter.key()))
                && (partition == null || partition == deadLetter.partition())
                && (offset == null || offset == deadLetter.offset());
    }

    /**
     * A time option: an ISO-8601 instant ({@code 2026-11-01T00:00:00Z}) or a duration back from {@code now}
     * ({@code PT2H}, {@code P1D}).
     */
    public static Instant time(String text, Instant now) {
        Objects.requireNonNull(text);
        try {
            return text.startsWith("P") || text.startsWith("p") ? now.minus(Duration.parse(text)) : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is neither an ISO-8601 instant (2026-11-01T00:00:00Z)"
                    + " nor a duration back from now (PT2H, P1D)");
        }
    }
}
