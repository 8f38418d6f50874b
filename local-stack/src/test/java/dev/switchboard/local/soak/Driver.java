package dev.switchboard.local.soak;

import java.io.PrintStream;
import java.time.Duration;

/**
 * The load: customers writing (Meta and Twilio, single messages and batches), receipts, a probe customer, and agent
 * replies through the agent API, at {@link SoakSettings#rate()} webhooks a second, open loop; every attempt goes to
 * the {@link Journal}. Like Meta, a webhook not answered 200 is posted again (same bytes) until it is.
 */
public final class Driver {

    /** What the driver achieved, for the report. */
    public record Summary(long webhooksOffered, long webhooksAnswered200, double achievedRate, long replies,
                          long customers, long stillUnanswered) {
    }

    public Driver(SoakSettings settings, SoakStack stack, Journal journal, PrintStream console) {
        throw new UnsupportedOperationException("the driver is not written yet");
    }

    /** Starts sending (returns at once). */
    public void start() {
    }

    /** Blocks for the load's duration, printing progress now and then. */
    public void awaitEnd(Duration duration) {
    }

    /** Stops offering new load; retries what is not answered 200 yet until it is (bounded), then returns. */
    public void stop() {
    }

    public Summary summary() {
        return null;
    }
}
