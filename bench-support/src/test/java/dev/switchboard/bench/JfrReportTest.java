package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;

class JfrReportTest {

    @TempDir
    Path dir;

    @Test
    void summarisesASmallRecordingByThreadGroupComponentPathAndTheFollowedThreadsWaits() throws Exception {
        Path file = dir.resolve("small.jfr");
        Instant from;
        Instant to;
        try (Recording recording = new Recording(Configuration.create(JfrReport.settings(dir)))) {
            recording.start();
            from = Instant.now();
            Thread burner = new Thread(CpuMeterTest::burn, "bench-burner-1");
            burner.start();
            Thread waiter = new Thread(() -> LockSupport.parkNanos(50_000_000L), "bench-waiter");
            waiter.start();
            burner.join();
            waiter.join();
            to = Instant.now();
            recording.stop();
            recording.dump(file);
        }
        JfrReport report = JfrReport.fromResource("test-profile.txt").stripFromWaitSites("dev.switchboard.bench.");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        report.print(file, from, to, "bench-waiter", new PrintStream(bytes, true, StandardCharsets.UTF_8), 5);

        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text).containsPattern("[\\d,]+ execution samples \\(threads running Java code\\) in the window");
        assertThat(text).containsPattern("\\d+\\.\\d %  bench-burner +the burner \\d+%");
        assertThat(text).containsPattern("\\d+\\.\\d %  the burner \\(CpuMeterTest.burn\\)");
        assertThat(text).containsPattern("    0\\.0 %    never on a stack");
        assertThat(text).contains("hottest methods (self):");
        assertThat(text).containsPattern("threads started: \\d+ in the window");
        // the park of the followed thread (at least 50 ms), named by the test's lambda that waits
        assertThat(text).containsPattern("ThreadPark in JfrReportTest\\.lambda\\S* +1 waits, mean (5\\d|[6-9]\\d|\\d{3,})\\.\\d{3} ms");
    }

    @Test
    void saysSoWhenTheWindowHoldsNoSamples() throws Exception {
        Path file = dir.resolve("empty.jfr");
        try (Recording recording = new Recording(Configuration.getConfiguration("default"))) {
            recording.start();
            recording.stop();
            recording.dump(file);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        new JfrReport(Map.of(), Map.of()).print(file, Instant.now(), Instant.now(),
                new PrintStream(bytes, true, StandardCharsets.UTF_8), 5);

        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("no execution samples in the window");
    }
}
