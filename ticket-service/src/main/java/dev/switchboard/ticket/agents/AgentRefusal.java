package dev.switchboard.ticket.agents;

import java.util.List;

import org.springframework.http.HttpStatus;

import dev.switchboard.ticket.content.FieldProblem;

/** Why a request about agents, groups or tokens cannot be carried out: a status, a code and the fields at fault. */
final class AgentRefusal extends RuntimeException {

    private final HttpStatus status;
    private final String error;
    private final List<FieldProblem> details;

    AgentRefusal(HttpStatus status, String error, String message, List<FieldProblem> details) {
        super(message, null, false, false);
        this.status = status;
        this.error = error;
        this.details = List.copyOf(details);
    }

    static AgentRefusal notFound(String what) {
        return new AgentRefusal(HttpStatus.NOT_FOUND, "not_found", "No such " + what + ".", List.of());
    }

    static AgentRefusal invalid(String error, List<FieldProblem> details) {
        return new AgentRefusal(HttpStatus.UNPROCESSABLE_CONTENT, error, "The request has fields at fault.", details);
    }

    HttpStatus status() {
        return status;
    }

    String error() {
        return error;
    }

    List<FieldProblem> details() {
        return details;
    }
}
