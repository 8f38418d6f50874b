package dev.switchboard.local.soak;

import java.io.PrintStream;
import java.util.List;

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

    public void print(PrintStream out) {
        throw new UnsupportedOperationException("the table is not written yet");
    }
}
