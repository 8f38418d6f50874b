package dev.switchboard.testing.boundaries.pacing;

import org.springframework.util.Assert;

/** A rule class that reaches for Spring: what {@code Boundaries.rulesArePlainJava} must refuse. */
public class SpringAwarePacer {
    public long nextSlot(long now) {
        Assert.isTrue(now >= 0, "time runs forward");
        return now + 1;
    }
}
