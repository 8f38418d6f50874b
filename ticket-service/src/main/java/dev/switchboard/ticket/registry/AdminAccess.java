package dev.switchboard.ticket.registry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.switchboard.kit.channels.ChannelKeys;
import dev.switchboard.ticket.channel.TicketSettings;

/**
 * Who may use the admin API, and whether it can work at all: the registry seals every channel secret with the
 * operator's channel key, so without one it refuses (503). An admin token without a channel key stops the start.
 */
@Component
public class AdminAccess {

    private static final Logger log = LoggerFactory.getLogger(AdminAccess.class);

    /** What a request's bearer token is. */
    public enum Caller { ADMIN, AGENT, NOBODY }

    private final List<byte[]> adminTokens;
    private final byte[] agentToken;
    private final String unavailable;

    public AdminAccess(RegistrySettings.Admin admin, ChannelKeys keys, TicketSettings ticket) {
        if (!admin.tokens().isEmpty() && !keys.canSeal()) {
            throw new IllegalStateException("SWITCHBOARD_ADMIN_TOKEN (switchboard.admin.tokens) is set but"
                    + " SWITCHBOARD_CHANNEL_KEYS (switchboard.channel-keys) is not: the channel registry seals every"
                    + " channel secret with a channel key. Set SWITCHBOARD_CHANNEL_KEYS to keyId:base64(32 bytes)"
                    + " (e.g. 2026-12:$(openssl rand -base64 32)), or unset SWITCHBOARD_ADMIN_TOKEN");
        }
        for (String token : admin.tokens()) {
            if (token.length() < 16) {
                throw new IllegalArgumentException("switchboard.admin.tokens (SWITCHBOARD_ADMIN_TOKEN): each token must"
                        + " be a secret of at least 16 characters");
            }
            if (token.equals(ticket.agentApiToken())) {
                throw new IllegalArgumentException("switchboard.admin.tokens (SWITCHBOARD_ADMIN_TOKEN) must differ from"
                        + " SWITCHBOARD_AGENT_API_TOKEN: an admin token is never an agent token");
            }
        }
        this.adminTokens = admin.tokens().stream().map(t -> bearer(t)).toList();
        this.agentToken = bearer(ticket.agentApiToken());
        if (!keys.canSeal()) {
            unavailable = "no channel key configured: set SWITCHBOARD_CHANNEL_KEYS (and SWITCHBOARD_ADMIN_TOKEN)";
            log.warn("channel registry: the admin API answers 503: {}", unavailable);
        } else if (adminTokens.isEmpty()) {
            unavailable = "no admin token configured: set SWITCHBOARD_ADMIN_TOKEN";
            log.warn("channel registry: the admin API answers 503: {}", unavailable);
        } else {
            unavailable = null;
        }
    }

    /** Why the admin API cannot work, if it cannot. */
    public Optional<String> unavailable() {
        return Optional.ofNullable(unavailable);
    }

    /** Who the {@code Authorization} header is (compared in constant time). */
    public Caller caller(String authorization) {
        if (authorization == null) {
            return Caller.NOBODY;
        }
        byte[] given = authorization.getBytes(StandardCharsets.UTF_8);
        boolean admin = false;
        for (byte[] token : adminTokens) {
            admin |= MessageDigest.isEqual(token, given);
        }
        if (admin) {
            return Caller.ADMIN;
        }
        return MessageDigest.isEqual(agentToken, given) ? Caller.AGENT : Caller.NOBODY;
    }

    private static byte[] bearer(String token) {
        return ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    }
}
