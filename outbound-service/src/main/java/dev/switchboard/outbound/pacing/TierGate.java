package dev.switchboard.outbound.pacing;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Whether a business-initiated request may go now under the channel's messaging tier ({@link TierQuota}), and if not,
 * whether it waits for room or fails: it waits until its deadline (set at intake: arrival + quota-max-wait, or its
 * notAfter if sooner), else at most {@code maxWait}.
 */
public final class TierGate {

    private final long limit;
    private final Duration maxWait;

    /** @param limit the tier's unique recipients per 24 h ({@link Long#MAX_VALUE}: unlimited, nothing to check) */
    public TierGate(long limit, Duration maxWait) {
        this.limit = limit;
        this.maxWait = maxWait;
    }

    /** What the tier's contacts say at a moment: about the recipient, and about the window. */
    public record Window(boolean alreadyReached, long recipients, Instant oldest) {
    }

    public sealed interface Verdict permits Go, Wait, Fail {
    }

    /** Send; first record {@code reserve} as the recipient's contact (null: reached in the window already, it costs nothing). */
    public record Go(Instant reserve) implements Verdict {
    }

    /** No room before {@code until}: wait for it, without counting an attempt. */
    public record Wait(Instant until) implements Verdict {
    }

    /** No room before {@code until}, which is past the request's deadline: it fails as quota_exhausted. */
    public record Fail(Instant until) implements Verdict {
    }

    /** The tier's unique recipients per 24 h. */
    public long limit() {
        return limit;
    }

    public boolean unlimited() {
        return limit == Long.MAX_VALUE;
    }

    /** The start of the rolling window that counts at {@code now}. */
    public static Instant windowStart(Instant now) {
        return now.minus(TierQuota.WINDOW);
    }

    /** @param deadline the request's, or null */
    public Verdict decide(Window window, Instant now, Instant deadline) {
        TierQuota.Decision decision = TierQuota.decide(limit, window.alreadyReached(), window.recipients(),
                window.oldest() == null ? now : window.oldest());
        if (decision.allowed()) {
            // Reserved before the send, so that concurrent sends cannot overshoot the tier together.
            return new Go(window.alreadyReached() ? null : now.truncatedTo(ChronoUnit.MICROS));
        }
        Instant latest = deadline != null ? deadline : now.plus(maxWait);
        return decision.until().isAfter(latest) ? new Fail(decision.until()) : new Wait(decision.until());
    }
}
