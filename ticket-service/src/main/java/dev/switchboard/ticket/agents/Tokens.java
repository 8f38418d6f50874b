package dev.switchboard.ticket.agents;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import dev.switchboard.ticket.access.ApiTokens;
import dev.switchboard.ticket.access.Caller;
import dev.switchboard.ticket.content.FieldProblem;
import tools.jackson.databind.JsonNode;

/**
 * Agents' API tokens for integrations: {@code sbt_} and 32 random bytes, shown once when created; only its SHA-256 is
 * kept. A token acts as its agent (role and groups as they are at each request) until revoked or expired.
 */
@Service
class Tokens {

    private static final Logger log = LoggerFactory.getLogger(Tokens.class);
    private static final int MAX_NAME = 100;

    private final AgentStore store;
    private final Clock clock;

    Tokens(AgentStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Issues a token for {@code agentId}: {@code {name, expiresAt?}} → {@code {id, name, token, createdAt, expiresAt}}. */
    Map<String, Object> issue(long agentId, JsonNode request, Caller by) {
        String name = request.path("name").isString() ? request.path("name").asString().trim() : null;
        List<FieldProblem> problems = new java.util.ArrayList<>();
        if (name == null || name.isEmpty() || name.length() > MAX_NAME) {
            problems.add(new FieldProblem("name", "is required, at most " + MAX_NAME + " characters (what the token is for)"));
        }
        Instant expiresAt = null;
        if (request.hasNonNull("expiresAt")) {
            try {
                expiresAt = Instant.parse(request.path("expiresAt").asString(""));
                if (!expiresAt.isAfter(clock.instant())) {
                    problems.add(new FieldProblem("expiresAt", "must be in the future"));
                }
            } catch (DateTimeParseException e) {
                problems.add(new FieldProblem("expiresAt", "must be an ISO-8601 instant, e.g. 2027-01-31T00:00:00Z"));
            }
        }
        if (!problems.isEmpty()) {
            throw AgentRefusal.invalid("invalid_token", problems);
        }
        String token = ApiTokens.newToken();
        AgentStore.Token row = store.insertToken(agentId, name, ApiTokens.sha256(token), expiresAt);
        log.info("API token {} ({}) of agent {} issued by {}", row.id(), name, agentId, by.login());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", row.id());
        json.put("name", row.name());
        json.put("token", token);
        json.put("createdAt", row.createdAt());
        json.put("expiresAt", row.expiresAt());
        return json;
    }

    List<Map<String, Object>> list(long agentId) {
        return store.tokens(agentId).stream().map(token -> {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("id", token.id());
            json.put("name", token.name());
            json.put("createdAt", token.createdAt());
            json.put("lastUsedAt", token.lastUsedAt());
            json.put("expiresAt", token.expiresAt());
            return json;
        }).toList();
    }

    void revoke(long agentId, long tokenId, Caller by) {
        if (!store.revokeToken(agentId, tokenId)) {
            throw AgentRefusal.notFound("token");
        }
        log.info("API token {} of agent {} revoked by {}", tokenId, agentId, by.login());
    }

    /** The caller's agent row; a static token has none. */
    static long agentOf(Caller caller) {
        if (caller.agentId() == null) {
            throw new AgentRefusal(HttpStatus.FORBIDDEN, "forbidden", "A static token has no agent and no API tokens:"
                    + " sign in as an agent, or use POST /api/admin/agents/{id}/tokens.", List.of());
        }
        return caller.agentId();
    }
}
