package dev.switchboard.reminder.timer;

import java.time.Instant;

import dev.switchboard.events.Customer;
import dev.switchboard.events.OutboundKind;
import dev.switchboard.events.OutboundRequest;
import dev.switchboard.events.OutboundText;
import dev.switchboard.events.OutboundType;
import dev.switchboard.events.WindowEvent;
import dev.switchboard.events.WindowEventType;
import dev.switchboard.reminder.conversation.Conversation;

/**
 * The records a firing timer publishes. Their ids are made of the conversation and the window (the timestamp of the
 * message that opened it), never of the time they fire: a re-fire after a crash, or a second replica, produces the
 * same ids, and outbound-service sends a request id at most once, whatever it receives twice.
 */
public final class Announcements {

    private Announcements() {
    }

    /** {@code reminder:<channelId>:<customerId>:<epoch millis of the window's message>}. */
    public static String reminderRequestId(Conversation c) {
        return "reminder:" + windowId(c);
    }

    public static String windowEventId(WindowEventType type, Conversation c) {
        return (type == WindowEventType.REMINDER_DUE ? "reminder-due:" : "window-closed:") + windowId(c);
    }

    /**
     * The reminder as a text message, not to be sent after the window closes (outbound-service expires it), from the
     * number the customer last wrote to (null when not known: the channel's first number).
     */
    public static OutboundRequest reminder(Conversation c, String text, Instant windowClosesAt, Instant now) {
        return OutboundRequest.newBuilder()
                .setRequestId(reminderRequestId(c))
                .setKind(OutboundKind.REMINDER)
                .setChannelId(c.channelId())
                .setRecipient(Customer.newBuilder().setWaId(c.waId()).setUserId(c.userId()).build())
                .setRequestedAt(now)
                .setNotAfter(windowClosesAt)
                .setType(OutboundType.TEXT)
                .setText(OutboundText.newBuilder().setBody(text).build())
                .setTicketId(c.ticketId())
                .setBusinessNumberId(c.businessNumberId())
                .build();
    }

    public static WindowEvent windowEvent(WindowEventType type, Conversation c, Instant dueAt, Instant now) {
        return WindowEvent.newBuilder()
                .setEventId(windowEventId(type, c))
                .setType(type)
                .setChannelId(c.channelId())
                .setCustomer(c.customer())
                .setLastCustomerMessageId(c.lastMessageId())
                .setLastCustomerMessageAt(c.lastMessageAt())
                .setDueAt(dueAt)
                .setFiredAt(now)
                .setTicketId(c.ticketId())
                .build();
    }

    private static String windowId(Conversation c) {
        return c.channelId() + ":" + c.customerId() + ":" + c.lastMessageAt().toEpochMilli();
    }
}
