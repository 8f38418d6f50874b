package dev.switchboard.ticket.api;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import dev.switchboard.ticket.agent.Refusal;

/** A refused agent action as the API answers it, whichever controller it came from: one status per reason. */
public final class RefusalAnswer {

    private RefusalAnswer() {
    }

    public static ResponseEntity<Map<String, Object>> of(Refusal refusal) {
        HttpStatus status = switch (refusal.reason()) {
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case SERVICE_WINDOW_CLOSED, RECIPIENT_OPTED_OUT, RECIPIENT_OPTED_OUT_OF_MARKETING, ANOTHER_TICKET_OPEN ->
                    HttpStatus.CONFLICT;
            case INVALID_MESSAGE, UNKNOWN_CHANNEL, INVALID_ASSIGNEE, INVALID_NOTE, INVALID_CANNED_RESPONSE ->
                    HttpStatus.UNPROCESSABLE_CONTENT;
        };
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", refusal.reason().error());
        body.put("message", refusal.getMessage());
        if (!refusal.details().isEmpty()) {
            body.put("details", refusal.details().stream()
                    .map(d -> Map.of("field", d.field(), "problem", d.problem())).toList());
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body);
    }
}
