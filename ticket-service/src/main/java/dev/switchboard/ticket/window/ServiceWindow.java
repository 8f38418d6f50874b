package dev.switchboard.ticket.window;

import java.time.Duration;
import java.time.Instant;

/**
 * WhatsApp's customer service window: free-form messages may be sent until {@code duration} after the customer's
 * newest message, by WhatsApp's timestamp of that message (not by when we received it); templates at any time.
 */
public record ServiceWindow(Instant lastCustomerMessageAt, Duration duration) {

    /** When the window closes; null when the customer has never written. */
    public Instant expiresAt() {
        return lastCustomerMessageAt == null ? null : lastCustomerMessageAt.plus(duration);
    }

    public boolean isOpenAt(Instant now) {
        Instant expiresAt = expiresAt();
        return expiresAt != null && now.isBefore(expiresAt);
    }
}
