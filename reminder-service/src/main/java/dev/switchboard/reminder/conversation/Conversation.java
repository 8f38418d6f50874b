package dev.switchboard.reminder.conversation;

import java.time.Instant;

import dev.switchboard.events.Customer;

/**
 * What reminder-service knows of one conversation (channel + customer): the customer's newest message by WhatsApp's
 * timestamp, their ticket, their opt-out, and what was already decided for the current window. A window is named by
 * the timestamp of the message that opened it ({@link #lastMessageAt}).
 *
 * @param businessNumberId the business number the customer's newest message was sent to (null for conversations
 *                         recorded before it was kept): the reminder goes from it
 * @param reminderFor the window whose reminder was decided (sent or suppressed); null when none was
 * @param closedFor   the window whose close was handled (announced or not); null when none was
 */
public record Conversation(String key, String channelId, String customerId, String waId, String userId,
                           String customerName, String lastMessageId, Instant lastMessageAt,
                           String businessNumberId, String ticketId,
                           boolean ticketOpen, boolean optedOut, Instant reminderFor, String reminderOutcome,
                           Instant closedFor, String closeOutcome) {

    /** The customer as events name them. */
    public Customer customer() {
        return Customer.newBuilder().setWaId(waId).setUserId(userId).setName(customerName).build();
    }

    public boolean reminderDecided() {
        return lastMessageAt != null && lastMessageAt.equals(reminderFor);
    }

    public boolean closeHandled() {
        return lastMessageAt != null && lastMessageAt.equals(closedFor);
    }
}
