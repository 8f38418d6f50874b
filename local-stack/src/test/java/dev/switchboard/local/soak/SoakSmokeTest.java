package dev.switchboard.local.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.switchboard.local.TestStacks;

/**
 * The soak, short, in verify: two minutes at 20 webhooks a second with every kind of fault once (each process
 * killed, the broker restarted, PostgreSQL stopped, the provider failing), then the count. The full run is
 * {@code -Psoak} (README "The soak").
 */
class SoakSmokeTest {

    /** C1 only: a killed service is back sooner on two busy cores (the full soak runs C2, as production does). */
    private static final List<String> QUICK_STARTING_JVMS = List.of("-Xms64m", "-Xmx256m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-XX:ReservedCodeCacheSize=48m");

    @Test
    void aShortSoakWithEveryKindOfFaultLosesNothingDuplicatesNothingAndKeepsOrder() throws IOException {
        Path out = TestStacks.root().resolve("local-stack/target/soak-smoke");
        SoakSettings settings = new SoakSettings(20, Duration.ofSeconds(150), 20261206L, true,
                Map.of("ingress", 2, "outbound", 2), Duration.ofSeconds(60), Duration.ofSeconds(30), 300,
                QUICK_STARTING_JVMS, out, Duration.ofSeconds(2));

        Report report = Soak.run(settings, System.out);

        assertThat(report.rows()).as("the table in %s", out.resolve("soak-output.txt"))
                .filteredOn(Report.Row::mustBeZero)
                .allSatisfy(row -> assertThat(row.value()).as(row.name() + " (" + row.note() + ")").isZero());
        assertThat(report.rows()).filteredOn(row -> row.name().startsWith("webhooks answered 200"))
                .singleElement().satisfies(row -> assertThat(row.value()).isGreaterThan(1_000));
        assertThat(report.recoveries()).extracting(Report.Recovery::fault).containsAll(List.of("kill",
                "broker-restart", "database-stop", "provider-130429", "provider-5xx", "provider-timeout"));
        assertThat(report.passed()).isTrue();
    }
}
