package dev.switchboard.ticket.receipts;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param keepUnmatched how long a receipt whose message is not known waits in pending_status for the result that
 *                      names it; then it is deleted (receipts of reminders, or of messages sent outside Switchboard,
 *                      are never claimed)
 * @param cleanupInterval how often each replica deletes them
 */
@ConfigurationProperties("switchboard.receipts")
public record ReceiptSettings(@DefaultValue("7d") Duration keepUnmatched, @DefaultValue("1h") Duration cleanupInterval) {

    public ReceiptSettings {
        if (keepUnmatched.compareTo(Duration.ofHours(1)) < 0) {
            throw new IllegalArgumentException("switchboard.receipts.keep-unmatched must be at least 1h, not " + keepUnmatched);
        }
        if (cleanupInterval.isNegative() || cleanupInterval.isZero()) {
            throw new IllegalArgumentException("switchboard.receipts.cleanup-interval must be positive, not " + cleanupInterval);
        }
    }
}
