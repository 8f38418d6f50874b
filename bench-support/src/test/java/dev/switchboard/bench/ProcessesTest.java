package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessesTest {

    @TempDir
    Path dir;

    @Test
    void startsAChildJvmThatSaysReadyAndStopsItByClosingItsStdin() throws Exception {
        Path log = dir.resolve("child.log");
        Processes.Started child = Processes.startChild(ReadyChild.class, "-Xmx64m", List.of("4711"), log);
        try {
            assertThat(child.value()).isEqualTo("4711");
            assertThat(child.process().isAlive()).isTrue();

            Processes.stopChild(child.process());

            assertThat(child.process().waitFor(1, TimeUnit.SECONDS)).isTrue();
            assertThat(child.process().exitValue()).isZero();
            // what the child printed besides READY goes to its log
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(Files.readString(log)).contains("started with 4711").contains("stdin closed"));
        } finally {
            child.process().destroyForcibly();
        }
    }

    @Test
    void saysWhyAChildThatEndsBeforeItIsReadyDidNotStart() {
        Path log = dir.resolve("failing.log");

        assertThatThrownBy(() -> Processes.startChild(ReadyChild.class, "-Xmx64m", List.of("fail"), log))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ReadyChild did not start")
                .hasMessageContaining("refusing to start");
    }

    @Test
    void sumsPrometheusSamplesOverTheirLabels() {
        String text = """
                # HELP jvm_gc_pause_seconds Time spent in GC pause
                # TYPE jvm_gc_pause_seconds summary
                jvm_gc_pause_seconds_count{action="end of minor GC",cause="G1 Evacuation Pause"} 3.0
                jvm_gc_pause_seconds_count{action="end of major GC",cause="System.gc()"} 1.0
                process_uptime_seconds 12.5
                jvm_info{version="17"} NaN
                """;

        assertThat(Processes.prometheusText(text))
                .containsEntry("jvm_gc_pause_seconds_count", 4.0)
                .containsEntry("process_uptime_seconds", 12.5)
                .doesNotContainKey("jvm_info");
    }

    @Test
    void readsJavaThreadNamesByNativeIdFromAThreadDump() {
        String dump = """
                "ticket-inbound-messages-0-C-1" #42 daemon prio=5 os_prio=0 cpu=1.00ms elapsed=2.00s tid=0x00007f nid=0x1f3a runnable
                "main" #1 prio=5 os_prio=0 cpu=1.00ms elapsed=2.00s tid=0x00007e nid=123 waiting on condition
                   java.lang.Thread.State: RUNNABLE
                """;

        assertThat(Processes.threadNames(dump)).containsEntry(0x1f3aL, "ticket-inbound-messages-0-C-1")
                .containsEntry(123L, "main").hasSize(2);
    }

    @Test
    void tailsAFileAndSaysSoWhenItCannot() throws Exception {
        Path file = Files.writeString(dir.resolve("log"), "one\ntwo\nthree\n");

        assertThat(Processes.tail(file, 2)).isEqualTo("two\nthree");
        assertThat(Processes.tail(dir.resolve("missing"), 2)).startsWith("(cannot read");
    }

    /** A child: prints READY and its argument, then waits for its stdin to close; "fail" ends it at once. */
    public static final class ReadyChild {
        public static void main(String[] args) throws Exception {
            if (args[0].equals("fail")) {
                System.out.println("refusing to start");
                System.exit(3);
            }
            System.out.println("started with " + args[0]);
            System.out.println(Processes.READY + args[0]);
            System.out.flush();
            while (System.in.read() != -1) {
                // until the parent closes our stdin
            }
            System.out.println("stdin closed");
            System.out.flush();
        }
    }
}
