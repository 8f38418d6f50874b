package dev.switchboard.reminder.timing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.switchboard.reminder.conversation.Conversation;
import dev.switchboard.reminder.timing.Decision.Close;
import dev.switchboard.reminder.timing.Decision.Reminder;

/** The reminder and close rules, in event time, without Spring, Kafka or a database. */
class WindowRulesTest {

    private static final Instant LAST = Instant.parse("2026-03-01T10:00:00Z");
    private static final Instant REMINDER_DUE = LAST.plus(Duration.ofHours(23));
    private static final Instant CLOSES = LAST.plus(Duration.ofHours(24));

    private final WindowRules rules = new WindowRules(Duration.ofHours(23), Duration.ofHours(24), Duration.ofDays(1));

    @Test
    void theReminderIsDue23HoursAfterTheLastMessageAndTheWindowCloses24HoursAfter() {
        Conversation fresh = conversation(true, false);
        assertThat(rules.nextDue(fresh)).isEqualTo(REMINDER_DUE);
        Conversation reminded = WindowRules.apply(fresh, rules.decide(fresh, true, REMINDER_DUE));
        assertThat(rules.nextDue(reminded)).isEqualTo(CLOSES);
        Conversation closed = WindowRules.apply(reminded, rules.decide(reminded, true, CLOSES));
        assertThat(rules.nextDue(closed)).isNull();
        assertThat(rules.nextDue(conversation(null, true, false, null, null))).isNull();
    }

    @Test
    void atTheReminderTimeItIsSentOnlyToAnOpenTicketOnAChannelWithRemindersAndACustomerWhoDidNotOptOut() {
        assertThat(rules.decide(conversation(true, false), true, REMINDER_DUE))
                .isEqualTo(new Decision(Reminder.SENT, null));
        assertThat(rules.decide(conversation(true, false), false, REMINDER_DUE).reminder()).isEqualTo(Reminder.CHANNEL_OFF);
        assertThat(rules.decide(conversation(false, false), true, REMINDER_DUE).reminder())
                .isEqualTo(Reminder.TICKET_NOT_OPEN);
        assertThat(rules.decide(conversation(true, true), true, REMINDER_DUE).reminder()).isEqualTo(Reminder.OPTED_OUT);
    }

    @Test
    void aTimerThatFiresEarlyDecidesNothing() {
        // A newer message moved the window after the timer was set: it fires, decides nothing, moves on.
        assertThat(rules.decide(conversation(true, false), true, REMINDER_DUE.minusMillis(1)).isNothing()).isTrue();
        assertThat(rules.decide(conversation(null, true, false, null, null), true, CLOSES).isNothing()).isTrue();
    }

    @Test
    void eachWindowGetsOneReminderDecisionAndOneCloseDecisionWhateverFiresAgain() {
        Conversation reminded = conversation(LAST, true, false, LAST, null);
        assertThat(rules.decide(reminded, true, REMINDER_DUE.plusSeconds(5)).isNothing()).isTrue();
        Conversation closed = conversation(LAST, true, false, LAST, LAST);
        assertThat(rules.decide(closed, true, CLOSES.plusSeconds(5)).isNothing()).isTrue();
        // A new window (a newer message) is decided afresh.
        Instant newer = LAST.plusSeconds(3600);
        Conversation next = conversation(newer, true, false, LAST, LAST);
        assertThat(rules.nextDue(next)).isEqualTo(newer.plus(Duration.ofHours(23)));
        assertThat(rules.decide(next, true, newer.plus(Duration.ofHours(23))).reminder()).isEqualTo(Reminder.SENT);
    }

    @Test
    void aReminderWhoseWindowHasClosedIsNotSentAndALateCloseIsAnnouncedWithinTheHorizonOnly() {
        Conversation fresh = conversation(true, false);
        assertThat(rules.decide(fresh, true, CLOSES)).isEqualTo(new Decision(Reminder.TOO_LATE, Close.ANNOUNCED));
        assertThat(rules.decide(fresh, true, CLOSES.plus(Duration.ofHours(23))))
                .isEqualTo(new Decision(Reminder.TOO_LATE, Close.ANNOUNCED));
        assertThat(rules.decide(fresh, true, CLOSES.plus(Duration.ofDays(1))))
                .isEqualTo(new Decision(Reminder.TOO_LATE, Close.NOT_ANNOUNCED));
        Conversation decided = WindowRules.apply(fresh, rules.decide(fresh, true, CLOSES.plus(Duration.ofDays(3))));
        assertThat(rules.nextDue(decided)).isNull();
        assertThat(decided.reminderOutcome()).isEqualTo("TOO_LATE");
        assertThat(decided.closeOutcome()).isEqualTo("NOT_ANNOUNCED");
    }

    private static Conversation conversation(boolean ticketOpen, boolean optedOut) {
        return conversation(LAST, ticketOpen, optedOut, null, null);
    }

    private static Conversation conversation(Instant last, boolean ticketOpen, boolean optedOut, Instant reminderFor,
                                             Instant closedFor) {
        return new Conversation("shop:4915", "shop", "4915", "4915", null, "Ana", "wamid.1", last, null, "T-1", ticketOpen,
                optedOut, reminderFor, null, closedFor, null);
    }
}
