package dev.switchboard.ticket.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.switchboard.kit.channels.ChannelKeys;
import dev.switchboard.ticket.channel.TicketSettings;

/** The admin API's start-up rules: no channel key, no admin API; an admin token without a key stops the start. */
class AdminAccessTest {

    private static final String KEYS = "k1:" + java.util.Base64.getEncoder().encodeToString(new byte[32]);
    private static final TicketSettings TICKET = new TicketSettings(List.of("STOP"), List.of("START"), "agent-token-1");

    @Test
    void anAdminTokenWithoutAChannelKeyStopsTheStartNamingBoth() {
        assertThatThrownBy(() -> new AdminAccess(new RegistrySettings.Admin(List.of("admin-token-0123456789")),
                ChannelKeys.none(), TICKET))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("SWITCHBOARD_ADMIN_TOKEN")
                .hasMessageContaining("SWITCHBOARD_CHANNEL_KEYS");
    }

    @Test
    void withoutAChannelKeyTheAdminApiIsUnavailable() {
        AdminAccess access = new AdminAccess(new RegistrySettings.Admin(List.of()), ChannelKeys.none(), TICKET);

        assertThat(access.unavailable()).get().asString().contains("SWITCHBOARD_CHANNEL_KEYS");
    }

    @Test
    void anAdminTokenIsNeverTheAgentToken() {
        assertThatThrownBy(() -> new AdminAccess(new RegistrySettings.Admin(List.of("agent-token-1-long-enough")),
                ChannelKeys.parse(KEYS), new TicketSettings(List.of(), List.of(), "agent-token-1-long-enough")))
                .hasMessageContaining("must differ");
        AdminAccess access = new AdminAccess(new RegistrySettings.Admin(List.of("admin-token-0123456789")),
                ChannelKeys.parse(KEYS), TICKET);
        assertThat(access.unavailable()).isEmpty();
        assertThat(access.caller("Bearer admin-token-0123456789")).isEqualTo(AdminAccess.Caller.ADMIN);
        assertThat(access.caller("Bearer agent-token-1")).isEqualTo(AdminAccess.Caller.AGENT);
        assertThat(access.caller("Bearer nobody")).isEqualTo(AdminAccess.Caller.NOBODY);
        assertThat(access.caller(null)).isEqualTo(AdminAccess.Caller.NOBODY);
    }
}
