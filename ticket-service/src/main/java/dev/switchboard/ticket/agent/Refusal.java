package dev.switchboard.ticket.agent;

import java.util.List;

import dev.switchboard.ticket.content.FieldProblem;

/** Why an agent's request cannot be carried out; the API turns it into a status code and an error body. */
public final class Refusal extends RuntimeException {

    public enum Reason {
        /** 404 */
        NOT_FOUND("not_found"),
        /** 409: only templates may be sent outside the customer service window. */
        SERVICE_WINDOW_CLOSED("service_window_closed"),
        /** 409: the customer wrote STOP. */
        RECIPIENT_OPTED_OUT("recipient_opted_out"),
        /** 409: a marketing template to a customer who stopped marketing messages (user_preferences, 131050). */
        RECIPIENT_OPTED_OUT_OF_MARKETING("recipient_opted_out_of_marketing"),
        /** 409: another ticket of the customer is open. */
        ANOTHER_TICKET_OPEN("another_ticket_open"),
        /** 422: content WhatsApp would reject. */
        INVALID_MESSAGE("invalid_message"),
        /** 422: the request names a channel this deployment does not serve (or one of a group the caller cannot see). */
        UNKNOWN_CHANNEL("unknown_channel"),
        /** 422: no such enabled agent, or one who cannot see the ticket's group. */
        INVALID_ASSIGNEE("invalid_assignee"),
        /** 422: an empty or too long internal note. */
        INVALID_NOTE("invalid_note"),
        /** 422: a canned response with a missing name or text, an unknown placeholder, or a name already taken. */
        INVALID_CANNED_RESPONSE("invalid_canned_response");

        private final String error;

        Reason(String error) {
            this.error = error;
        }

        public String error() {
            return error;
        }
    }

    private final Reason reason;
    private final List<FieldProblem> details;

    public Refusal(Reason reason, String message) {
        this(reason, message, List.of());
    }

    public Refusal(Reason reason, String message, List<FieldProblem> details) {
        super(message, null, false, false);
        this.reason = reason;
        this.details = List.copyOf(details);
    }

    public Reason reason() {
        return reason;
    }

    public List<FieldProblem> details() {
        return details;
    }
}
