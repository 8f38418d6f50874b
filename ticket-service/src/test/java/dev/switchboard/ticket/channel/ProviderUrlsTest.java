package dev.switchboard.ticket.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** {@code switchboard.providers.*} as Spring binds it: Graph v27.0 unless configured, base URLs without a slash. */
class ProviderUrlsTest {

    private static ProviderUrls bound(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("switchboard.providers", ProviderUrls.class);
    }

    @Test
    void graphV27IsTheDefaultAndAnotherVersionCanBeSet() {
        ProviderUrls defaults = bound(Map.of());
        assertThat(defaults.graphApiVersion()).isEqualTo("v27.0");
        assertThat(defaults.graphBaseUrl()).isEqualTo("https://graph.facebook.com");

        ProviderUrls pinned = bound(Map.of("switchboard.providers.graph-api-version", "v23.0",
                "switchboard.providers.graph-base-url", "http://localhost:8090/"));
        assertThat(pinned.graphApiVersion()).isEqualTo("v23.0");
        assertThat(pinned.graphBaseUrl()).isEqualTo("http://localhost:8090");
    }
}
