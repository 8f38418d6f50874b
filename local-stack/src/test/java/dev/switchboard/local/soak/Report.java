package dev.switchboard.local.soak;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The soak's result: a table of counts, each with whether it may be above zero, and the recovery time per fault.
 *
 * @param rows       the counts, in the order printed
 * @param recoveries one line per fault: what, when, how long until the platform was back
 */
public record Report(List<Row> rows, List<Recovery> recoveries) {

    /**
     * @param mustBeZero a loss, a duplicate outside the documented window or an ordering violation: fails the run
     *                   when above zero (false: a figure reported, e.g. webhooks sent or duplicates inside the
     *                   documented crash window)
     */
    public record Row(String name, long value, boolean mustBeZero, String note) {
    }

    /**
     * @param ingressBack  from the fault's start until every ingress answered 200 again (ms)
     * @param backlogGone  from the fault's end until the consumers' lag was back to its level before (ms)
     * @param probeBack    from the fault's end until the probe customer's messages were stored as fast as before (ms)
     */
    public record Recovery(String fault, String target, long startedAt, long durationMillis, long ingressBack,
                           long backlogGone, long probeBack) {
    }

    public boolean passed() {
        return rows.stream().noneMatch(row -> row.mustBeZero() && row.value() > 0);
    }

    /** The counts as an aligned table (a row that fails the run is marked), then the recovery per fault. */
    public void print(PrintStream out) {
        int nameWidth = Math.max(5, rows.stream().mapToInt(r -> r.name().length()).max().orElse(0));
        int valueWidth = Math.max(5, rows.stream().mapToInt(r -> Long.toString(r.value()).length()).max().orElse(0));
        String rowFormat = "%-" + nameWidth + "s  %" + valueWidth + "s  %-6s  %s%n";
        out.printf(rowFormat, "count", "value", "", "");
        out.println("-".repeat(nameWidth + valueWidth + 12));
        for (Row row : rows) {
            String verdict = !row.mustBeZero() ? "" : row.value() > 0 ? "FAIL" : "ok";
            out.printf(rowFormat, row.name(), row.value(), verdict, row.note() == null ? "" : row.note());
        }
        out.println();
        if (recoveries.isEmpty()) {
            out.println("recoveries: no faults");
        } else {
            int faultWidth = Math.max(5, recoveries.stream().mapToInt(r -> r.fault().length()).max().orElse(0));
            int targetWidth = Math.max(6, recoveries.stream().mapToInt(r -> String.valueOf(r.target()).length())
                    .max().orElse(0));
            String format = "%-" + faultWidth + "s  %-" + targetWidth + "s  %-8s  %8s  %12s  %12s  %10s%n";
            out.printf(format, "fault", "target", "at (UTC)", "lasted", "ingress back", "backlog gone", "probe back");
            out.println("-".repeat(faultWidth + targetWidth + 70));
            for (Recovery r : recoveries) {
                out.printf(format, r.fault(), r.target(), TIME.format(Instant.ofEpochMilli(r.startedAt())),
                        seconds(r.durationMillis()), seconds(r.ingressBack()), seconds(r.backlogGone()),
                        seconds(r.probeBack()));
            }
            out.println("(ingress back: from the fault's start; backlog gone and probe back: from its end; "
                    + "- = never or not measured)");
        }
        out.println();
        out.println(passed() ? "PASSED: nothing lost, duplicated outside the crash window or reordered"
                : "FAILED: " + rows.stream().filter(r -> r.mustBeZero() && r.value() > 0)
                .map(r -> r.name() + " " + r.value()).collect(Collectors.joining("; ")));
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private static String seconds(long millis) {
        return millis < 0 ? "-" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
