package dev.switchboard.ticket.agents;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.switchboard.ticket.access.Caller;
import dev.switchboard.ticket.access.ConsoleSettings;
import dev.switchboard.ticket.content.FieldProblem;
import tools.jackson.databind.JsonNode;

/**
 * Managing agents: what a new or changed agent must be (a login, a name, a role, groups; a password of
 * {@value ConsoleSettings#MIN_PASSWORD} to {@value ConsoleSettings#MAX_PASSWORD} characters, NIST SP 800-63B style:
 * length only), stored with its hash ({@code {argon2}…}). There is no delete: articles name their authors; disable.
 */
@Service
public class Agents {

    private static final Logger log = LoggerFactory.getLogger(Agents.class);
    private static final int MAX_NAME = 200;
    private static final int MAX_GROUP = 100;

    private final AgentStore store;
    private final PasswordEncoder passwords;

    Agents(AgentStore store, PasswordEncoder passwords) {
        this.store = store;
        this.passwords = passwords;
    }

    public List<Agent> all() {
        return store.all();
    }

    public Agent get(long id) {
        return store.find(id).orElseThrow(() -> AgentRefusal.notFound("agent"));
    }

    /** Creates an agent from the admin API's request; 422 {@code invalid_agent} with every field at fault. */
    @Transactional
    public Agent create(JsonNode request, Caller by) {
        List<FieldProblem> problems = new ArrayList<>();
        String login = text(request, "login");
        if (login == null || !ConsoleSettings.LOGIN.matcher(login.toLowerCase(Locale.ROOT)).matches()) {
            problems.add(new FieldProblem("login", "must be 1 to 64 letters, digits or . _ @ - (starting with a"
                    + " letter or digit)"));
        } else if (store.loginTaken(login.toLowerCase(Locale.ROOT))) {
            problems.add(new FieldProblem("login", "is taken by another agent"));
        }
        AgentStore.Row row = row(request, null, problems);
        refuseIf(problems);
        long id = store.insert(new AgentStore.Row(login.toLowerCase(Locale.ROOT), row.name(), row.email(), row.role(),
                row.groups(), row.enabled(), row.passwordHash())).orElseThrow(() -> AgentRefusal.invalid("invalid_agent",
                List.of(new FieldProblem("login", "is taken by another agent"))));
        log.info("agent {} ({}) created by {}", login.toLowerCase(Locale.ROOT), row.role(), by.login());
        return get(id);
    }

    /** Changes what the request names (name, email, role, groups, enabled, password); the rest stays. */
    @Transactional
    public Agent update(long id, JsonNode request, Caller by) {
        Agent agent = get(id);
        List<FieldProblem> problems = new ArrayList<>();
        if (request.has("login") && !agent.login().equals(text(request, "login"))) {
            problems.add(new FieldProblem("login", "cannot change (events and articles name the agent by it)"));
        }
        AgentStore.Row row = row(request, agent, problems);
        if (by.agentId() != null && by.agentId() == id && (!row.enabled() || !"admin".equals(row.role()))) {
            problems.add(new FieldProblem(row.enabled() ? "role" : "enabled",
                    "an admin cannot take their own admin rights or disable themselves"));
        }
        refuseIf(problems);
        store.update(id, row);
        log.info("agent {} changed by {}: {}", agent.login(), by.login(), changed(request));
        return get(id);
    }

    /** Creates the start-up admin while no agent exists (SWITCHBOARD_BOOTSTRAP_ADMIN); whether it did. */
    @Transactional
    public boolean bootstrap(String login, String password) {
        if (store.count() > 0) {
            return false;
        }
        return store.insert(new AgentStore.Row(login, login, null, "admin", List.of(), true,
                passwords.encode(password))).isPresent();
    }

    /** The enabled agents the caller may assign tickets to: an admin any, an agent those sharing a group. */
    public List<Agent> assignable(Caller caller, String group) {
        if (group != null && !caller.canSee(group)) {
            return List.of();
        }
        Collection<String> groups = group != null ? List.of(group) : caller.isAdmin() ? null : caller.groups();
        return groups != null && groups.isEmpty() ? List.of() : store.enabled(groups);
    }

    // ------------------------------------------------------------------------------------------------ rules

    private AgentStore.Row row(JsonNode request, Agent current, List<FieldProblem> problems) {
        boolean creating = current == null;
        String name = creating || request.has("name") ? text(request, "name") : current.name();
        if (name == null || name.isBlank() || name.length() > MAX_NAME) {
            problems.add(new FieldProblem("name", "is required, at most " + MAX_NAME + " characters"));
        }
        String email = creating || request.has("email") ? text(request, "email") : current.email();
        if (email != null && (email.length() > 254 || !email.matches("[^@\\s]+@[^@\\s]+"))) {
            problems.add(new FieldProblem("email", "must be an email address"));
        }
        String role = creating || request.has("role") ? text(request, "role") : current.role();
        if (!"agent".equals(role) && !"admin".equals(role)) {
            problems.add(new FieldProblem("role", "must be agent or admin"));
        }
        List<String> groups = creating || request.has("groups") ? groups(request.path("groups"), problems)
                : current.groups();
        boolean enabled = true;
        if (request.has("enabled")) {
            if (!request.get("enabled").isBoolean()) {
                problems.add(new FieldProblem("enabled", "must be true or false"));
            } else {
                enabled = request.get("enabled").asBoolean();
            }
        } else if (!creating) {
            enabled = current.enabled();
        }
        String hash = null;
        if (request.hasNonNull("password")) {
            String password = request.get("password").isString() ? request.get("password").asString() : "";
            int length = password.codePointCount(0, password.length());
            if (length < ConsoleSettings.MIN_PASSWORD || length > ConsoleSettings.MAX_PASSWORD) {
                problems.add(new FieldProblem("password", "must be " + ConsoleSettings.MIN_PASSWORD + " to "
                        + ConsoleSettings.MAX_PASSWORD + " characters (any characters; a passphrase is fine)"));
            } else if (password.isBlank()) {
                problems.add(new FieldProblem("password", "must not be only spaces"));
            } else {
                hash = passwords.encode(password);
            }
        }
        return new AgentStore.Row(creating ? null : current.login(), name == null ? null : name.trim(),
                email == null || email.isBlank() ? null : email.trim(), role, groups, enabled, hash);
    }

    private static List<String> groups(JsonNode groups, List<FieldProblem> problems) {
        if (groups.isMissingNode() || groups.isNull()) {
            return List.of();
        }
        if (!groups.isArray()) {
            problems.add(new FieldProblem("groups", "must be a list of group names"));
            return List.of();
        }
        TreeSet<String> names = new TreeSet<>();
        for (int i = 0; i < groups.size(); i++) {
            JsonNode group = groups.get(i);
            if (!group.isString() || group.asString().isBlank() || group.asString().trim().length() > MAX_GROUP) {
                problems.add(new FieldProblem("groups[" + i + "]", "must be a name of 1 to " + MAX_GROUP + " characters"));
            } else {
                names.add(group.asString().trim());
            }
        }
        return List.copyOf(names);
    }

    private static String text(JsonNode request, String field) {
        JsonNode value = request.path(field);
        return value.isString() ? value.asString() : null;
    }

    private static void refuseIf(List<FieldProblem> problems) {
        if (!problems.isEmpty()) {
            throw AgentRefusal.invalid("invalid_agent", problems);
        }
    }

    /** What a change named, for the log (never the password). */
    private static String changed(JsonNode request) {
        return String.join(", ", request.propertyNames());
    }
}
