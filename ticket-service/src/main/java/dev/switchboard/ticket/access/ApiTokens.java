package dev.switchboard.ticket.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

import dev.switchboard.ticket.channel.TicketSettings;

/**
 * Who a bearer token is: the static agent API token ({@code SWITCHBOARD_AGENT_API_TOKEN}, the caller {@code api}) and
 * each static admin token ({@code SWITCHBOARD_ADMIN_TOKEN}, the caller {@code admin}) are admins; a per-agent token
 * ({@code sbt_…}) is its agent, while it is neither revoked nor expired and the agent is enabled. Only tokens'
 * SHA-256 are kept (compared in constant time for the static ones).
 */
@Component
public class ApiTokens {

    /** What every per-agent token starts with (so a leaked one is recognisable by secret scanners). */
    public static final String PREFIX = "sbt_";

    private static final SecureRandom RANDOM = new SecureRandom();

    private record StaticToken(byte[] sha256, Caller caller) {
    }

    private final List<StaticToken> statics = new ArrayList<>();
    private final AgentAccounts accounts;

    public ApiTokens(TicketSettings ticket, AdminTokens admin, AgentAccounts accounts) {
        this.accounts = accounts;
        statics.add(new StaticToken(sha256(ticket.agentApiToken()), Caller.staticToken("api")));
        admin.tokens().forEach(token -> statics.add(new StaticToken(sha256(token), Caller.staticToken("admin"))));
    }

    public Optional<Caller> caller(String token) {
        byte[] hash = sha256(token);
        Caller found = null;
        for (StaticToken known : statics) {
            if (MessageDigest.isEqual(known.sha256(), hash) && found == null) {
                found = known.caller();
            }
        }
        if (found != null) {
            return Optional.of(found);
        }
        return token.startsWith(PREFIX) ? accounts.callerByToken(hash) : Optional.empty();
    }

    /** A new per-agent token: {@code sbt_} and 32 random bytes in base64url (43 characters). */
    public static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
