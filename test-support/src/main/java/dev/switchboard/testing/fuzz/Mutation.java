package dev.switchboard.testing.fuzz;

import java.nio.charset.StandardCharsets;

/**
 * One mutated webhook body: its bytes, the kind of mutation and a label saying where it was applied (a JSON path or a
 * form parameter), for tables and for reproducing a failure.
 */
public record Mutation(MutationKind kind, String label, byte[] body) {

    /** The first {@code chars} characters of the body as UTF-8 (bad bytes as U+FFFD), for a failure message. */
    public String preview(int chars) {
        String text = new String(body, 0, Math.min(body.length, chars * 4), StandardCharsets.UTF_8);
        return text.length() > chars ? text.substring(0, chars) + "…" : text;
    }

    @Override
    public String toString() {
        return kind + " " + label + " (" + body.length + " bytes)";
    }
}
