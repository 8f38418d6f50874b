package dev.switchboard.ticket.agents;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.switchboard.ticket.access.Caller;
import dev.switchboard.ticket.access.Callers;

/** What every caller may ask about themselves and their colleagues. */
@RestController
class MeController {

    private final Agents agents;

    MeController(Agents agents) {
        this.agents = agents;
    }

    /** Who is calling: an agent, or a static token ({@code id} null). */
    @GetMapping(path = "/api/me", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> me() {
        Caller caller = Callers.current();
        Map<String, Object> me = new LinkedHashMap<>();
        me.put("id", caller.agentId());
        me.put("login", caller.login());
        me.put("name", caller.name());
        me.put("role", caller.role().name().toLowerCase(java.util.Locale.ROOT));
        me.put("groups", caller.groups().stream().sorted().toList());
        return me;
    }

    /** The agents the caller may assign a ticket to (of {@code group}, if given). */
    @GetMapping(path = "/api/agents", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> assignable(@RequestParam(required = false) String group) {
        List<Map<String, Object>> items = agents.assignable(Callers.current(), group).stream()
                .map(agent -> Map.<String, Object>of("id", agent.id(), "login", agent.login(), "name", agent.name(),
                        "groups", agent.groups()))
                .toList();
        return Map.of("items", items);
    }
}
