package dev.switchboard.outbound.pacing;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * A number's throughput limit as a generic cell rate algorithm: sends are spaced 1/rate apart, and a sender that
 * fell behind (a slow database query, a GC pause) may catch up by at most {@code burst} sends. So no second,
 * wherever it starts, holds more than rate + burst sends, not at start-up and not after a pause; Resilience4j's
 * RateLimiter counts fixed periods, which lets a sliding second see a period's worth extra. The rate is set below
 * the configured limit by one message per second or 1 %, whichever is more, and that margin is the burst: 79/s
 * plus 1 for 80/s, 990/s plus 10 for 1,000/s. Any second stays within the limit; a long run achieves 98.75-99 %.
 */
public final class Pace {

    private final int limitPerSecond;
    private final long intervalNanos;
    private final long burstNanos;
    private final LongSupplier nanoTime;
    /** The theoretical time of the next send. */
    private long next;

    public Pace(int limitPerSecond) {
        this(limitPerSecond, System::nanoTime);
    }

    Pace(int limitPerSecond, LongSupplier nanoTime) {
        if (limitPerSecond < 1) {
            throw new IllegalArgumentException("limit must be at least 1 per second, not " + limitPerSecond);
        }
        this.limitPerSecond = limitPerSecond;
        double rate = effectiveRate(limitPerSecond);
        this.intervalNanos = (long) Math.ceil(TimeUnit.SECONDS.toNanos(1) / rate);
        this.burstNanos = (long) Math.floor(limitPerSecond - rate) * intervalNanos;
        this.nanoTime = nanoTime;
        this.next = nanoTime.getAsLong();
    }

    /** Messages per second actually allowed for a configured limit. */
    public static double effectiveRate(int limitPerSecond) {
        return limitPerSecond <= 1 ? limitPerSecond : Math.min(limitPerSecond - 1, limitPerSecond * 0.99);
    }

    /**
     * The pace of a new limit (the channel's throughput changed), going on from this one: its next slot stays where it
     * is, so the change gives no burst, only the spacing after it changes.
     */
    public Pace changedTo(int newLimitPerSecond) {
        Pace changed = new Pace(newLimitPerSecond, nanoTime);
        changed.next = next;
        return changed;
    }

    public int limitPerSecond() {
        return limitPerSecond;
    }

    public long intervalNanos() {
        return intervalNanos;
    }

    /** Reserves the next slot and returns how long to wait for it (0 if it is now). Single-threaded use. */
    public long reserve() {
        long now = nanoTime.getAsLong();
        long slot = Math.max(now, next - burstNanos);
        next = Math.max(next, slot) + intervalNanos;
        return slot - now;
    }

    /** Waits for the next slot; returns the nanoseconds waited. */
    public long acquire() throws InterruptedException {
        long wait = reserve();
        long deadline = nanoTime.getAsLong() + wait;
        for (long left = wait; left > 0; left = deadline - nanoTime.getAsLong()) {
            LockSupport.parkNanos(left);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
        return wait;
    }
}
