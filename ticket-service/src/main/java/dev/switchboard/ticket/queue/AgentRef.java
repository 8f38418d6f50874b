package dev.switchboard.ticket.queue;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An agent as tickets, articles and notes name them: an assignee or an author. {@code id} is null for a static
 * token, whose name is its login ("api").
 */
public record AgentRef(Long id, String login, String name) {

    /** {@code {id, login, name}} as the agent API shows it. */
    public Map<String, Object> describe() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("login", login);
        body.put("name", name);
        return body;
    }
}
