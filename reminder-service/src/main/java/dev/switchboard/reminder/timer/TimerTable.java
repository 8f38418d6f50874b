package dev.switchboard.reminder.timer;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import com.github.kagkarlsson.scheduler.boot.config.DbSchedulerProperties;

/**
 * Schedules conversation timers in db-scheduler's table, inside the caller's transaction (the one that recorded the
 * message), in one batch statement.
 *
 * <p>Why SQL rather than {@code SchedulerClient.schedule}: the client reads, then inserts, and a duplicate insert
 * would abort the whole batch transaction; PostgreSQL's {@code ON CONFLICT} does the same atomically and in batch.
 * The row is exactly what db-scheduler writes itself (its documented table; no task data). A timer only ever moves
 * earlier here, and never while it is executing: a timer that fires too early (a newer message moved the window)
 * just reschedules itself to the new due time, which is cheaper than moving it on every message of a burst.
 */
@Component
public class TimerTable {

    private final JdbcTemplate jdbc;
    private final String upsert;

    public TimerTable(JdbcTemplate jdbc, DbSchedulerProperties scheduler) {
        this.jdbc = jdbc;
        this.upsert = """
                insert into %1$s (task_name, task_instance, execution_time, picked, version)
                values (?, ?, ?, false, 1)
                on conflict (task_name, task_instance) do update
                   set execution_time = excluded.execution_time, version = %1$s.version + 1
                 where %1$s.picked = false and %1$s.execution_time > excluded.execution_time
                """.formatted(scheduler.getTableName());
    }

    /** A conversation's timer due at {@code dueAt}. */
    public record Due(String conversationKey, Instant dueAt) {
    }

    /** Creates the timers that do not exist and moves existing ones that are due later than asked. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void scheduleNoLaterThan(List<Due> timers) {
        jdbc.batchUpdate(upsert, timers, timers.size(), (ps, due) -> {
            ps.setString(1, ConversationTimer.TASK_NAME);
            ps.setString(2, due.conversationKey());
            ps.setTimestamp(3, Timestamp.from(due.dueAt()));
        });
    }
}
