package dev.switchboard.outbound.dispatch;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param maxAttempts     sends of one request before a retryable error becomes a failed result (dead-letter)
 * @param initialBackoff  first wait after a rate limit or transient error; doubles each time, with jitter
 * @param maxBackoff      longest wait between attempts (a Retry-After from the provider is honoured up to this)
 * @param recipientBackoff first wait after 131056 (the pair rate limit); multiplied by 4 each time, for that
 *                        recipient only (Meta suggests 4^X seconds)
 * @param quotaMaxWait    how long a business-initiated message may wait for tier capacity before it fails as
 *                        quota_exhausted
 * @param maxInFlight     concurrent HTTP sends per channel
 */
@ConfigurationProperties("switchboard.outbound")
public record OutboundSettings(@DefaultValue("8") int maxAttempts, @DefaultValue("1s") Duration initialBackoff,
                               @DefaultValue("5m") Duration maxBackoff, @DefaultValue("1s") Duration recipientBackoff,
                               @DefaultValue("24h") Duration quotaMaxWait, @DefaultValue("256") int maxInFlight) {

    public OutboundSettings {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("switchboard.outbound.max-attempts must be at least 1, not " + maxAttempts);
        }
        if (initialBackoff.isNegative() || initialBackoff.isZero() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("switchboard.outbound.initial-backoff must be positive and at most"
                    + " max-backoff, not " + initialBackoff + " / " + maxBackoff);
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("switchboard.outbound.max-in-flight must be at least 1, not " + maxInFlight);
        }
    }
}
