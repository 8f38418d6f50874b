package dev.switchboard.kit.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/** Instants to and from JDBC ({@code timestamptz} columns), null for null. */
public final class JdbcTime {

    private JdbcTime() {
    }

    public static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    public static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        return instant(rs.getTimestamp(column));
    }

    public static Instant instant(ResultSet rs, int column) throws SQLException {
        return instant(rs.getTimestamp(column));
    }
}
