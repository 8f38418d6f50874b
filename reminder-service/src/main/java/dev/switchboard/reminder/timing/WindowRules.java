package dev.switchboard.reminder.timing;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import dev.switchboard.reminder.conversation.Conversation;

/**
 * The rules of the reminder and the window's close, in event time: everything is counted from WhatsApp's timestamp
 * of the customer's last message, so a replay of the same events decides the same. Each window gets at most one
 * reminder decision and one close decision, whatever fires how often.
 */
public final class WindowRules {

    private final Duration reminderDelay;
    private final Duration window;
    private final Duration lateCloseHorizon;

    public WindowRules(Duration reminderDelay, Duration window, Duration lateCloseHorizon) {
        this.reminderDelay = Objects.requireNonNull(reminderDelay);
        this.window = Objects.requireNonNull(window);
        this.lateCloseHorizon = Objects.requireNonNull(lateCloseHorizon);
    }

    public Instant reminderDueAt(Instant lastMessageAt) {
        return lastMessageAt.plus(reminderDelay);
    }

    public Instant closesAt(Instant lastMessageAt) {
        return lastMessageAt.plus(window);
    }

    /**
     * What a timer firing at {@code now} decides for the conversation's current window.
     *
     * @param remindersOn whether the channel sends reminders
     */
    public Decision decide(Conversation conversation, boolean remindersOn, Instant now) {
        Instant last = conversation.lastMessageAt();
        if (last == null) {
            return Decision.NOTHING;
        }
        boolean closed = !now.isBefore(closesAt(last));
        Decision.Reminder reminder = null;
        if (!conversation.reminderDecided() && !now.isBefore(reminderDueAt(last))) {
            reminder = closed ? Decision.Reminder.TOO_LATE
                    : !remindersOn ? Decision.Reminder.CHANNEL_OFF
                    : !conversation.ticketOpen() ? Decision.Reminder.TICKET_NOT_OPEN
                    : conversation.optedOut() ? Decision.Reminder.OPTED_OUT
                    : Decision.Reminder.SENT;
        }
        Decision.Close close = null;
        if (!conversation.closeHandled() && closed) {
            close = now.isBefore(closesAt(last).plus(lateCloseHorizon)) ? Decision.Close.ANNOUNCED
                    : Decision.Close.NOT_ANNOUNCED;
        }
        return new Decision(reminder, close);
    }

    /**
     * When the conversation's timer must fire next: the reminder's due time until it is decided, then the window's
     * close until that is handled; null when nothing is left for the current window (the timer can go).
     */
    public Instant nextDue(Conversation conversation) {
        Instant last = conversation.lastMessageAt();
        if (last == null) {
            return null;
        }
        if (!conversation.reminderDecided()) {
            return reminderDueAt(last);
        }
        if (!conversation.closeHandled()) {
            return closesAt(last);
        }
        return null;
    }

    /** The conversation once the decision is recorded against its current window. */
    public static Conversation apply(Conversation c, Decision decision) {
        Instant window = c.lastMessageAt();
        return new Conversation(c.key(), c.channelId(), c.customerId(), c.waId(), c.userId(), c.customerName(),
                c.lastMessageId(), window, c.businessNumberId(), c.ticketId(), c.ticketOpen(), c.optedOut(),
                decision.reminder() == null ? c.reminderFor() : window,
                decision.reminder() == null ? c.reminderOutcome() : decision.reminder().name(),
                decision.close() == null ? c.closedFor() : window,
                decision.close() == null ? c.closeOutcome() : decision.close().name());
    }
}
