package dev.switchboard.local.soak;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;

/**
 * The soak: the whole platform as separate processes, driven at a rate while it is broken on a schedule and at random,
 * then drained and counted. {@code ./mvnw -pl local-stack -am -Psoak verify -DskipTests [-Dsoak.rate=..]}; exits 1
 * when anything was lost, duplicated outside the documented crash window, or reordered.
 *
 * <p>Phases: start (stack + replicas) -> load with faults for {@code soak.minutes} -> heal and stop the load -> the
 * fuzz sample through the running ingress -> drain -> count -> table.
 */
public final class Soak {

    private Soak() {
    }

    public static void main(String[] args) throws IOException {
        SoakSettings settings = SoakSettings.fromSystemProperties();
        Files.createDirectories(settings.outDir());
        try (PrintStream report = new PrintStream(Files.newOutputStream(settings.outDir().resolve("soak-output.txt")),
                true, StandardCharsets.UTF_8)) {
            PrintStream console = new Tee(System.out, report);
            Report result = run(settings, console);
            System.exit(result.passed() ? 0 : 1);
        }
    }

    /** One whole run; prints as it goes and returns the count (verify's short soak asserts on it). */
    public static Report run(SoakSettings settings, PrintStream console) throws IOException {
        console.printf("soak: %d webhooks/s for %s, faults %s, replicas %s, window %s, reminder %s, seed %d%n",
                settings.rate(), settings.duration(), settings.faults() ? "on" : "off", settings.replicas(),
                settings.window(), settings.reminderDelay(), settings.seed());
        Instant launched = Instant.now();
        try (SoakStack stack = SoakStack.start(settings, console);
             Journal journal = new Journal(settings.outDir().resolve("journal.jsonl"))) {
            console.printf("soak: stack ready in %d s: %s%n", Duration.between(launched, Instant.now()).toSeconds(),
                    stack.processes());
            Driver driver = new Driver(settings, stack, journal, console);
            FaultSchedule faults = new FaultSchedule(settings, stack, journal, console);
            RecoveryLagSampler lags = RecoveryLagSampler.start(stack, Duration.ofSeconds(5));
            Instant loadStarted = Instant.now();
            driver.start();
            if (settings.faults()) {
                faults.start();
            }
            driver.awaitEnd(settings.duration());
            faults.stop();
            driver.stop();
            console.printf("soak: load and faults ended after %d s%n",
                    Duration.between(loadStarted, Instant.now()).toSeconds());
            FuzzSample.Result fuzz = settings.fuzzSample() > 0
                    ? FuzzSample.run(stack, settings.fuzzSample(), settings.seed(), console)
                    : FuzzSample.Result.none();
            Report report = Counts.count(settings, stack, journal, driver.summary(), fuzz, lags, console);
            report.print(console);
            return report;
        }
    }

    /** Console and the report file at once. */
    private static final class Tee extends PrintStream {
        private final PrintStream second;

        Tee(PrintStream first, PrintStream second) {
            super(first, true, StandardCharsets.UTF_8);
            this.second = second;
        }

        @Override
        public void write(byte[] buf, int off, int len) {
            super.write(buf, off, len);
            second.write(buf, off, len);
        }

        @Override
        public void flush() {
            super.flush();
            second.flush();
        }
    }
}
