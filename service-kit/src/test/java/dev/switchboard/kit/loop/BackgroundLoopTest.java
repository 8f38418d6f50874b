package dev.switchboard.kit.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

class BackgroundLoopTest {

    private static final Duration LONG = Duration.ofHours(1);
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** A loop whose rounds do what the test says and are counted, with the time each began. */
    static class Rounds extends BackgroundLoop {

        final List<Long> startedAtNanos = new CopyOnWriteArrayList<>();
        final List<String> threadNames = new CopyOnWriteArrayList<>();
        private final Supplier<Duration> round;

        Rounds(Options options, Supplier<Duration> round) {
            super(options);
            this.round = round;
        }

        @Override
        protected Duration runOnce() {
            startedAtNanos.add(System.nanoTime());
            threadNames.add(Thread.currentThread().getName());
            return round.get();
        }

        long alive() {
            return aliveThreads();
        }
    }

    @Test
    void aWakeUpEndsTheWaitAndOneRaisedBeforeTheWaitCounts() {
        WakeUp signal = new WakeUp();
        Rounds loop = new Rounds(BackgroundLoop.Options.named("wake-test").wakeUp(signal), () -> LONG);
        loop.start();
        try {
            await().atMost(WAIT).until(() -> loop.startedAtNanos.size() == 1);
            signal.raise();
            await().atMost(WAIT).until(() -> loop.startedAtNanos.size() == 2);
            loop.wakeUp();
            await().atMost(WAIT).until(() -> loop.startedAtNanos.size() == 3);
            assertThat(loop.threadNames).containsOnly("wake-test");
        } finally {
            loop.stop();
        }
    }

    @Test
    void aFailingRoundIsRetriedAfterABackOffThatDoublesAndResetsOnSuccess() {
        AtomicInteger calls = new AtomicInteger();
        // fails three times, succeeds (asking to go on at once), fails again, then waits for good
        Rounds loop = new Rounds(BackgroundLoop.Options.named("backoff-test")
                .backOff(Duration.ofMillis(100), Duration.ofMillis(250)), () -> {
            int call = calls.incrementAndGet();
            if (call <= 3 || call == 5) {
                throw new IllegalStateException("round " + call + " failed");
            }
            return call == 4 ? Duration.ZERO : LONG;
        });
        loop.start();
        try {
            await().atMost(WAIT).until(() -> loop.startedAtNanos.size() == 6);
            List<Long> gaps = gapsInMillis(loop.startedAtNanos);
            assertThat(gaps.get(0)).isGreaterThanOrEqualTo(100);
            assertThat(gaps.get(1)).isGreaterThanOrEqualTo(200);
            assertThat(gaps.get(2)).as("capped, not 400 ms").isGreaterThanOrEqualTo(250).isLessThan(400);
            assertThat(gaps.get(4)).as("after a success, the first back-off again").isGreaterThanOrEqualTo(100)
                    .isLessThan(200);
            assertThat(loop.isRunning()).isTrue();
        } finally {
            loop.stop();
        }
        assertThat(BackgroundLoop.backOff(BackgroundLoop.Options.named("x"), 1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(BackgroundLoop.backOff(BackgroundLoop.Options.named("x"), 3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(BackgroundLoop.backOff(BackgroundLoop.Options.named("x"), 60)).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void stopLetsTheRoundInProgressFinishAndStartsNoOther() throws Exception {
        CountDownLatch inRound = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        AtomicInteger finished = new AtomicInteger();
        Rounds loop = new Rounds(BackgroundLoop.Options.named("stop-test"), () -> {
            inRound.countDown();
            try {
                finish.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException("interrupted: a graceful stop does not interrupt", e);
            }
            finished.incrementAndGet();
            return Duration.ZERO;
        });
        loop.start();
        assertThat(inRound.await(10, TimeUnit.SECONDS)).isTrue();

        Thread stopping = new Thread(loop::stop);
        stopping.start();
        await().atMost(WAIT).until(() -> !loop.isRunning());
        assertThat(stopping.isAlive()).as("stop waits for the round").isTrue();
        finish.countDown();
        stopping.join(WAIT.toMillis());

        assertThat(stopping.isAlive()).isFalse();
        assertThat(finished).hasValue(1);
        assertThat(loop.startedAtNanos).hasSize(1);
        assertThat(loop.alive()).isZero();
    }

    @Test
    void stopEndsTheWaitsOfEveryThreadAtOnce() {
        Rounds loop = new Rounds(BackgroundLoop.Options.named("threads-test").threads(3), () -> LONG);
        loop.start();
        await().atMost(WAIT).until(() -> loop.startedAtNanos.size() == 3);
        assertThat(loop.threadNames).containsExactlyInAnyOrder("threads-test-0", "threads-test-1", "threads-test-2");
        assertThat(loop.alive()).isEqualTo(3);

        long before = System.nanoTime();
        loop.stop();

        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(5));
        assertThat(loop.alive()).isZero();
        assertThat(loop.startedAtNanos).hasSize(3);
    }

    private static List<Long> gapsInMillis(List<Long> nanos) {
        List<Long> gaps = new java.util.ArrayList<>();
        for (int i = 1; i < nanos.size(); i++) {
            gaps.add(TimeUnit.NANOSECONDS.toMillis(nanos.get(i) - nanos.get(i - 1)));
        }
        return gaps;
    }
}
