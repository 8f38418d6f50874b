package dev.switchboard.outbound.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Exact percentiles of a few thousand values (microseconds), and the sliding-second counts of the rate phases. */
final class Stats {

    private final long[] sorted;

    Stats(long[] values) {
        sorted = values.clone();
        Arrays.sort(sorted);
    }

    static Stats of(List<Long> values) {
        return new Stats(values.stream().mapToLong(Long::longValue).toArray());
    }

    int count() {
        return sorted.length;
    }

    /** The value at or below which {@code p} percent of the values lie (nearest rank); NaN when empty. */
    double at(double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    double max() {
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1];
    }

    double mean() {
        return sorted.length == 0 ? Double.NaN : Arrays.stream(sorted).average().orElse(Double.NaN);
    }

    /** "p50 1.23  p90 ...  p99 ...  max ..." in milliseconds, from microseconds. */
    String ms() {
        if (sorted.length == 0) {
            return "(none)";
        }
        return String.format(Locale.ROOT, "p50 %6.2f  p90 %6.2f  p99 %6.2f  max %7.2f ms (n=%d)", at(50) / 1000, at(90) / 1000,
                at(99) / 1000, max() / 1000, sorted.length);
    }

    /** The most events in any window [t, t + 1 s) starting at an event; {@code nanos} sorted. */
    static int maxInAnySecond(long[] nanos) {
        int max = 0;
        int start = 0;
        for (int end = 0; end < nanos.length; end++) {
            while (nanos[end] - nanos[start] >= 1_000_000_000L) {
                start++;
            }
            max = Math.max(max, end - start + 1);
        }
        return max;
    }

    /** Events in [from, to); {@code nanos} sorted. */
    static int countBetween(long[] nanos, long from, long to) {
        int a = lowerBound(nanos, from);
        int b = lowerBound(nanos, to);
        return b - a;
    }

    private static int lowerBound(long[] sorted, long value) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
