package dev.switchboard.media.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.FileSystemResource;

/** The local stack's channel file (the one every service reads) gives this service what it needs for each channel. */
class LocalChannelsTest {

    @Test
    void theLocalStacksChannelsAreUsable() throws Exception {
        List<PropertySource<?>> file = new YamlPropertySourceLoader().load("channels",
                new FileSystemResource("../deploy/local/channels.yml"));
        MediaChannels channels = new Binder(ConfigurationPropertySources.from(file))
                .bind("switchboard", MediaChannels.class).get();

        assertThat(channels.find("demo")).hasValueSatisfying(demo -> {
            assertThat(demo.provider()).isEqualTo(MediaChannels.Provider.META);
            assertThat(demo.meta().accessToken()).isNotBlank();
        });
        assertThat(channels.find("demo-twilio")).hasValueSatisfying(twilio -> {
            assertThat(twilio.provider()).isEqualTo(MediaChannels.Provider.TWILIO);
            assertThat(twilio.twilio().accountSid()).startsWith("AC");
            assertThat(twilio.twilio().authToken()).isNotBlank();
        });
    }
}
