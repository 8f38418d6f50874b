package dev.switchboard.outbound.pacing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class PaceTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    /** Sends scheduled by a busy sender that always wants to go, with a clock that jumps around a little. */
    private static List<Long> slots(int limit, int sends, long seed) {
        AtomicLong now = new AtomicLong(1_000_000_000L);
        Pace pace = new Pace(limit, now::get);
        Random random = new Random(seed);
        List<Long> slots = new ArrayList<>();
        for (int i = 0; i < sends; i++) {
            long wait = pace.reserve();
            slots.add(now.get() + wait);
            // The sender wakes up at its slot, or a little late, or does other work first.
            now.addAndGet(wait + (random.nextInt(4) == 0 ? random.nextInt(3_000_000) : 0));
        }
        return slots;
    }

    private static int maxInAnySecond(List<Long> sorted) {
        int max = 0;
        for (int start = 0, end = 0; end < sorted.size(); end++) {
            while (sorted.get(end) - sorted.get(start) >= SECOND) {
                start++;
            }
            max = Math.max(max, end - start + 1);
        }
        return max;
    }

    @Test
    void noSecondEverHoldsMoreThanTheLimit() {
        for (int limit : new int[] {1, 20, 80, 250, 1000}) {
            List<Long> slots = slots(limit, limit * 5, limit);
            assertThat(maxInAnySecond(slots)).as("limit %d", limit).isLessThanOrEqualTo(limit);
        }
    }

    @Test
    void theAchievedRateIsWithinTwoPercentOfTheLimit() {
        for (int limit : new int[] {80, 1000}) {
            List<Long> slots = slots(limit, limit * 60, 7);
            double seconds = (slots.get(slots.size() - 1) - slots.get(0)) / (double) SECOND;
            double rate = (slots.size() - 1) / seconds;
            assertThat(rate).as("limit %d", limit).isBetween(limit * 0.98, limit * 1.0);
        }
    }

    @Test
    void anIdleSenderSavesUpNoMoreThanTheBurst() {
        AtomicLong now = new AtomicLong(0);
        Pace pace = new Pace(1000, now::get);
        assertThat(pace.reserve()).isZero();
        now.addAndGet(10 * SECOND); // idle for ten seconds: only the burst (10 at 1,000/s) is saved up
        int immediately = 0;
        while (pace.reserve() == 0) {
            immediately++;
        }
        assertThat(immediately).isEqualTo(11);
    }

    @Test
    void aChangedLimitGoesOnFromTheNextSlotWithoutABurst() {
        AtomicLong now = new AtomicLong(1_000_000_000L);
        Pace slow = new Pace(10, now::get);
        for (int i = 0; i < 3; i++) {
            slow.reserve(); // the next slot is now 300 ms ahead
        }

        Pace fast = slow.changedTo(1000);
        long first = fast.reserve();
        long second = fast.reserve();

        assertThat(fast.limitPerSecond()).isEqualTo(1000);
        // A fresh pace would send at once; the changed one waits for the slot the old one had given out, less the
        // new limit's burst (10 ms at 1,000/s), then keeps the new spacing.
        assertThat(new Pace(1000, now::get).reserve()).isZero();
        assertThat(first).isGreaterThan(TimeUnit.MILLISECONDS.toNanos(250));
        assertThat(second - first).isEqualTo(fast.intervalNanos());
    }

    @Test
    void acquireReallyWaitsForTheSlot() throws InterruptedException {
        Pace pace = new Pace(50);
        long start = System.nanoTime();
        for (int i = 0; i < 11; i++) {
            pace.acquire();
        }
        // The first goes at once and one more may use the burst; the other nine each wait an interval.
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(9 * pace.intervalNanos());
    }
}
