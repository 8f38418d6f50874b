package dev.switchboard.reminder.timing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

import dev.switchboard.reminder.conversation.Conversation;

/**
 * What a batch of claimed timers does, by the window rules, in plain Java: for each conversation, what to decide and
 * publish; then, once Kafka has answered, which decisions to record and where each timer goes. Many timers of a
 * batch decide nothing (a newer message moved their window) or decide without publishing (the ticket is closed):
 * they are moved or removed with the others.
 */
public final class FiringPlan {

    /** First retry of a timer whose records Kafka did not acknowledge, doubling up to {@link #MAX_RETRY_DELAY}. */
    static final Duration FIRST_RETRY_DELAY = Duration.ofSeconds(1);
    static final Duration MAX_RETRY_DELAY = Duration.ofMinutes(1);

    /**
     * One conversation of the batch.
     *
     * @param conversation as it was when its timer fired
     * @param decision     what was decided for its current window (often nothing: a newer message moved it)
     * @param after        the conversation once the decision is recorded
     * @param reminderText the channel's reminder text, when it sends reminders
     * @param timer        its timer, as claimed
     */
    public record Fire(Conversation conversation, Decision decision, Conversation after, String reminderText,
                       TimerClaim timer) {

        public boolean publishes() {
            return decision.sendsReminder() || decision.announcesClose();
        }

        public String key() {
            return conversation.key();
        }
    }

    private final WindowRules rules;
    private final Instant now;
    private final List<Fire> fires = new ArrayList<>();
    private final List<String> orphans = new ArrayList<>();
    private final List<String> busy = new ArrayList<>();

    /**
     * @param claimed          the timers claimed for this batch
     * @param locked           their conversations that this batch holds
     * @param heldElsewhere    conversations of claimed timers that another transaction holds (a message being
     *                         recorded): their timers are left as they are and fire again at the next claim; claimed
     *                         timers that are neither locked nor held elsewhere have no conversation and are removed
     * @param reminderText     a channel's reminder text, or null when it sends no reminders
     */
    public FiringPlan(List<TimerClaim> claimed, List<Conversation> locked, Set<String> heldElsewhere,
                      Function<String, String> reminderText, WindowRules rules, Instant now) {
        this.rules = rules;
        this.now = now;
        Map<String, Conversation> byKey = new HashMap<>();
        locked.forEach(c -> byKey.put(c.key(), c));
        for (TimerClaim timer : claimed) {
            Conversation conversation = byKey.get(timer.conversationKey());
            if (conversation == null) {
                (heldElsewhere.contains(timer.conversationKey()) ? busy : orphans).add(timer.conversationKey());
                continue;
            }
            String text = reminderText.apply(conversation.channelId());
            Decision decision = rules.decide(conversation, text != null, now);
            fires.add(new Fire(conversation, decision, WindowRules.apply(conversation, decision), text, timer));
        }
    }

    public Instant now() {
        return now;
    }

    /** Every conversation the batch decided for (with or without something to publish). */
    public List<Fire> fires() {
        return fires;
    }

    public List<Fire> toPublish() {
        return fires.stream().filter(Fire::publishes).toList();
    }

    /** Timers without a conversation. */
    public List<String> orphans() {
        return orphans;
    }

    /** Timers left for the next claim: their conversation was held by another transaction. */
    public List<String> busy() {
        return busy;
    }

    /** The decisions to record: all but those whose records Kafka did not acknowledge. */
    public List<Fire> recorded(Predicate<String> acknowledged) {
        return fires.stream().filter(f -> !f.decision().isNothing() && (!f.publishes() || acknowledged.test(f.key())))
                .toList();
    }

    /**
     * Where each timer goes: to its conversation's next due time, away when nothing is left, or, when Kafka did not
     * acknowledge its records, back to a retry with backoff, its decision not recorded (the retry publishes the same
     * ids). Busy timers are not marked.
     */
    public List<TimerMark> marks(Predicate<String> acknowledged) {
        List<TimerMark> marks = new ArrayList<>(fires.size() + orphans.size());
        for (Fire fire : fires) {
            if (fire.publishes() && !acknowledged.test(fire.key())) {
                marks.add(new TimerMark(fire.key(), now.plus(retryDelay(fire.timer().consecutiveFailures())), true));
            } else {
                marks.add(new TimerMark(fire.key(), rules.nextDue(fire.after()), false));
            }
        }
        orphans.forEach(key -> marks.add(new TimerMark(key, null, false)));
        return marks;
    }

    static Duration retryDelay(int failuresBefore) {
        Duration delay = FIRST_RETRY_DELAY.multipliedBy(1L << Math.min(failuresBefore, 16));
        return delay.compareTo(MAX_RETRY_DELAY) > 0 ? MAX_RETRY_DELAY : delay;
    }
}
