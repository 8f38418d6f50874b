package dev.switchboard.reminder.timer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.switchboard.events.OutboundKind;
import dev.switchboard.events.OutboundRequest;
import dev.switchboard.events.OutboundType;
import dev.switchboard.events.WindowEvent;
import dev.switchboard.events.WindowEventType;
import dev.switchboard.reminder.conversation.Conversation;

/** The ids of what a timer publishes depend on the conversation and its window only, never on when it fires. */
class AnnouncementsTest {

    private static final Instant LAST = Instant.parse("2026-03-01T10:00:00.123Z");
    private final Conversation conversation = new Conversation("shop:4915", "shop", "4915", "4915", "US.1", "Ana",
            "wamid.1", LAST, "100200300", "T-7", true, false, null, null, null, null);

    @Test
    void aReFireOrAnotherReplicaProducesTheSameIds() {
        OutboundRequest first = Announcements.reminder(conversation, "Still there?", LAST.plusSeconds(86_400),
                Instant.parse("2026-03-02T09:00:00Z"));
        OutboundRequest again = Announcements.reminder(conversation, "Still there?", LAST.plusSeconds(86_400),
                Instant.parse("2026-03-02T09:00:07Z"));
        assertThat(first.getRequestId()).isEqualTo("reminder:shop:4915:" + LAST.toEpochMilli())
                .isEqualTo(again.getRequestId());
        assertThat(Announcements.windowEvent(WindowEventType.WINDOW_CLOSED, conversation, LAST, Instant.now())
                .getEventId()).isEqualTo("window-closed:shop:4915:" + LAST.toEpochMilli());
        assertThat(Announcements.windowEvent(WindowEventType.REMINDER_DUE, conversation, LAST, Instant.now())
                .getEventId()).isEqualTo("reminder-due:shop:4915:" + LAST.toEpochMilli());
    }

    @Test
    void theReminderIsATextToTheCustomerFromTheNumberTheyWroteToThatExpiresWithTheWindow() {
        Instant closes = LAST.plusSeconds(86_400);
        OutboundRequest reminder = Announcements.reminder(conversation, "Still there?", closes, LAST);
        assertThat(reminder.getKind()).isEqualTo(OutboundKind.REMINDER);
        assertThat(reminder.getType()).isEqualTo(OutboundType.TEXT);
        assertThat(reminder.getText().getBody()).isEqualTo("Still there?");
        assertThat(reminder.getRecipient().getWaId()).isEqualTo("4915");
        assertThat(reminder.getRecipient().getUserId()).isEqualTo("US.1");
        assertThat(reminder.getNotAfter()).isEqualTo(closes);
        assertThat(reminder.getBusinessInitiated()).isFalse();
        assertThat(reminder.getTicketId()).isEqualTo("T-7");
        assertThat(reminder.getBusinessNumberId()).isEqualTo("100200300");
        WindowEvent closed = Announcements.windowEvent(WindowEventType.WINDOW_CLOSED, conversation, closes, closes);
        assertThat(closed.getLastCustomerMessageId()).isEqualTo("wamid.1");
        assertThat(closed.getCustomer().getName()).isEqualTo("Ana");
    }
}
