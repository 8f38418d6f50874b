package dev.switchboard.ticket.agents;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The error body of this package's refusals, in the API's one shape. */
@RestControllerAdvice(basePackageClasses = AgentsAdvice.class)
class AgentsAdvice {

    @ExceptionHandler(AgentRefusal.class)
    ResponseEntity<Map<String, Object>> refused(AgentRefusal refusal) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", refusal.error());
        body.put("message", refusal.getMessage());
        if (!refusal.details().isEmpty()) {
            body.put("details", refusal.details().stream()
                    .map(d -> Map.of("field", d.field(), "problem", d.problem())).toList());
        }
        return ResponseEntity.status(refusal.status()).body(body);
    }
}
