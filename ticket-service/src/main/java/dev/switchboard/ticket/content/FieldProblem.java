package dev.switchboard.ticket.content;

import java.util.Objects;

/**
 * One reason why an agent's outbound content can't be sent.
 *
 * @param field   where, as a JSON path into the content: {@code text}, {@code media.caption},
 *                {@code interactive.action.buttons[3]}, … ({@code $} is the content itself)
 * @param problem what is wrong, in plain English ("must be at most 20 characters (has 21)")
 */
public record FieldProblem(String field, String problem) {

    public FieldProblem {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(problem, "problem");
    }

    @Override
    public String toString() {
        return field + ": " + problem;
    }
}
