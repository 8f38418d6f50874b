package dev.switchboard.ticket.registry;

import java.util.List;

import dev.switchboard.ticket.content.FieldProblem;

/** Why the registry refuses an admin request of its own accord; the controller turns it into a status and a body. */
final class RegistryRefusal extends RuntimeException {

    enum Reason {
        /** 422: the request itself, see details. */
        INVALID_CHANNEL("invalid_channel", 422),
        /** 409: the id or a number belongs to another channel (the registry's or the file's). */
        CHANNEL_CONFLICT("channel_conflict", 409),
        /** 409: a channel of the file; change it in the file. */
        READ_ONLY_CHANNEL("read_only_channel", 409),
        /** 404 */
        NOT_FOUND("not_found", 404),
        /** 503: a setting the registry needs is missing. */
        REGISTRY_UNAVAILABLE("registry_unavailable", 503);

        final String error;
        final int status;

        Reason(String error, int status) {
            this.error = error;
            this.status = status;
        }
    }

    private final Reason reason;
    private final List<FieldProblem> details;

    RegistryRefusal(Reason reason, String message, List<FieldProblem> details) {
        super(message, null, false, false);
        this.reason = reason;
        this.details = List.copyOf(details);
    }

    static RegistryRefusal invalid(List<FieldProblem> details) {
        return new RegistryRefusal(Reason.INVALID_CHANNEL, "the channel is not valid", details);
    }

    static RegistryRefusal invalid(String field, String problem) {
        return invalid(List.of(new FieldProblem(field, problem)));
    }

    static RegistryRefusal conflict(String field, String message) {
        return new RegistryRefusal(Reason.CHANNEL_CONFLICT, message, List.of(new FieldProblem(field, message)));
    }

    static RegistryRefusal notFound(String channelId) {
        return new RegistryRefusal(Reason.NOT_FOUND, "no channel " + channelId, List.of());
    }

    Reason reason() {
        return reason;
    }

    List<FieldProblem> details() {
        return details;
    }
}
