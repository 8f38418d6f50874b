package dev.switchboard.ticket.agents;

import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.switchboard.ticket.access.Caller;
import dev.switchboard.ticket.access.Callers;
import tools.jackson.databind.JsonNode;

/** An agent's own API tokens ({@code /api/me/tokens}); an admin issues one for any agent. */
@RestController
class TokensController {

    private final Tokens tokens;
    private final Agents agents;

    TokensController(Tokens tokens, Agents agents) {
        this.tokens = tokens;
        this.agents = agents;
    }

    @GetMapping(path = "/api/me/tokens", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> list() {
        return Map.of("items", tokens.list(Tokens.agentOf(Callers.current())));
    }

    @PostMapping(path = "/api/me/tokens", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> issue(@RequestBody JsonNode request) {
        Caller caller = Callers.current();
        return ResponseEntity.status(HttpStatus.CREATED).body(tokens.issue(Tokens.agentOf(caller), request, caller));
    }

    @DeleteMapping(path = "/api/me/tokens/{id}")
    ResponseEntity<Void> revoke(@PathVariable long id) {
        Caller caller = Callers.current();
        tokens.revoke(Tokens.agentOf(caller), id, caller);
        return ResponseEntity.noContent().build();
    }

    @PostMapping(path = "/api/admin/agents/{id}/tokens", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> issueFor(@PathVariable long id, @RequestBody JsonNode request) {
        Agent agent = agents.get(id);
        return ResponseEntity.status(HttpStatus.CREATED).body(tokens.issue(agent.id(), request, Callers.current()));
    }
}
