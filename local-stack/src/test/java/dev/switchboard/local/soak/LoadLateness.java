package dev.switchboard.local.soak;

/**
 * How late the open-loop schedule ran: milliseconds from a webhook's intended time to its first send, in buckets
 * exact to 1 ms below 100 ms and within 5 % above (up to an hour). Thread-safe (synchronized; a few hundred records a
 * second).
 */
final class LoadLateness {

    private static final int EXACT = 100;
    private static final double STEP = Math.log(1.05);
    private static final int BUCKETS = EXACT + (int) Math.ceil(Math.log(3_600_000.0 / EXACT) / STEP) + 1;

    private final long[] counts = new long[BUCKETS];
    private long total;
    private long max;

    synchronized void record(long lateMillis) {
        long late = Math.max(0, lateMillis);
        counts[bucket(late)]++;
        total++;
        max = Math.max(max, late);
    }

    /** The quantile (0..1) in milliseconds (a bucket's upper bound), 0 when nothing was recorded. */
    synchronized long quantile(double q) {
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= Math.max(1, rank)) {
                return Math.min(max, upperBound(i));
            }
        }
        return max;
    }

    synchronized long max() {
        return max;
    }

    synchronized long count() {
        return total;
    }

    /** What was recorded so far, and starts again (the progress line's interval). */
    synchronized LoadLateness drain() {
        LoadLateness copy = new LoadLateness();
        System.arraycopy(counts, 0, copy.counts, 0, BUCKETS);
        copy.total = total;
        copy.max = max;
        java.util.Arrays.fill(counts, 0);
        total = 0;
        max = 0;
        return copy;
    }

    static int bucket(long late) {
        if (late < EXACT) {
            return (int) late;
        }
        return Math.min(BUCKETS - 1, EXACT + (int) Math.ceil(Math.log((double) late / EXACT) / STEP));
    }

    static long upperBound(int bucket) {
        if (bucket < EXACT) {
            return bucket;
        }
        return (long) Math.floor(EXACT * Math.exp((bucket - EXACT) * STEP));
    }
}
