package dev.switchboard.outbound.queue;

import java.sql.Timestamp;
import java.time.Instant;

/** Instants to and from JDBC timestamps, null staying null. */
public final class SqlTime {

    private SqlTime() {
    }

    public static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    public static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
