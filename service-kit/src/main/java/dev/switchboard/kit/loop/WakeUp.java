package dev.switchboard.kit.loop;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A signal that ends a {@link BackgroundLoop}'s wait early: raised by whoever made new work (a commit), it makes the
 * loop look at once instead of at its next poll. A raise before the wait counts; raises before one wait coalesce.
 */
public class WakeUp {

    private boolean raised;

    public synchronized void raise() {
        raised = true;
        notifyAll();
    }

    /** Waits until raised or the timeout passes; returns whether it was raised (and takes the raise). */
    public boolean await(Duration timeout) throws InterruptedException {
        return await(timeout, () -> true);
    }

    /** As {@link #await(Duration)}, and also returns (false) as soon as {@code stillWaiting} says no after a raise. */
    synchronized boolean await(Duration timeout, BooleanSupplier stillWaiting) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!raised) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !stillWaiting.getAsBoolean()) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        raised = false;
        return true;
    }
}
