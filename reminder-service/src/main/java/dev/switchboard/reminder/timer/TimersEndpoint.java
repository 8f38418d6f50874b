package dev.switchboard.reminder.timer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import dev.switchboard.kit.jdbc.JdbcTime;
import dev.switchboard.reminder.conversation.Conversation;
import dev.switchboard.reminder.conversation.ConversationRepository;
import dev.switchboard.reminder.timing.WindowRules;

/**
 * {@code GET /actuator/timers[?channelId=&customer=&limit=]}: for operators, the timers that come next (soonest
 * first), or one channel's or customer's conversations with their timer and what was decided for their window (with a
 * channel, a customer is found by any of their ids: the conversation's, or an alias of it).
 */
@Component
@Endpoint(id = "timers")
public class TimersEndpoint {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 1000;

    private final JdbcTemplate jdbc;
    private final WindowRules rules;
    private final String table;

    public TimersEndpoint(JdbcTemplate jdbc, TimerSettings settings) {
        this.jdbc = jdbc;
        this.rules = settings.rules();
        this.table = TimerTable.TABLE;
    }

    /**
     * @param scheduled conversation timers in the database
     * @param overdue   past their due time and not yet fired (being fired right now, or a backlog: should stay
     *                  near 0)
     */
    public record Timers(long scheduled, long overdue, List<ConversationTimerView> timers) {
    }

    /**
     * One conversation and its timer.
     *
     * @param next   what its timer decides next: {@code reminder}, {@code window_closed}, or null (nothing left)
     * @param timer  its timer; null when it has none
     */
    public record ConversationTimerView(String channelId, String customer, String lastMessageId, Instant lastMessageAt,
                                        Instant reminderDueAt, Instant windowClosesAt, boolean ticketOpen,
                                        boolean optedOut, String next, String reminderOutcome, String closeOutcome,
                                        Execution timer) {
    }

    /**
     * @param executionTime       when it fires next
     * @param consecutiveFailures times in a row Kafka did not acknowledge its records (retried with backoff)
     */
    public record Execution(Instant executionTime, int consecutiveFailures, Instant lastFailure, Instant lastSuccess) {
    }

    @ReadOperation
    public Timers timers(@Nullable String channelId, @Nullable String customer, @Nullable Integer limit) {
        int rows = limit == null ? DEFAULT_LIMIT : Math.max(1, Math.min(limit, MAX_LIMIT));
        boolean filtered = channelId != null || customer != null;
        List<Object> args = new ArrayList<>(List.of(TimerTable.TASK_NAME));
        // Unfiltered: the soonest timers, read in execution_time order from its index. Filtered: the
        // conversations (by their index), with their timer if they have one.
        StringBuilder sql = new StringBuilder(filtered
                ? "from conversation c left join %1$s t on t.task_name = ? and t.task_instance = c.conversation_key where true"
                : "from %1$s t join conversation c on c.conversation_key = t.task_instance where t.task_name = ?");
        if (channelId != null) {
            sql.append(" and c.channel_id = ?");
            args.add(channelId);
        }
        if (customer != null && channelId != null) {
            // Also by another id of the customer (an alias: a BSUID, a new number) on the channel.
            sql.append(" and (c.customer_id = ? or c.conversation_key = any(array(select a.conversation_key"
                    + " from customer_alias a where a.alias_key = ?)))");
            args.add(customer);
            args.add(channelId + ":" + customer);
        } else if (customer != null) {
            sql.append(" and c.customer_id = ?");
            args.add(customer);
        }
        args.add(rows);
        List<ConversationTimerView> timers = jdbc.query("select c.*, t.task_instance, t.execution_time,"
                        + " t.consecutive_failures, t.last_failure, t.last_success "
                        + sql.toString().formatted(table) + " order by t.execution_time nulls last, c.conversation_key limit ?",
                (rs, n) -> {
                    Conversation c = ConversationRepository.conversation(rs, n);
                    Execution execution = rs.getString("task_instance") == null ? null : new Execution(
                            JdbcTime.instant(rs, "execution_time"), rs.getInt("consecutive_failures"),
                            JdbcTime.instant(rs, "last_failure"), JdbcTime.instant(rs, "last_success"));
                    return view(c, execution);
                }, args.toArray());
        return new Timers(count(""), count(" and execution_time <= now()"), timers);
    }

    private ConversationTimerView view(Conversation c, Execution execution) {
        Instant last = c.lastMessageAt();
        String next = last == null ? null : !c.reminderDecided() ? "reminder" : !c.closeHandled() ? "window_closed" : null;
        return new ConversationTimerView(c.channelId(), c.customerId(), c.lastMessageId(), last,
                last == null ? null : rules.reminderDueAt(last), last == null ? null : rules.closesAt(last),
                c.ticketOpen(), c.optedOut(), next, c.reminderOutcome(), c.closeOutcome(), execution);
    }

    private long count(String condition) {
        Long count = jdbc.queryForObject("select count(*) from " + table + " where task_name = ?" + condition,
                Long.class, TimerTable.TASK_NAME);
        return count == null ? 0 : count;
    }
}
