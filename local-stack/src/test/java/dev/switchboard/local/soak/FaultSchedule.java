package dev.switchboard.local.soak;

import java.io.PrintStream;

/**
 * The faults: on a schedule (each kind at least once) and at random (seeded), one at a time with a pause between:
 * SIGKILL and restart of each process, a broker restart, PostgreSQL stopped for 30 s, the provider answering
 * 130429, 5xx and timeouts. Each one is written to the {@link Journal} with when it began and when it was cured.
 */
public final class FaultSchedule {

    public FaultSchedule(SoakSettings settings, SoakStack stack, Journal journal, PrintStream console) {
        throw new UnsupportedOperationException("the fault schedule is not written yet");
    }

    /** Starts the schedule (returns at once). */
    public void start() {
    }

    /** Ends the fault in progress, cures everything (every process running, broker and database up, no provider fault). */
    public void stop() {
    }
}
