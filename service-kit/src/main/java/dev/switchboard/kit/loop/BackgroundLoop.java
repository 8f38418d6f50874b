package dev.switchboard.kit.loop;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * A background job that runs in rounds on threads of its own (an outbox relay, a timer loop), started and stopped
 * with the application context. Each round ({@link #runOnce()}) says how long to wait before the next; a
 * {@link WakeUp} ends the wait early. A round that throws is logged and retried after a back-off that doubles from
 * {@link Options#firstBackOff()} to {@link Options#maxBackOff()} and resets after a round that succeeds. On stop,
 * each thread finishes its round (at most {@link Options#stopTimeout()} for all of them) and no new one begins.
 *
 * <p>A subclass supplies the round; what it does stays in its service.
 */
public abstract class BackgroundLoop implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BackgroundLoop.class);

    /**
     * @param name         the thread's name; with several threads, {@code name-0}, {@code name-1}, ...
     * @param threads      threads running rounds at once
     * @param phase        the SmartLifecycle phase (stopped in descending order: a higher phase stops earlier)
     * @param stopTimeout  how long stop waits for the threads to finish their round
     * @param firstBackOff the wait after a round that failed, doubling with each failure in a row ...
     * @param maxBackOff   ... up to this
     * @param wakeUp       the signal that ends a wait early
     */
    public record Options(String name, int threads, int phase, Duration stopTimeout, Duration firstBackOff,
                         Duration maxBackOff, WakeUp wakeUp) {

        public Options {
            if (threads < 1) {
                throw new IllegalArgumentException(name + ": at least one thread, not " + threads);
            }
            if (firstBackOff.compareTo(maxBackOff) > 0) {
                throw new IllegalArgumentException(name + ": back-off " + firstBackOff + " exceeds its maximum "
                        + maxBackOff);
            }
        }

        /** One thread, the default phase, 35 s to stop, back-off from 1 s to a minute, a wake-up of its own. */
        public static Options named(String name) {
            return new Options(name, 1, SmartLifecycle.DEFAULT_PHASE, Duration.ofSeconds(35), Duration.ofSeconds(1),
                    Duration.ofMinutes(1), new WakeUp());
        }

        public Options threads(int count) {
            return new Options(name, count, phase, stopTimeout, firstBackOff, maxBackOff, wakeUp);
        }

        public Options phase(int value) {
            return new Options(name, threads, value, stopTimeout, firstBackOff, maxBackOff, wakeUp);
        }

        public Options stopTimeout(Duration value) {
            return new Options(name, threads, phase, value, firstBackOff, maxBackOff, wakeUp);
        }

        public Options backOff(Duration first, Duration max) {
            return new Options(name, threads, phase, stopTimeout, first, max, wakeUp);
        }

        public Options wakeUp(WakeUp value) {
            return new Options(name, threads, phase, stopTimeout, firstBackOff, maxBackOff, value);
        }
    }

    private final Options options;
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private volatile boolean running;

    protected BackgroundLoop(Options options) {
        this.options = options;
    }

    /**
     * One round of work.
     *
     * @return how long to wait before the next round: {@link Duration#ZERO} to go on at once (more work is there)
     */
    protected abstract Duration runOnce();

    /** Ends the current wait (or the next one) of a thread early. */
    public void wakeUp() {
        options.wakeUp().raise();
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        for (int i = 0; i < options.threads(); i++) {
            Thread thread = new Thread(this::runWhileRunning,
                    options.threads() == 1 ? options.name() : options.name() + "-" + i);
            threads.add(thread);
            thread.start();
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        options.wakeUp().raise();
        long deadline = System.nanoTime() + options.stopTimeout().toNanos();
        for (Thread thread : threads) {
            try {
                thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        threads.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return options.phase();
    }

    /** Threads of this loop alive now: all of them while it runs as it should (for health indicators). */
    protected long aliveThreads() {
        return threads.stream().filter(Thread::isAlive).count();
    }

    protected Options options() {
        return options;
    }

    /** The wait after {@code failuresInARow} failed rounds (1 for the first). */
    static Duration backOff(Options options, int failuresInARow) {
        Duration pause = options.firstBackOff().multipliedBy(1L << Math.min(failuresInARow - 1, 20));
        return pause.compareTo(options.maxBackOff()) > 0 ? options.maxBackOff() : pause;
    }

    private void runWhileRunning() {
        int failures = 0;
        while (running) {
            Duration pause;
            try {
                pause = runOnce();
                failures = 0;
            } catch (RuntimeException e) {
                pause = backOff(options, ++failures);
                log.warn("{} failed, retrying in {}: {}", options.name(), pause, e.toString());
            }
            if (pause.isZero() || pause.isNegative()) {
                continue;
            }
            try {
                options.wakeUp().await(pause, () -> running);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
