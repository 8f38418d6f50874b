package dev.switchboard.media.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** Invalid settings stop the start with a message naming each property. */
class SettingsTest {

    @Test
    void fetchSettingsNameEveryProblem() {
        assertThatThrownBy(() -> new FetchSettings(0, Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(5),
                Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofMinutes(2), 0, Duration.ofMinutes(30), Duration.ofSeconds(20)))
                .hasMessageContaining("switchboard.media.fetch.concurrency (SWITCHBOARD_MEDIA_FETCH_CONCURRENCY) must be"
                        + " between 1 and 256, not 0")
                .hasMessageContaining("switchboard.media.fetch.request-timeout must be a positive duration")
                .hasMessageContaining("switchboard.media.fetch.initial-backoff (PT5M) must not exceed max-backoff (PT2M)")
                .hasMessageContaining("switchboard.media.fetch.max-attempts must be between 1 and 100, not 0");
    }

    @Test
    void theLeaseOutlastsTheLongestFetch() {
        FetchSettings settings = new FetchSettings(8, Duration.ofSeconds(1), Duration.ofSeconds(10),
                Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofSeconds(2), Duration.ofMinutes(2), 10,
                Duration.ofMinutes(30), Duration.ofSeconds(20));
        assertThat(settings.lease()).isGreaterThan(Duration.ofMinutes(5).plusSeconds(10 * 7));
    }

    @Test
    void limitsAndGraphSettingsAreChecked() {
        assertThatThrownBy(() -> new LimitSettings(DataSize.ofMegabytes(16), DataSize.ofMegabytes(100),
                DataSize.ofBytes(0), DataSize.ofMegabytes(16), DataSize.ofKilobytes(100), DataSize.ofKilobytes(500)))
                .hasMessageContaining("switchboard.media.limits.image must be a positive size");
        assertThatThrownBy(() -> new GraphSettings(URI.create("graph.facebook.com"), "v23.0"))
                .hasMessageContaining("switchboard.graph.base-url (SWITCHBOARD_GRAPH_BASE_URL) must be an absolute");
        assertThatThrownBy(() -> new GraphSettings(URI.create("https://graph.facebook.com"), "latest"))
                .hasMessageContaining("switchboard.graph.version (SWITCHBOARD_GRAPH_VERSION) must be like v27.0");
    }
}
