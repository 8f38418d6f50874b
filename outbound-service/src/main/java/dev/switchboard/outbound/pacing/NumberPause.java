package dev.switchboard.outbound.pacing;

import java.time.Duration;
import java.time.Instant;

import io.github.resilience4j.core.IntervalFunction;

/**
 * How long a phone number stops sending after Meta answered 130429 (the number's throughput reached). The pause is
 * the answer's {@code Retry-After}, else {@code base}, doubled for each further 130429 in a row and reset by the next
 * accepted send; never longer than {@code max}. It is the number's pause only: the failed request waits for its own
 * backoff, which may be longer, while the number's other requests go on after the pause.
 *
 * <p>Only sends that left after the latest 130429 arrived count: answers to sends already on their way then are the
 * same overload answered late (at 1,000/s several are in flight), so they neither lengthen the pause in a row nor
 * reset it. Thread-safe: answers are recorded on the HTTP client's threads, the dispatcher reads {@link #until()}.
 */
public final class NumberPause {

    private final IntervalFunction inARowPause;
    private final Duration max;
    private int inARow;
    /** When the latest counted 130429 arrived; sends that left before it cannot tell anything new. */
    private Instant latestThrottle = Instant.EPOCH;
    private Instant until = Instant.EPOCH;

    public NumberPause(Duration base, Duration max) {
        if (base.isNegative() || base.isZero() || max.compareTo(base) < 0) {
            throw new IllegalArgumentException("the pause must be positive and at most its maximum, not " + base + " / " + max);
        }
        this.inARowPause = IntervalFunction.ofExponentialBackoff(base, 2.0, max);
        this.max = max;
    }

    /**
     * A send that left at {@code sentAt} was answered 130429 at {@code now}.
     *
     * @param retryAfter the answer's {@code Retry-After}, or null
     * @return until when the number sends nothing
     */
    public synchronized Instant throttled(Instant sentAt, Instant now, Duration retryAfter) {
        boolean news = !sentAt.isBefore(latestThrottle);
        if (news) {
            inARow++;
            latestThrottle = now;
        }
        Duration pause = retryAfter != null && !retryAfter.isNegative() ? retryAfter
                : news ? Duration.ofMillis(inARowPause.apply(inARow)) : Duration.ZERO;
        Instant end = now.plus(pause.compareTo(max) > 0 ? max : pause);
        if (end.isAfter(until)) {
            until = end;
        }
        return until;
    }

    /** A send that left at {@code sentAt} was accepted: the number is within its throughput again. */
    public synchronized void accepted(Instant sentAt) {
        if (!sentAt.isBefore(latestThrottle)) {
            inARow = 0;
        }
    }

    /** Until when the number sends nothing (in the past when it may send). */
    public synchronized Instant until() {
        return until;
    }

    /** 130429s in a row so far (sends that left after the previous one). */
    public synchronized int inARow() {
        return inARow;
    }
}
