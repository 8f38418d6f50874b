package dev.switchboard.ticket.agents;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An agent as the admin API shows it: never a password or its hash. */
public record Agent(long id, String login, String name, String email, String role, List<String> groups,
                    boolean enabled, Instant lockedUntil, Instant createdAt) {

    public Agent {
        groups = List.copyOf(groups);
    }

    Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("login", login);
        json.put("name", name);
        json.put("email", email);
        json.put("role", role);
        json.put("groups", groups);
        json.put("enabled", enabled);
        json.put("lockedUntil", lockedUntil);
        json.put("createdAt", createdAt);
        return json;
    }
}
