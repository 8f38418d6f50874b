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
 * @param throughputPause how long the whole number stops after a 130429 (its throughput reached) without a
 *                        Retry-After; doubled for each further 130429 in a row, reset by an accepted send. The failed
 *                        request itself waits for its own backoff.
 * @param throughputPauseMax the longest such pause (a Retry-After included)
 * @param maintenancePause how long the number stops after a 131057 (the account in maintenance, e.g. its throughput
 *                        being upgraded, which Meta says takes up to a minute); the refused request goes again after
 *                        it without counting an attempt
 * @param maintenanceMaxWait how long one request may wait out 131057s, from its first, before it fails as
 *                        retries_exhausted
 */
@ConfigurationProperties("switchboard.outbound")
public record OutboundSettings(@DefaultValue("8") int maxAttempts, @DefaultValue("1s") Duration initialBackoff,
                               @DefaultValue("5m") Duration maxBackoff, @DefaultValue("1s") Duration recipientBackoff,
                               @DefaultValue("24h") Duration quotaMaxWait, @DefaultValue("256") int maxInFlight,
                               @DefaultValue("1s") Duration throughputPause,
                               @DefaultValue("1m") Duration throughputPauseMax,
                               @DefaultValue("60s") Duration maintenancePause,
                               @DefaultValue("5m") Duration maintenanceMaxWait) {

    public OutboundSettings {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("switchboard.outbound.max-attempts must be at least 1, not " + maxAttempts);
        }
        if (initialBackoff.isNegative() || initialBackoff.isZero() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("switchboard.outbound.initial-backoff must be positive and at most"
                    + " max-backoff, not " + initialBackoff + " / " + maxBackoff);
        }
        if (throughputPause.isNegative() || throughputPause.isZero() || throughputPauseMax.compareTo(throughputPause) < 0) {
            throw new IllegalArgumentException("switchboard.outbound.throughput-pause must be positive and at most"
                    + " throughput-pause-max, not " + throughputPause + " / " + throughputPauseMax);
        }
        if (maintenancePause == null || maintenancePause.isNegative() || maintenancePause.isZero()
                || maintenanceMaxWait == null || maintenanceMaxWait.compareTo(maintenancePause) < 0) {
            throw new IllegalArgumentException("switchboard.outbound.maintenance-pause must be positive and at most"
                    + " maintenance-max-wait, not " + maintenancePause + " / " + maintenanceMaxWait);
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("switchboard.outbound.max-in-flight must be at least 1, not " + maxInFlight);
        }
    }
}
