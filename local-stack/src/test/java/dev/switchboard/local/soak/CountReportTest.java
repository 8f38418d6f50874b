package dev.switchboard.local.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The printed table: aligned columns, the failing rows marked, the verdict last. */
class CountReportTest {

    private static String printed(Report report) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        report.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aLossIsMarkedAndNamedInTheVerdictAndTheRecoveriesAreInSeconds() {
        Report report = new Report(List.of(new Report.Row("webhooks sent", 12_000, false, "figure"),
                new Report.Row("messages without an article", 1, true, "lost"),
                new Report.Row("ordering violations", 0, true, "")),
                List.of(new Report.Recovery("kill", "ticket-2", 0, 4_000, 12, 9_500, -1)));

        String table = printed(report);

        List<String> lines = table.lines().toList();
        assertThat(lines.get(2)).startsWith("webhooks sent                12000");
        assertThat(lines.get(3)).startsWith("messages without an article      1  FAIL");
        assertThat(lines.get(4)).startsWith("ordering violations              0  ok");
        assertThat(table).contains("kill   ticket-2  00:00:00     4.0 s         0.0 s         9.5 s           -")
                .endsWith("FAILED: messages without an article 1" + System.lineSeparator());
        assertThat(printed(new Report(report.rows().subList(0, 1), List.of()))).contains("recoveries: no faults")
                .contains("PASSED");
    }
}
