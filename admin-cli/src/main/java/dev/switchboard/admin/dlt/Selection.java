package dev.switchboard.admin.dlt;

import java.time.Instant;

import dev.switchboard.admin.TimeArgument;

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

    /** A time option, as every command reads it ({@link TimeArgument}). */
    public static Instant time(String text, Instant now) {
        return TimeArgument.parse(text, now);
    }
}
