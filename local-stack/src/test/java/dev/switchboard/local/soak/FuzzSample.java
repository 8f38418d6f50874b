package dev.switchboard.local.soak;

import java.io.PrintStream;

/**
 * A sample of fuzzed webhook bodies (test-support's WebhookMutator on the real fixtures), signed, posted to the
 * running ingress: each must be answered (200, or 413 above the size limit) and every 200 one kept byte for byte on
 * the raw topic; ingress must not die.
 */
public final class FuzzSample {

    /**
     * @param notKept bodies answered 200 but not on the raw topic
     * @param crashes ingress processes that died during the sample
     */
    public record Result(long tried, long answered200, long tooLarge, long otherAnswers, long notKept, long crashes) {
        public static Result none() {
            return new Result(0, 0, 0, 0, 0, 0);
        }
    }

    private FuzzSample() {
    }

    public static Result run(SoakStack stack, int bodies, long seed, PrintStream console) {
        throw new UnsupportedOperationException("the fuzz sample is not written yet");
    }
}
