package dev.switchboard.ticket.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** SWITCHBOARD_BOOTSTRAP_ADMIN is checked at start like every other setting, and never printed. */
class ConsoleSettingsTest {

    private static ConsoleSettings withBootstrap(String value) {
        return new ConsoleSettings(false, new ConsoleSettings.Login(5, Duration.ofMinutes(15), 30), value,
                new ConsoleSettings.Oidc(null, null, "preferred_username"));
    }

    @Test
    void theBootstrapAdminIsLoginColonPassword() {
        ConsoleSettings settings = withBootstrap("Admin:a long enough secret");
        assertThat(settings.bootstrapLogin()).isEqualTo("admin");
        assertThat(settings.bootstrapPassword()).isEqualTo("a long enough secret");
        assertThat(settings.toString()).doesNotContain("secret");
        assertThat(withBootstrap("  ").bootstrapLogin()).isNull();
    }

    @Test
    void aMalformedBootstrapAdminStopsTheStart() {
        for (String bad : new String[] {"admin", "admin:short", ":a long enough secret", "bad login:a long enough secret"}) {
            assertThatThrownBy(() -> withBootstrap(bad)).as(bad)
                    .hasMessageContaining("SWITCHBOARD_BOOTSTRAP_ADMIN")
                    .hasMessageNotContaining("secret");
        }
    }
}
