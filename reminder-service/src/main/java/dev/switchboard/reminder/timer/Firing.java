package dev.switchboard.reminder.timer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.switchboard.events.WindowEventType;
import dev.switchboard.reminder.channel.ReminderChannels;
import dev.switchboard.reminder.conversation.Conversation;
import dev.switchboard.reminder.conversation.ConversationRepository;
import dev.switchboard.reminder.timing.Decision;
import dev.switchboard.reminder.timing.TimerSettings;
import dev.switchboard.reminder.timing.WindowRules;
import dev.switchboard.schemas.Keys;
import dev.switchboard.schemas.Topics;

/**
 * What conversations' timers do when they fire, in one transaction with the conversations locked (so a message or a
 * ticket event being applied at the same moment waits): decide by the rules, publish what was decided and wait until
 * Kafka has acknowledged all of it, then record the decisions. If Kafka fails, nothing is recorded and the timers
 * fire again later; if the process dies after the acknowledgement and before the commit, the next fire publishes the
 * same ids again (at least once; consumers deduplicate by request and event id).
 */
@Component
public class Firing {

    /** Longer than a healthy broker ever needs; a timer that gives up is retried with backoff. */
    static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(15);

    private final ConversationRepository conversations;
    private final ReminderChannels channels;
    private final WindowRules rules;
    private final KafkaTemplate<Object, Object> kafka;
    private final TransactionTemplate transactions;
    private final TimerMetrics metrics;
    private final Clock clock;

    public Firing(ConversationRepository conversations, ReminderChannels channels, TimerSettings settings,
                  KafkaTemplate<Object, Object> kafka, TransactionTemplate transactions, TimerMetrics metrics,
                  Clock clock) {
        this.conversations = conversations;
        this.channels = channels;
        this.rules = settings.rules();
        this.kafka = kafka;
        this.transactions = transactions;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * @param conversation the conversation as it was when the timer fired (null if it no longer exists)
     * @param decision     what was decided for its current window (often nothing: a newer message moved it)
     * @param nextDue      when its timer must fire next; null when nothing is left to decide
     */
    public record Fired(Conversation conversation, Decision decision, Instant at, Instant nextDue) {
    }

    /** Fires the timers of these conversations together; the result has an entry for every key. */
    public Map<String, Fired> fire(List<String> conversationKeys) {
        Map<String, Fired> fired = transactions.execute(status -> fireLocked(conversationKeys));
        fired.values().forEach(metrics::fired);
        return fired;
    }

    /** When the conversation's timer must fire next, read with the conversation locked (see ConversationTimer). */
    public Instant nextDueLocked(String conversationKey) {
        return conversations.lock(List.of(conversationKey)).stream().findFirst().map(rules::nextDue).orElse(null);
    }

    private Map<String, Fired> fireLocked(List<String> keys) {
        Instant now = clock.instant();
        Map<String, Fired> fired = new HashMap<>();
        List<Conversation> decided = new ArrayList<>();
        List<CompletableFuture<?>> acks = new ArrayList<>();
        for (Conversation conversation : conversations.lock(keys)) {
            String reminderText = channels.reminderMessage(conversation.channelId());
            Decision decision = rules.decide(conversation, reminderText != null, now);
            Conversation after = conversation;
            if (!decision.isNothing()) {
                acks.addAll(publish(conversation, decision, reminderText, now));
                after = WindowRules.apply(conversation, decision);
                decided.add(after);
            }
            fired.put(conversation.key(), new Fired(conversation, decision, now, rules.nextDue(after)));
        }
        awaitAcknowledged(acks, keys);
        if (!decided.isEmpty()) {
            conversations.recordDecisions(decided);
        }
        for (String key : keys) {
            fired.putIfAbsent(key, new Fired(null, Decision.NOTHING, now, null));
        }
        return fired;
    }

    private List<CompletableFuture<?>> publish(Conversation c, Decision decision, String reminderText, Instant now) {
        List<CompletableFuture<?>> acks = new ArrayList<>(3);
        Instant closesAt = rules.closesAt(c.lastMessageAt());
        if (decision.sendsReminder()) {
            acks.add(kafka.send(Topics.OUTBOUND_REQUESTS.name(), Keys.channel(c.channelId()),
                    Announcements.reminder(c, reminderText, closesAt, now)));
            acks.add(kafka.send(Topics.WINDOW_EVENTS.name(), c.key(), Announcements.windowEvent(
                    WindowEventType.REMINDER_DUE, c, rules.reminderDueAt(c.lastMessageAt()), now)));
        }
        if (decision.announcesClose()) {
            acks.add(kafka.send(Topics.WINDOW_EVENTS.name(), c.key(),
                    Announcements.windowEvent(WindowEventType.WINDOW_CLOSED, c, closesAt, now)));
        }
        return acks;
    }

    private static void awaitAcknowledged(List<CompletableFuture<?>> acks, List<String> keys) {
        if (acks.isEmpty()) {
            return;
        }
        try {
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                    .get(PUBLISH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing the timers of " + keys, e);
        } catch (Exception e) {
            // Rolled back: nothing recorded, the timers fire again (same ids, so a duplicate is harmless).
            throw new IllegalStateException("Kafka did not acknowledge the timers of " + describe(keys) + ": " + e, e);
        }
    }

    private static String describe(List<String> keys) {
        return keys.size() == 1 ? keys.get(0) : keys.size() + " conversations (" + keys.get(0) + ", …)";
    }
}
