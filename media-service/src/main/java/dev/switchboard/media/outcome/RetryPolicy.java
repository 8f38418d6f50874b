package dev.switchboard.media.outcome;

import java.time.Duration;
import java.time.Instant;

import io.github.resilience4j.core.IntervalFunction;

/**
 * When a transient failure is tried again: exponential backoff with jitter (Resilience4j's {@link IntervalFunction}:
 * 2 s doubling to 2 min by default, ±50 %), a Retry-After first; and when to give up: after {@code maxAttempts}, or
 * when the next attempt would start later than {@code maxAge} after the job was recorded. With the defaults a file
 * is fetched, or given up on, within about ten minutes, well inside Meta's retention.
 */
public final class RetryPolicy {

    private final IntervalFunction backoff;
    private final Duration max;
    private final int maxAttempts;
    private final Duration maxAge;

    public RetryPolicy(Duration initial, Duration max, int maxAttempts, Duration maxAge) {
        this.backoff = IntervalFunction.ofExponentialRandomBackoff(initial, 2.0, 0.5, max);
        this.max = max;
        this.maxAttempts = maxAttempts;
        this.maxAge = maxAge;
    }

    /** Retry at an instant, or give up. */
    public sealed interface Next {
        record RetryAt(Instant at) implements Next {
        }

        record GiveUp(String why) implements Next {
        }
    }

    /**
     * @param attempts   attempts made so far (1 after the first)
     * @param recordedAt when the job was recorded
     * @param retryAfter the provider's Retry-After, or null
     */
    public Next after(int attempts, Instant recordedAt, Instant now, Duration retryAfter) {
        if (attempts >= maxAttempts) {
            return new Next.GiveUp("gave up after " + attempts + " attempts");
        }
        Duration wait = retryAfter != null && !retryAfter.isNegative()
                ? (retryAfter.compareTo(max) > 0 ? max : retryAfter)
                : Duration.ofMillis(backoff.apply(attempts));
        Instant at = now.plus(wait);
        if (at.isAfter(recordedAt.plus(maxAge))) {
            return new Next.GiveUp("gave up after " + attempts + " attempts: the next would be more than " + maxAge
                    + " after the message arrived");
        }
        return new Next.RetryAt(at);
    }
}
