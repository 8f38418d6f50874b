package dev.switchboard.ticket.registry;

import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.switchboard.kit.channels.ChannelKeys;
import dev.switchboard.ticket.access.AdminTokens;
import dev.switchboard.ticket.channel.TicketSettings;

/**
 * Whether the channels' admin API can work at all: the registry seals every channel secret with the operator's
 * channel key, so without one it refuses (503). An admin token without a channel key stops the start. Who may call it
 * (admins) is access.SecurityConfig's rule.
 */
@Component
public class AdminAccess {

    private static final Logger log = LoggerFactory.getLogger(AdminAccess.class);

    private final String unavailable;

    public AdminAccess(AdminTokens admin, ChannelKeys keys, TicketSettings ticket) {
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
                        + " SWITCHBOARD_AGENT_API_TOKEN: each names its caller (admin, api) in what they do");
            }
        }
        if (!keys.canSeal()) {
            unavailable = "no channel key configured: set SWITCHBOARD_CHANNEL_KEYS";
            log.warn("channel registry: the channels' admin API answers 503: {}", unavailable);
        } else {
            unavailable = null;
        }
    }

    /** Why the channels' admin API cannot work, if it cannot. */
    public Optional<String> unavailable() {
        return Optional.ofNullable(unavailable);
    }
}
