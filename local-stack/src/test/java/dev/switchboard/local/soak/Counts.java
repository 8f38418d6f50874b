package dev.switchboard.local.soak;

import java.io.PrintStream;

/**
 * The count after the load: waits until the platform has drained, then compares the {@link Journal} (what was sent
 * and answered) with the raw and typed topics, the ticket, outbound and reminder databases and the provider's record.
 */
public final class Counts {

    private Counts() {
    }

    public static Report count(SoakSettings settings, SoakStack stack, Journal journal, Driver.Summary load,
                               FuzzSample.Result fuzz, PrintStream console) {
        throw new UnsupportedOperationException("the count is not written yet");
    }
}
