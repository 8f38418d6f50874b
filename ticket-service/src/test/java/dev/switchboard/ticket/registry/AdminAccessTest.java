package dev.switchboard.ticket.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.switchboard.kit.channels.ChannelKeys;
import dev.switchboard.ticket.access.AdminTokens;
import dev.switchboard.ticket.channel.TicketSettings;

/** The channels' admin API's start-up rules: no channel key, no registry (503); an admin token without a key stops the start. */
class AdminAccessTest {

    private static final String KEYS = "k1:" + java.util.Base64.getEncoder().encodeToString(new byte[32]);
    private static final TicketSettings TICKET = new TicketSettings(List.of("STOP"), List.of("START"), "agent-token-1");

    @Test
    void anAdminTokenWithoutAChannelKeyStopsTheStartNamingBoth() {
        assertThatThrownBy(() -> new AdminAccess(new AdminTokens(List.of("admin-token-0123456789")),
                ChannelKeys.none(), TICKET))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("SWITCHBOARD_ADMIN_TOKEN")
                .hasMessageContaining("SWITCHBOARD_CHANNEL_KEYS");
    }

    @Test
    void withoutAChannelKeyTheAdminApiIsUnavailable() {
        AdminAccess access = new AdminAccess(new AdminTokens(List.of()), ChannelKeys.none(), TICKET);

        assertThat(access.unavailable()).get().asString().contains("SWITCHBOARD_CHANNEL_KEYS");
    }

    @Test
    void anAdminTokenDiffersFromTheAgentApiToken() {
        assertThatThrownBy(() -> new AdminAccess(new AdminTokens(List.of("agent-token-1-long-enough")),
                ChannelKeys.parse(KEYS), new TicketSettings(List.of(), List.of(), "agent-token-1-long-enough")))
                .hasMessageContaining("must differ");
        AdminAccess access = new AdminAccess(new AdminTokens(List.of("admin-token-0123456789")),
                ChannelKeys.parse(KEYS), TICKET);
        assertThat(access.unavailable()).isEmpty();
    }
}
