package dev.switchboard.outbound.dispatch;

import java.time.Duration;

import io.github.resilience4j.core.IntervalFunction;

/** How long to wait before the next attempt: Resilience4j's exponential backoff with jitter, Retry-After first. */
final class Backoff {

    private final IntervalFunction general;
    private final IntervalFunction recipient;
    private final Duration max;

    Backoff(OutboundSettings settings) {
        this.max = settings.maxBackoff();
        this.general = IntervalFunction.ofExponentialRandomBackoff(settings.initialBackoff(), 2.0, 0.5, settings.maxBackoff());
        // 131056: Meta suggests 4^X seconds (1, 4, 16, 64, 256); a little jitter spreads recipients apart.
        this.recipient = IntervalFunction.ofExponentialRandomBackoff(settings.recipientBackoff(), 4.0, 0.2, settings.maxBackoff());
    }

    /** @param attempt 1 for the wait after the first failed attempt */
    Duration general(int attempt, Duration retryAfter) {
        if (retryAfter != null && !retryAfter.isNegative()) {
            return retryAfter.compareTo(max) > 0 ? max : retryAfter;
        }
        return Duration.ofMillis(general.apply(attempt));
    }

    Duration recipient(int attempt) {
        return Duration.ofMillis(recipient.apply(attempt));
    }
}
