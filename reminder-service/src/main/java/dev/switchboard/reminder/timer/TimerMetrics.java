package dev.switchboard.reminder.timer;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import dev.switchboard.reminder.timing.Decision;
import dev.switchboard.reminder.timing.FiringPlan;
import dev.switchboard.reminder.timing.WindowRules;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * {@code switchboard_reminders_total{outcome}}, {@code switchboard_window_closes_total{outcome}},
 * {@code switchboard_timer_lag_seconds{kind}} (from due time, in event time, to the decision: a histogram),
 * {@code switchboard_timers_scheduled}, {@code switchboard_timers_overdue} (due, not yet fired),
 * {@code switchboard_timer_batch_size} (timers per batch) and {@code switchboard_timer_failures_total}.
 */
@Component
public class TimerMetrics {

    private final MeterRegistry registry;
    private final WindowRules rules;
    private final Timer reminderLag;
    private final Timer closeLag;
    private final DistributionSummary batchSize;
    private final Counter failures;
    private final Map<Enum<?>, Counter> counters = new ConcurrentHashMap<>();

    public TimerMetrics(MeterRegistry registry, TimerSettings settings, JdbcTemplate jdbc) {
        this.registry = registry;
        this.rules = settings.rules();
        this.reminderLag = lag("reminder");
        this.closeLag = lag("window_closed");
        this.batchSize = DistributionSummary.builder("switchboard.timer.batch.size")
                .description("Timers claimed per batch (one transaction, one round of Kafka acknowledgements)")
                .register(registry);
        this.failures = Counter.builder("switchboard.timer.failures")
                .description("Timers whose records Kafka did not acknowledge (retried with backoff)").register(registry);
        String table = TimerTable.TABLE;
        Gauge.builder("switchboard.timers.scheduled", () -> count(jdbc,
                        "select count(*) from " + table + " where task_name = ?"))
                .description("Conversation timers waiting in the database").register(registry);
        Gauge.builder("switchboard.timers.overdue", () -> count(jdbc,
                        "select count(*) from " + table + " where task_name = ? and execution_time <= now()"))
                .description("Conversation timers past their due time, not yet fired (or being fired now)").register(registry);
    }

    void batch(Firing.Batch batch) {
        if (batch.claimed() == 0) {
            return;
        }
        batchSize.record(batch.claimed());
        for (FiringPlan.Fire fire : batch.recorded()) {
            Decision decision = fire.decision();
            Instant last = fire.conversation().lastMessageAt();
            if (decision.reminder() != null) {
                counter("switchboard.reminders", "Reminder decisions, by outcome (sent, or why not)",
                        decision.reminder()).increment();
                reminderLag.record(lag(rules.reminderDueAt(last), batch.at()));
            }
            if (decision.close() != null) {
                counter("switchboard.window.closes", "Windows closed, announced or (too old) not", decision.close())
                        .increment();
                closeLag.record(lag(rules.closesAt(last), batch.at()));
            }
        }
        if (batch.failed() > 0) {
            failures.increment(batch.failed());
        }
    }

    /** Looked up once per outcome, not per fire. */
    private Counter counter(String name, String description, Enum<?> outcome) {
        return counters.computeIfAbsent(outcome, o -> Counter.builder(name).description(description)
                .tag("outcome", o.name().toLowerCase(Locale.ROOT)).register(registry));
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
            Long count = jdbc.queryForObject(sql, Long.class, TimerTable.TASK_NAME);
            return count == null ? Double.NaN : count;
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}
