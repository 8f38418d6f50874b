package dev.switchboard.reminder.timer;

import static dev.switchboard.kit.jdbc.JdbcTime.instant;
import static dev.switchboard.kit.jdbc.JdbcTime.timestamp;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import dev.switchboard.reminder.timing.TimerClaim;
import dev.switchboard.reminder.timing.TimerMark;

/**
 * The conversation timers: one row per conversation with something left to decide, in the table {@code scheduled_tasks}
 * (db-scheduler's layout, which the service used before it fired timers in batches; its columns and the operators'
 * queries stay as they were).
 *
 * <p>A timer is claimed by locking its row ({@code FOR UPDATE SKIP LOCKED}) in the transaction that fires it, and
 * marked (moved or removed) in that same transaction: a replica never sees a row another one is firing, and a
 * replica that dies mid-batch leaves nothing behind (its transaction is rolled back, the rows are due again at once).
 */
@Component
public class TimerTable {

    public static final String TABLE = "scheduled_tasks";
    public static final String TASK_NAME = "conversation-timer";

    private static final String UPSERT = """
            insert into scheduled_tasks (task_name, task_instance, execution_time, picked, version)
            values (?, ?, ?, false, 1)
            on conflict (task_name, task_instance) do update
               set execution_time = excluded.execution_time, version = scheduled_tasks.version + 1
             where scheduled_tasks.execution_time > excluded.execution_time
            """;

    // Served by the execution_time index: the soonest due rows, skipping those another transaction holds.
    private static final String CLAIM = """
            select task_instance, execution_time, consecutive_failures from scheduled_tasks
             where task_name = ? and execution_time <= ?
             order by execution_time
             limit ?
               for update skip locked
            """;

    // One statement for the whole batch: remove the timers with nothing left, move the others (a failed one later,
    // with its failure counted).
    private static final String MARK = """
            with marks as (select * from unnest(?::text[], ?::timestamptz[], ?::boolean[]) as m(instance, next_due, failed)),
                 removed as (delete from scheduled_tasks t using marks m
                              where t.task_name = ? and t.task_instance = m.instance and m.next_due is null)
            update scheduled_tasks t
               set execution_time = m.next_due, version = t.version + 1,
                   consecutive_failures = case when m.failed then coalesce(t.consecutive_failures, 0) + 1 else 0 end,
                   last_failure = case when m.failed then ? else t.last_failure end,
                   last_success = case when m.failed then t.last_success else ? end
              from marks m
             where t.task_name = ? and t.task_instance = m.instance and m.next_due is not null
            """;

    private final JdbcTemplate jdbc;

    public TimerTable(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A conversation's timer due at {@code dueAt}. */
    public record Due(String conversationKey, Instant dueAt) {
    }


    /** Creates the timers that do not exist and moves existing ones that are due later than asked. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void scheduleNoLaterThan(List<Due> timers) {
        jdbc.batchUpdate(UPSERT, timers, timers.size(), (ps, due) -> {
            ps.setString(1, TASK_NAME);
            ps.setString(2, due.conversationKey());
            ps.setTimestamp(3, timestamp(due.dueAt()));
        });
    }

    /** Removes the timers of these conversations (folded into another one: its timer decides for both). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void remove(List<String> conversationKeys) {
        jdbc.update("delete from scheduled_tasks where task_name = ? and task_instance = any(?)", TASK_NAME,
                conversationKeys.toArray(String[]::new));
    }

    /** Locks up to {@code limit} timers due at {@code now}, soonest first, that no other transaction holds. */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<TimerClaim> claimDue(Instant now, int limit) {
        return jdbc.query(CLAIM, (rs, n) -> new TimerClaim(rs.getString(1), instant(rs, 2), rs.getInt(3)),
                TASK_NAME, timestamp(now), limit);
    }

    /** When the soonest timer is due, or null when there is none (read from the execution_time index). */
    public Instant nextDueAt() {
        return instant(jdbc.queryForObject("select min(execution_time) from scheduled_tasks where task_name = ?",
                Timestamp.class, TASK_NAME));
    }

    /** Moves or removes claimed timers, in one statement. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void mark(List<TimerMark> marks, Instant now) {
        if (marks.isEmpty()) {
            return;
        }
        jdbc.execute((ConnectionCallback<Integer>) connection -> {
            Array instances = connection.createArrayOf("text", marks.stream().map(TimerMark::conversationKey).toArray());
            Array nextDue = connection.createArrayOf("timestamptz",
                    marks.stream().map(m -> timestamp(m.nextDue())).toArray());
            Array failed = connection.createArrayOf("boolean", marks.stream().map(TimerMark::failed).toArray());
            try (PreparedStatement ps = connection.prepareStatement(MARK)) {
                ps.setArray(1, instances);
                ps.setArray(2, nextDue);
                ps.setArray(3, failed);
                ps.setString(4, TASK_NAME);
                ps.setTimestamp(5, timestamp(now));
                ps.setTimestamp(6, timestamp(now));
                ps.setString(7, TASK_NAME);
                return ps.executeUpdate();
            }
        });
    }
}
