package dev.switchboard.admin.replay;

import java.time.Clock;
import java.time.Instant;

/**
 * Where a replay starts ({@code --from}): the earliest record still on each partition, the first record written at or
 * after a time (an ISO-8601 instant, or a duration back from now), or an offset.
 */
public sealed interface ReplayFrom {

    String OFFSET_PREFIX = "offset:";

    /** The first record the partition still holds (older ones are gone with the retention). */
    record Earliest() implements ReplayFrom {
        @Override
        public String toString() {
            return "earliest";
        }
    }

    /** The first record whose timestamp is at or after {@code time}. */
    record At(Instant time) implements ReplayFrom {
        @Override
        public String toString() {
            return time.toString();
        }
    }

    /** This offset on every chosen partition. */
    record Offset(long offset) implements ReplayFrom {
        @Override
        public String toString() {
            return OFFSET_PREFIX + offset;
        }
    }

    /**
     * {@code earliest}, {@code 2026-11-01T00:00:00Z}, {@code PT2H} / {@code P1D} (that long before {@code clock}'s
     * now) or {@code offset:N}.
     *
     * @throws IllegalArgumentException saying what is accepted
     */
    static ReplayFrom parse(String text, Clock clock) {
        String value = text.trim();
        if (value.equalsIgnoreCase("earliest")) {
            return new Earliest();
        }
        if (value.startsWith(OFFSET_PREFIX)) {
            try {
                long offset = Long.parseLong(value.substring(OFFSET_PREFIX.length()));
                if (offset >= 0) {
                    return new Offset(offset);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("'" + text + "': offset:N takes a number from 0");
        }
        try {
            return new At(dev.switchboard.admin.TimeArgument.parse(value, clock.instant()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is none of: earliest, an ISO-8601 instant "
                    + "(2026-11-01T00:00:00Z), a duration back from now (PT2H, P1D), offset:N");
        }
    }
}
