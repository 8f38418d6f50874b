package dev.switchboard.media.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Every problem of the channels' settings is reported at start, naming its property; secrets never show. */
class MediaChannelsTest {

    @Test
    void everyProblemIsNamedByItsProperty() {
        Map<String, MediaChannels.Channel> channels = new LinkedHashMap<>();
        channels.put("meta", new MediaChannels.Channel(MediaChannels.Provider.META,
                new MediaChannels.Meta(" ", "23"), null));
        channels.put("twilio", new MediaChannels.Channel(MediaChannels.Provider.TWILIO, null,
                new MediaChannels.Twilio("SID", null)));
        channels.put("none", new MediaChannels.Channel(null, null, null));

        assertThatThrownBy(() -> new MediaChannels(channels))
                .hasMessageContaining("switchboard.channels.meta.meta.access-token: required")
                .hasMessageContaining("switchboard.channels.meta.meta.graph-api-version: like v23.0, not 23")
                .hasMessageContaining("switchboard.channels.twilio.twilio.account-sid: required")
                .hasMessageContaining("switchboard.channels.twilio.twilio.auth-token: required")
                .hasMessageContaining("switchboard.channels.none.provider: required");
    }

    @Test
    void aValidChannelIsFoundAndItsSecretsAreNotPrinted() {
        MediaChannels channels = new MediaChannels(Map.of("demo", new MediaChannels.Channel(
                MediaChannels.Provider.META, new MediaChannels.Meta("secret-token", null), null)));

        assertThat(channels.find("demo")).isPresent();
        assertThat(channels.find("other")).isEmpty();
        assertThat(channels.toString()).doesNotContain("secret-token");
    }
}
