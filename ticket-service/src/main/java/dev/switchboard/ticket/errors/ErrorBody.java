package dev.switchboard.ticket.errors;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;

import dev.switchboard.ticket.content.FieldProblem;

/**
 * The one shape of every error answer of ticket-service's HTTP API:
 * {@code {"error": "<snake_case code>", "message": "<one sentence>", "details": [{"field", "problem"}]}}, details
 * only when there are some.
 */
public final class ErrorBody {

    /** Its schema in the OpenAPI document. */
    public static final String SCHEMA = "#/components/schemas/Error";

    private ErrorBody() {
    }

    public static Map<String, Object> of(String error, String message) {
        return of(error, message, List.of());
    }

    public static Map<String, Object> of(String error, String message, List<FieldProblem> details) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("message", message);
        if (!details.isEmpty()) {
            body.put("details", details.stream().map(d -> Map.of("field", d.field(), "problem", d.problem())).toList());
        }
        return body;
    }

    /**
     * The code of an answer no handler gave a code of its own: {@code invalid_request} (400), {@code internal_error}
     * (500), else the status's name ({@code not_found}, {@code method_not_allowed}, {@code not_acceptable},
     * {@code unsupported_media_type}, {@code content_too_large}, …).
     */
    public static String code(HttpStatusCode status) {
        if (status.value() == 400) {
            return "invalid_request";
        }
        if (status.value() == 500) {
            return "internal_error";
        }
        HttpStatus known = HttpStatus.resolve(status.value());
        return known == null ? "http_" + status.value() : known.name().toLowerCase(Locale.ROOT);
    }
}
