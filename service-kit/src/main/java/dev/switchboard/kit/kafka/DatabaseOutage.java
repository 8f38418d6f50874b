package dev.switchboard.kit.kafka;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Whether a listener failed because its database could not be reached (stopped, restarting, failing over, the
 * network gone): then the record is fine and only has to wait. Every failure in the cause chain (and the SQL
 * exceptions chained with {@link SQLException#getNextException()}) is looked at; any one of these decides:
 * <ul>
 * <li>{@link SQLTransientConnectionException}: the pool (Hikari) got no connection in its connection timeout;</li>
 * <li>Spring's {@code org.springframework.jdbc.CannotGetJdbcConnectionException} (by name: spring-jdbc is the
 * service's, not the kit's);</li>
 * <li>an {@link SQLException} with SQLState class {@code 08} (connection exception: refused, broken, closed) or
 * {@code 57P01} (admin shutdown), {@code 57P02} (crash shutdown), {@code 57P03} (cannot connect now: starting up,
 * shutting down, in recovery).</li>
 * </ul>
 * So Spring's {@code CannotCreateTransactionException}, {@code TransactionSystemException} (a commit on a lost
 * connection) or {@code DataAccessResourceFailureException} count when, and only when, such a failure caused them.
 * Anything else is not an outage: a read-only database (SQLState 25006), a full disk (53100), a constraint, a bug.
 */
public final class DatabaseOutage {

    /** SQLStates of PostgreSQL's class 57 (operator intervention) that mean the server is going or not yet there. */
    private static final Set<String> SERVER_NOT_THERE = Set.of("57P01", "57P02", "57P03");
    private static final String CANNOT_GET_CONNECTION = "org.springframework.jdbc.CannotGetJdbcConnectionException";
    /** Enough for any real chain; a longer one (or a cycle) is not looked at further. */
    private static final int MAX_LINKS = 64;

    private DatabaseOutage() {
    }

    /** True when {@code failure}, or a failure that caused it, says the database could not be reached. */
    public static boolean causedBy(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Throwable> next = new ArrayDeque<>();
        if (failure != null) {
            next.add(failure);
        }
        while (!next.isEmpty() && seen.size() < MAX_LINKS) {
            Throwable link = next.poll();
            if (!seen.add(link)) {
                continue;
            }
            if (unreachable(link)) {
                return true;
            }
            if (link.getCause() != null) {
                next.add(link.getCause());
            }
            if (link instanceof SQLException sql && sql.getNextException() != null) {
                next.add(sql.getNextException());
            }
        }
        return false;
    }

    private static boolean unreachable(Throwable link) {
        if (link instanceof SQLTransientConnectionException || isA(link.getClass(), CANNOT_GET_CONNECTION)) {
            return true;
        }
        if (link instanceof SQLException sql && sql.getSQLState() != null) {
            String state = sql.getSQLState();
            return state.startsWith("08") || SERVER_NOT_THERE.contains(state);
        }
        return false;
    }

    private static boolean isA(Class<?> type, String className) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (c.getName().equals(className)) {
                return true;
            }
        }
        return false;
    }
}
