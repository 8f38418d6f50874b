package dev.switchboard.ticket.agents;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.switchboard.ticket.access.Callers;
import tools.jackson.databind.JsonNode;

/** The admin API's agents ({@code /api/admin/agents}, admins only: access.SecurityConfig). */
@RestController
class AgentsController {

    private static final String AGENTS = "/api/admin/agents";

    private final Agents agents;

    AgentsController(Agents agents) {
        this.agents = agents;
    }

    @GetMapping(path = AGENTS, produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> list() {
        return Map.of("items", agents.all().stream().map(Agent::json).toList());
    }

    @PostMapping(path = AGENTS, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> create(@RequestBody JsonNode request) {
        return ResponseEntity.status(HttpStatus.CREATED).body(agents.create(request, Callers.current()).json());
    }

    @GetMapping(path = AGENTS + "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> get(@PathVariable long id) {
        return agents.get(id).json();
    }

    @PatchMapping(path = AGENTS + "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> update(@PathVariable long id, @RequestBody JsonNode request) {
        return agents.update(id, request, Callers.current()).json();
    }
}
