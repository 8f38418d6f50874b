package dev.switchboard.ticket.access;

import java.util.Objects;
import java.util.Set;

/**
 * Who is calling the agent API or the console: an agent (by session, by one of their API tokens, or by single
 * sign-on) or an operator's static token (no agent row: {@code agentId} is null). The visibility rule lives here,
 * once: admins see every ticket, agents the tickets of their groups; a ticket without a group is for admins only.
 *
 * @param agentId the agent's row, or null for a static token
 * @param login   lower-cased; what articles, notes and events name the author by
 * @param name    shown to customers' agents (placeholders, the console)
 * @param groups  the agent's groups (an admin's too, though admins see everything anyway; none for a static token)
 */
public record Caller(Long agentId, String login, String name, Role role, Set<String> groups) {

    public enum Role { AGENT, ADMIN }

    public Caller {
        Objects.requireNonNull(login, "login");
        Objects.requireNonNull(role, "role");
        name = name == null ? login : name;
        groups = groups == null ? Set.of() : Set.copyOf(groups);
    }

    /** A static token from the configuration (SWITCHBOARD_AGENT_API_TOKEN, SWITCHBOARD_ADMIN_TOKEN): an admin. */
    public static Caller staticToken(String login) {
        return new Caller(null, login, login, Role.ADMIN, Set.of());
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }

    /** Whether this caller may see (and act on) a ticket of {@code group}. */
    public boolean canSee(String group) {
        return isAdmin() || (group != null && groups.contains(group));
    }
}
