package dev.switchboard.ticket.canned;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.switchboard.ticket.access.Callers;
import dev.switchboard.ticket.agent.Refusal;
import dev.switchboard.ticket.api.RefusalAnswer;
import dev.switchboard.ticket.canned.CannedResponses.CannedResponse;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/canned-responses} for every caller; {@code /api/admin/canned-responses} for admins (the admin API's
 * authentication guards that path).
 */
@RestController
class CannedResponseController {

    private final CannedResponses responses;

    CannedResponseController(CannedResponses responses) {
        this.responses = responses;
    }

    @GetMapping(path = "/api/canned-responses", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> list(@RequestParam(required = false) Long ticketId) {
        List<Map<String, Object>> items = responses.list(Callers.current(), ticketId).stream().map(listed -> {
            Map<String, Object> item = describe(listed.response());
            if (listed.rendered() != null) {
                item.put("rendered", listed.rendered());
            }
            return item;
        }).toList();
        return Map.of("items", items);
    }

    @PostMapping(path = "/api/admin/canned-responses", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> create(@RequestBody JsonNode body) {
        CannedResponse created = responses.create(body.path("name").asString(null), body.path("text").asString(null),
                body.path("group").asString(null));
        return ResponseEntity.status(HttpStatus.CREATED).body(describe(created));
    }

    @PutMapping(path = "/api/admin/canned-responses/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> update(@PathVariable long id, @RequestBody JsonNode body) {
        return describe(responses.update(id, body.path("name").asString(null), body.path("text").asString(null),
                body.path("group").asString(null)));
    }

    @DeleteMapping("/api/admin/canned-responses/{id}")
    ResponseEntity<Void> delete(@PathVariable long id) {
        responses.delete(id);
        return ResponseEntity.noContent().build();
    }

    @ExceptionHandler(Refusal.class)
    ResponseEntity<Map<String, Object>> refused(Refusal refusal) {
        return RefusalAnswer.of(refusal);
    }

    private static Map<String, Object> describe(CannedResponse response) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", response.id());
        item.put("name", response.name());
        item.put("text", response.text());
        item.put("group", response.group());
        return item;
    }
}
