package dev.switchboard.reminder.timer;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import com.github.kagkarlsson.scheduler.boot.config.DbSchedulerProperties;

import dev.switchboard.reminder.timing.Decision;
import dev.switchboard.reminder.timing.TimerSettings;
import dev.switchboard.reminder.timing.WindowRules;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * {@code switchboard_reminders_total{outcome}}, {@code switchboard_window_closes_total{outcome}},
 * {@code switchboard_timer_lag_seconds{kind}} (from due time, in event time, to the decision: a histogram),
 * {@code switchboard_timers_scheduled} and {@code switchboard_timers_overdue} (due, not yet picked by any replica).
 */
@Component
public class TimerMetrics {

    private final MeterRegistry registry;
    private final WindowRules rules;
    private final Timer reminderLag;
    private final Timer closeLag;

    public TimerMetrics(MeterRegistry registry, TimerSettings settings, JdbcTemplate jdbc,
                        DbSchedulerProperties scheduler) {
        this.registry = registry;
        this.rules = settings.rules();
        this.reminderLag = lag("reminder");
        this.closeLag = lag("window_closed");
        String table = scheduler.getTableName();
        Gauge.builder("switchboard.timers.scheduled", () -> count(jdbc,
                        "select count(*) from " + table + " where task_name = ?"))
                .description("Conversation timers waiting in the database").register(registry);
        Gauge.builder("switchboard.timers.overdue", () -> count(jdbc,
                        "select count(*) from " + table + " where task_name = ? and not picked and execution_time <= now()"))
                .description("Conversation timers past their due time that no replica has picked yet").register(registry);
    }

    void fired(Firing.Fired fired) {
        Decision decision = fired.decision();
        if (decision.reminder() != null) {
            counter("switchboard.reminders", "Reminder decisions, by outcome (sent, or why not)", decision.reminder())
                    .increment();
            reminderLag.record(lag(rules.reminderDueAt(fired.conversation().lastMessageAt()), fired.at()));
        }
        if (decision.close() != null) {
            counter("switchboard.window.closes", "Windows closed, announced or (too old) not", decision.close())
                    .increment();
            closeLag.record(lag(rules.closesAt(fired.conversation().lastMessageAt()), fired.at()));
        }
    }

    private Counter counter(String name, String description, Enum<?> outcome) {
        return Counter.builder(name).description(description)
                .tag("outcome", outcome.name().toLowerCase(Locale.ROOT)).register(registry);
    }

    private Timer lag(String kind) {
        return Timer.builder("switchboard.timer.lag").tag("kind", kind)
                .description("From a timer's due time (the customer's message time + delay) to its decision")
                .publishPercentileHistogram().register(registry);
    }

    private static Duration lag(Instant due, Instant at) {
        Duration lag = Duration.between(due, at);
        return lag.isNegative() ? Duration.ZERO : lag;
    }

    private static double count(JdbcTemplate jdbc, String sql) {
        try {
            Long count = jdbc.queryForObject(sql, Long.class, ConversationTimer.TASK_NAME);
            return count == null ? Double.NaN : count;
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}
