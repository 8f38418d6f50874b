package dev.switchboard.media.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Every problem of the channels' settings is reported at start, naming its property; secrets never show. */
class MediaChannelsTest {

    @Test
    void everyProblemIsNamedByItsProperty() {
        Map<String, MediaChannels.Channel> channels = new LinkedHashMap<>();
        channels.put("meta", new MediaChannels.Channel(MediaChannels.Provider.META,
                new MediaChannels.Meta(" ", "23"), null, null));
        channels.put("twilio", new MediaChannels.Channel(MediaChannels.Provider.TWILIO, null,
                new MediaChannels.Twilio("SID", null), null));
        channels.put("d360", new MediaChannels.Channel(MediaChannels.Provider.DIALOG360, null, null,
                new MediaChannels.Dialog360(null, URI.create("waba-v2.360dialog.io"))));
        channels.put("none", new MediaChannels.Channel(null, null, null, null));

        assertThatThrownBy(() -> new MediaChannels(channels))
                .hasMessageContaining("switchboard.channels.meta.meta.access-token: required")
                .hasMessageContaining("switchboard.channels.meta.meta.graph-api-version: like v23.0, not 23")
                .hasMessageContaining("switchboard.channels.twilio.twilio.account-sid: required")
                .hasMessageContaining("switchboard.channels.twilio.twilio.auth-token: required")
                .hasMessageContaining("switchboard.channels.d360.dialog360.api-key: required")
                .hasMessageContaining("switchboard.channels.d360.dialog360.base-url: an absolute http(s) URL")
                .hasMessageContaining("switchboard.channels.none.provider: required");
    }

    @Test
    void aValidChannelIsFoundAndItsSecretsAreNotPrinted() {
        MediaChannels channels = new MediaChannels(Map.of("demo", new MediaChannels.Channel(
                MediaChannels.Provider.META, new MediaChannels.Meta("secret-token", null), null, null),
                "bsp", new MediaChannels.Channel(MediaChannels.Provider.DIALOG360, null, null,
                        new MediaChannels.Dialog360("secret-key", null))));

        assertThat(channels.find("demo")).isPresent();
        assertThat(channels.find("other")).isEmpty();
        assertThat(channels.find("bsp")).isPresent();
        assertThat(channels.toString()).doesNotContain("secret-token").doesNotContain("secret-key");
    }
}
