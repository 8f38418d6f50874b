package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

class CpuMeterTest {

    @Test
    void readsTheTicksOfAStatLineWhoseNameHoldsSpacesAndParentheses() {
        String stat = "4242 (kafka-producer (1) x) S 1 4242 4242 0 -1 4194560 0 0 0 0 1234 56 78 9 20 0 40 0 100 0";

        assertThat(CpuMeter.stat(stat)).containsExactly(1234, 56, 78, 9);
        assertThat(CpuMeter.comm(stat)).isEqualTo("kafka-producer (1) x");
        assertThat(CpuMeter.stat("4242 (truncated) S 1")).isNull();
    }

    @Test
    void countsStealAsBusyAndIdleAndIowaitAsNot() {
        // user nice system idle iowait irq softirq steal
        assertThat(CpuMeter.machine("cpu  100 5 20 1000 30 1 2 7 0 0")).containsExactly(135, 1165);
        assertThat(CpuMeter.machine("cpu  100 5 20 1000 30 1 2")).containsExactly(128, 1158);
        assertThat(CpuMeter.machine("garbage")).containsExactly(-1, -1);
    }

    @Test
    void namesPostgresProcessesByTheirTitle() {
        assertThat(CpuMeter.postgresRole("postgres: postgres switchboard 127.0.0.1(51234) idle\0")).isEqualTo("backend switchboard");
        assertThat(CpuMeter.postgresRole("postgres: walwriter \0")).isEqualTo("walwriter");
        assertThat(CpuMeter.postgresRole("postgres: autovacuum worker switchboard\0")).isEqualTo("autovacuum worker switchboard");
        assertThat(CpuMeter.postgresRole("")).isEqualTo("exiting");
        assertThat(CpuMeter.postgresRole("/usr/bin/bash\0-c\0")).isEqualTo("other");
    }

    @Test
    void groupsThreadsWithoutTheirRunningNumbers() {
        assertThat(CpuMeter.group("reactor-http-nio-3")).isEqualTo("reactor-http-nio");
        assertThat(CpuMeter.group("ticket-inbound-messages-1-C-1")).isEqualTo("ticket-inbound-messages-C");
        assertThat(CpuMeter.group("C2 CompilerThread0")).isEqualTo("C2 CompilerThread");
        assertThat(CpuMeter.group("42")).isEqualTo("42");
        assertThat(CpuMeter.runDelay("123 456 7\n")).isEqualTo(456);
        assertThat(CpuMeter.runDelay("")).isEqualTo(-1);
    }

    @Test
    void seesTheCpuOfAThreadOfThisJvmUnderItsGroup() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "needs Linux /proc");
        Map<String, CpuMeter.Target> self = Map.of("test", CpuMeter.Target.jvm(ProcessHandle.current()));
        CpuMeter.Snapshot before = CpuMeter.snapshot(self);
        CountDownLatch burnt = new CountDownLatch(1);
        CountDownLatch measured = new CountDownLatch(1);
        Thread burner = new Thread(() -> {
            burn();
            burnt.countDown();
            awaitQuietly(measured); // alive at the second snapshot: an ended thread's last interval is not counted
        }, "bench-burner-1");
        burner.start();
        burnt.await();
        CpuMeter.Usage usage = CpuMeter.between(before, CpuMeter.snapshot(self));
        measured.countDown();
        burner.join();

        // 300 ms of CPU are 30 ticks; /proc counts in whole ticks and may still be short of the last one
        assertThat(usage.part("test", "bench-burner") * usage.wallSeconds()).isGreaterThan(0.2);
        assertThat(usage.cores("test")).isGreaterThanOrEqualTo(usage.part("test", "bench-burner"));
        assertThat(usage.kernel("test")).isGreaterThanOrEqualTo(0);
        assertThat(usage.waiting("test")).isGreaterThanOrEqualTo(0);
        assertThat(usage.machineCores()).isEqualTo(Runtime.getRuntime().availableProcessors());
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs until this thread has used 300 ms of CPU. */
    static void burn() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sink = 0;
        while (threads.getCurrentThreadCpuTime() < 300_000_000L) {
            for (int i = 0; i < 100_000; i++) {
                sink += Long.hashCode(sink * 31 + i);
            }
        }
        if (sink == 42) {
            System.out.println(sink);
        }
    }
}
