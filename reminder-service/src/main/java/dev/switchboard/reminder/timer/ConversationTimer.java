package dev.switchboard.reminder.timer;

import java.time.Duration;
import java.time.Instant;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;

import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;

/**
 * The one db-scheduler task: a timer per conversation (task instance = the conversation key), due at the next thing
 * to decide for its current window. When it fires, {@link Firing} decides and publishes (together with the timers
 * firing at the same moment, see {@link FiringBatches}); then the timer moves to the next due time, or goes when
 * nothing is left.
 *
 * <p>Removing it is the one step that must see the newest state: a message recorded while the timer was executing
 * found the timer there and did not create one. So the removal happens with the conversation locked, in the same
 * transaction (db-scheduler joins Spring's transaction through its transaction-aware data source), and turns into a
 * reschedule if a newer message arrived.
 */
@Configuration(proxyBeanMethods = false)
public class ConversationTimer {

    public static final String TASK_NAME = "conversation-timer";

    /** First retry after a failure (Kafka or the database down), doubling up to {@link #MAX_RETRY_DELAY}. */
    static final Duration FIRST_RETRY_DELAY = Duration.ofSeconds(1);
    static final Duration MAX_RETRY_DELAY = Duration.ofMinutes(1);

    @Bean
    Task<Void> conversationTimerTask(FiringBatches batches, Firing firing, TransactionTemplate transactions) {
        return Tasks.custom(TASK_NAME, Void.class)
                .onFailure(ConversationTimer::retryLater)
                .onDeadExecutionRevive()
                .execute((instance, context) -> {
                    Instant next = batches.fire(instance.getId()).nextDue();
                    if (next != null) {
                        return (complete, operations) -> operations.reschedule(complete, next);
                    }
                    return (complete, operations) -> transactions.executeWithoutResult(status ->
                            removeUnlessNeeded(firing.nextDueLocked(instance.getId()), complete, operations));
                });
    }

    private static void removeUnlessNeeded(Instant due, ExecutionComplete complete, ExecutionOperations<Void> operations) {
        if (due == null) {
            operations.remove();
        } else {
            operations.reschedule(complete, due);
        }
    }

    private static void retryLater(ExecutionComplete complete, ExecutionOperations<Void> operations) {
        int failures = Math.min(complete.getExecution().consecutiveFailures, 16);
        Duration delay = FIRST_RETRY_DELAY.multipliedBy(1L << failures);
        operations.reschedule(complete, complete.getTimeDone().plus(delay.compareTo(MAX_RETRY_DELAY) > 0
                ? MAX_RETRY_DELAY : delay));
    }
}
