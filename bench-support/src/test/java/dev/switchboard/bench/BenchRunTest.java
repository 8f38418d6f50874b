package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchRunTest {

    @TempDir
    Path dir;

    @Test
    void writesTheOutputToTheConsoleAndTheTranscriptAndStopsWhatTheBenchmarkStarted() throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        AtomicInteger stops = new AtomicInteger();

        int exit = BenchRun.execute(dir, out -> benchmark(out, () -> out.println("[a] 1,234 events/s"), stops),
                new PrintStream(console, true, StandardCharsets.UTF_8));

        assertThat(exit).isZero();
        assertThat(stops).hasValue(1);
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("[a] 1,234 events/s");
        assertThat(Files.readString(dir.resolve("bench-output.txt"))).contains("[a] 1,234 events/s")
                .contains("Transcript: " + dir.resolve("bench-output.txt"));
    }

    @Test
    void aFailedBenchmarkSaysSoAndExitsWithOne() throws Exception {
        AtomicInteger stops = new AtomicInteger();

        int exit = BenchRun.execute(dir, out -> benchmark(out, () -> {
            throw new IllegalStateException("no service jar");
        }, stops), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        assertThat(exit).isEqualTo(1);
        assertThat(stops).hasValue(1);
        assertThat(Files.readString(dir.resolve("bench-output.txt")))
                .contains("BENCHMARK FAILED: java.lang.IllegalStateException: no service jar");
    }

    @Test
    void metricDeltasTreatACounterRegisteredOnFirstUseAsZeroBefore() {
        assertThat(BenchRun.delta(Map.of("a", 1.0), Map.of("a", 4.0, "b", 2.0), "a")).isEqualTo(3.0);
        assertThat(BenchRun.delta(Map.of("a", 1.0), Map.of("a", 4.0, "b", 2.0), "b")).isEqualTo(2.0);
        assertThat(BenchRun.delta(Map.of(), Map.of("a", 4.0), "a")).isNaN();
        assertThat(BenchRun.top(Map.of("x", 0.5, "y", 0.001, "z", 0.25), 5)).isEqualTo("x 0.50, z 0.25");
    }

    @Test
    void brokerArgumentsNameTopicsWithTheirPartitionsAndConfigs() {
        var topics = BenchBroker.newTopics(BenchBroker.switchboardTopics(3, true));

        assertThat(topics).isNotEmpty().allSatisfy(t -> assertThat(t.numPartitions()).isEqualTo(3));
        assertThat(topics).anySatisfy(t -> assertThat(t.name()).endsWith(".dlt"));
        assertThat(BenchBroker.newTopics(java.util.List.of("bench.baseline.requests:1")).get(0).configs()).isNullOrEmpty();
    }

    private interface Body {
        void run() throws Exception;
    }

    private static BenchRun.Benchmark benchmark(PrintStream out, Body body, AtomicInteger stops) {
        return new BenchRun.Benchmark() {
            @Override
            public void run() throws Exception {
                body.run();
            }

            @Override
            public void stopAll() {
                stops.incrementAndGet();
            }
        };
    }
}
