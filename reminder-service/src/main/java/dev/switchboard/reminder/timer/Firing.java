package dev.switchboard.reminder.timer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.switchboard.events.WindowEventType;
import dev.switchboard.reminder.channel.ChannelReminders;
import dev.switchboard.reminder.conversation.Conversation;
import dev.switchboard.reminder.conversation.ConversationRepository;
import dev.switchboard.reminder.timing.FiringPlan;
import dev.switchboard.reminder.timing.TimerClaim;
import dev.switchboard.reminder.timing.WindowRules;
import dev.switchboard.schemas.Keys;
import dev.switchboard.schemas.Topics;

/**
 * Fires a batch of due timers in one transaction: claim them (their rows locked, skipping those another replica
 * holds), lock their conversations (skipping those a message is being recorded for), decide by the rules
 * ({@link FiringPlan}), publish what was decided and wait until Kafka has acknowledged it, then record the decisions
 * and move or remove the timers, one statement each, and commit.
 *
 * <p>Until the commit nothing is recorded and the rows stay locked: if the process or its database session dies in
 * between, the transaction is rolled back and the batch fires again (on any replica) with the same ids, which
 * consumers deduplicate. A conversation whose records Kafka does not acknowledge fails alone: its decision is not
 * recorded and its timer is retried with backoff, while the rest of its batch is recorded.
 */
@Component
public class Firing {

    private static final Logger log = LoggerFactory.getLogger(Firing.class);

    /** Longer than a healthy broker ever needs; a timer that gives up is retried with backoff. */
    static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(15);

    private final ConversationRepository conversations;
    private final TimerTable timers;
    private final ChannelReminders channels;
    private final WindowRules rules;
    private final KafkaTemplate<Object, Object> kafka;
    private final TransactionTemplate transactions;
    private final TimerMetrics metrics;
    private final Clock clock;

    public Firing(ConversationRepository conversations, TimerTable timers, ChannelReminders channels,
                  TimerSettings settings, KafkaTemplate<Object, Object> kafka, TransactionTemplate transactions,
                  TimerMetrics metrics, Clock clock) {
        this.conversations = conversations;
        this.timers = timers;
        this.channels = channels;
        this.rules = settings.rules();
        this.kafka = kafka;
        this.transactions = transactions;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * What one batch did.
     *
     * @param claimed  timers claimed (at most the limit asked for: fewer means none else was due)
     * @param recorded the conversations whose decisions were recorded
     * @param failed   conversations whose records Kafka did not acknowledge (retried with backoff)
     * @param at       when it fired (the time its rules were applied at)
     */
    public record Batch(int claimed, List<FiringPlan.Fire> recorded, int failed, Instant at) {
    }

    /** When the soonest timer is due (perhaps already), or null when there is none. */
    public Instant nextDueAt() {
        return timers.nextDueAt();
    }

    /** Fires up to {@code limit} due timers; throws (and records nothing) when the database fails. */
    public Batch fireDue(int limit) {
        Batch batch = transactions.execute(status -> fireLocked(limit));
        metrics.batch(batch);
        return batch;
    }

    private Batch fireLocked(int limit) {
        Instant now = clock.instant();
        List<TimerClaim> claimed = timers.claimDue(now, limit);
        if (claimed.isEmpty()) {
            return new Batch(0, List.of(), 0, now);
        }
        List<String> keys = claimed.stream().map(TimerClaim::conversationKey).sorted().toList();
        List<Conversation> locked = conversations.lockAvailable(keys);
        Set<String> notLocked = new HashSet<>(keys);
        locked.forEach(c -> notLocked.remove(c.key()));
        Set<String> heldElsewhere = notLocked.isEmpty() ? Set.of() : conversations.existing(notLocked);
        FiringPlan plan = new FiringPlan(claimed, locked, heldElsewhere, channels::reminderMessage, rules, now);

        Set<String> acknowledged = publishAndAwait(plan.toPublish(), now);
        List<FiringPlan.Fire> recorded = plan.recorded(acknowledged::contains);
        conversations.recordDecisions(recorded.stream().map(FiringPlan.Fire::after).toList());
        timers.mark(plan.marks(acknowledged::contains), now);
        return new Batch(claimed.size(), recorded, plan.toPublish().size() - acknowledged.size(), now);
    }

    /** Publishes every conversation's records and returns the conversations whose records were all acknowledged. */
    private Set<String> publishAndAwait(List<FiringPlan.Fire> fires, Instant now) {
        if (fires.isEmpty()) {
            return Set.of();
        }
        Map<String, CompletableFuture<Void>> acks = new HashMap<>();
        Map<String, Throwable> failures = new HashMap<>();
        for (FiringPlan.Fire fire : fires) {
            try {
                acks.put(fire.key(), CompletableFuture.allOf(publish(fire, now).toArray(CompletableFuture[]::new)));
            } catch (RuntimeException e) {
                // This conversation's records could not even be handed to the producer: it alone fails.
                failures.put(fire.key(), e);
            }
        }
        try {
            CompletableFuture.allOf(acks.values().toArray(CompletableFuture[]::new))
                    .get(PUBLISH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka's acknowledgements", e);
        } catch (ExecutionException | TimeoutException e) {
            // Some failed or are late: the others are recorded, these retried (same ids, a duplicate is harmless).
        }
        Set<String> acknowledged = new HashSet<>();
        acks.forEach((key, ack) -> {
            if (ack.isDone() && !ack.isCompletedExceptionally()) {
                acknowledged.add(key);
            } else {
                failures.put(key, ack.isDone() ? ack.handle((ok, e) -> e).join() : new TimeoutException(
                        "no acknowledgement within " + PUBLISH_TIMEOUT));
            }
        });
        if (!failures.isEmpty()) {
            var first = failures.entrySet().iterator().next();
            log.warn("Kafka did not acknowledge the records of {} of {} conversations (e.g. {}: {}); their timers are"
                    + " retried with backoff", failures.size(), fires.size(), first.getKey(), first.getValue().toString());
        }
        return acknowledged;
    }

    private List<CompletableFuture<?>> publish(FiringPlan.Fire fire, Instant now) {
        Conversation c = fire.conversation();
        List<CompletableFuture<?>> acks = new ArrayList<>(3);
        Instant closesAt = rules.closesAt(c.lastMessageAt());
        if (fire.decision().sendsReminder()) {
            acks.add(kafka.send(Topics.OUTBOUND_REQUESTS.name(), Keys.channel(c.channelId()),
                    Announcements.reminder(c, fire.reminderText(), closesAt, now)));
            acks.add(kafka.send(Topics.WINDOW_EVENTS.name(), c.key(), Announcements.windowEvent(
                    WindowEventType.REMINDER_DUE, c, rules.reminderDueAt(c.lastMessageAt()), now)));
        }
        if (fire.decision().announcesClose()) {
            acks.add(kafka.send(Topics.WINDOW_EVENTS.name(), c.key(),
                    Announcements.windowEvent(WindowEventType.WINDOW_CLOSED, c, closesAt, now)));
        }
        return acks;
    }
}
