package dev.switchboard.outbound.outcome;

import java.time.Duration;

import io.github.resilience4j.core.IntervalFunction;

/** How long to wait before the next attempt: Resilience4j's exponential backoff with jitter, Retry-After first. */
public final class Backoff {

    private final IntervalFunction general;
    private final IntervalFunction recipient;
    private final Duration max;

    /**
     * @param initial   the first wait after a rate limit or transient error (doubled each time)
     * @param recipient the first wait after 131056 (× 4 each time)
     * @param max       the longest wait, a Retry-After included
     */
    public Backoff(Duration initial, Duration recipient, Duration max) {
        this.max = max;
        this.general = IntervalFunction.ofExponentialRandomBackoff(initial, 2.0, 0.5, max);
        // 131056: Meta suggests 4^X seconds (1, 4, 16, 64, 256); a little jitter spreads recipients apart.
        this.recipient = IntervalFunction.ofExponentialRandomBackoff(recipient, 4.0, 0.2, max);
    }

    /** @param attempt 1 for the wait after the first failed attempt */
    public Duration general(int attempt, Duration retryAfter) {
        if (retryAfter != null && !retryAfter.isNegative()) {
            return retryAfter.compareTo(max) > 0 ? max : retryAfter;
        }
        return Duration.ofMillis(general.apply(attempt));
    }

    public Duration recipient(int attempt) {
        return Duration.ofMillis(recipient.apply(attempt));
    }
}
