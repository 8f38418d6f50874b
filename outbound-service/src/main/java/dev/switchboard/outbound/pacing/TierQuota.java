package dev.switchboard.outbound.pacing;

import java.time.Duration;
import java.time.Instant;

/**
 * WhatsApp's messaging tier: a number may start business-initiated conversations with at most {@code limit}
 * unique customers in any rolling 24 hours. Sending again to a customer already reached in that window costs
 * nothing; a new customer over the limit must wait until the oldest contact leaves the window.
 */
public final class TierQuota {

    public static final Duration WINDOW = Duration.ofHours(24);

    private TierQuota() {
    }

    /** Go now, or wait until {@code until}. */
    public record Decision(boolean allowed, Instant until) {
        static Decision go() {
            return new Decision(true, null);
        }
    }

    /**
     * @param limit             the tier's unique recipients per 24 h
     * @param alreadyReached    the recipient already got a business-initiated message inside the window
     * @param reachedInWindow   unique recipients inside the window
     * @param oldestInWindow    the oldest of those contacts (null if none)
     */
    public static Decision decide(long limit, boolean alreadyReached, long reachedInWindow, Instant oldestInWindow) {
        if (alreadyReached || reachedInWindow < limit) {
            return Decision.go();
        }
        return new Decision(false, oldestInWindow.plus(WINDOW));
    }
}
