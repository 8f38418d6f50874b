package dev.switchboard.sandbox.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.FileSystemResource;

class ChannelsTest {

    @Test
    void readsTheChannelFileOfTheLocalStack() throws IOException {
        StandardEnvironment environment = new StandardEnvironment();
        new YamlPropertySourceLoader().load("channels", new FileSystemResource("../deploy/local/channels.yml"))
                .forEach(environment.getPropertySources()::addFirst);
        ChannelProperties properties = new Binder(ConfigurationPropertySources.get(environment))
                .bind("switchboard", ChannelProperties.class).get();

        Channels channels = new Channels(properties);

        Channel demo = channels.byPhoneNumberId("100200300400500").orElseThrow();
        assertThat(demo.id()).isEqualTo("demo");
        assertThat(demo.meta().accessToken()).isEqualTo("demo-access-token");
        assertThat(demo.businessDigits()).isEqualTo("15550001111");
        Channel twilio = channels.twilioAccount("AC00000000000000000000000000000000").get(0);
        assertThat(twilio.id()).isEqualTo("demo-twilio");
        assertThat(twilio.twilioStatusUrl()).isEqualTo("http://localhost:8080/webhooks/twilio/demo-twilio/status");
    }

    @Test
    void reportsEveryProblemAtOnceNamingTheProperty() {
        Map<String, ChannelProperties.Entry> entries = Map.of(
                "a", new ChannelProperties.Entry(Provider.META, new ChannelProperties.Meta(List.of("12x"), null, null,
                        " ", null), null),
                "b", new ChannelProperties.Entry(Provider.TWILIO, null, new ChannelProperties.Twilio("AC1", null,
                        List.of("+1555"), URI.create("relative/path"))),
                "c", new ChannelProperties.Entry(null, null, null));

        assertThatThrownBy(() -> new Channels(new ChannelProperties(entries)))
                .hasMessageContaining("switchboard.channels.a.meta.phone-number-ids: '12x' is not a phone_number_id")
                .hasMessageContaining("switchboard.channels.a.meta.app-secret: required")
                .hasMessageContaining("switchboard.channels.a.meta.access-token: required")
                .hasMessageContaining("switchboard.channels.b.twilio.account-sid: required, AC followed by 32 hex")
                .hasMessageContaining("switchboard.channels.b.twilio.auth-token: required")
                .hasMessageContaining("switchboard.channels.b.twilio.senders: '+1555' is not of the form")
                .hasMessageContaining("switchboard.channels.b.twilio.public-url: required")
                .hasMessageContaining("switchboard.channels.c.provider: required");
    }

    @Test
    void refusesToStartWithoutChannelsAndSaysHowToGiveThem() {
        assertThatThrownBy(() -> new Channels(new ChannelProperties(Map.of())))
                .hasMessageContaining("SPRING_CONFIG_ADDITIONAL_LOCATION=file:deploy/local/channels.yml");
    }

    @Test
    void aPhoneNumberIdBelongsToOneChannel() {
        ChannelProperties.Meta meta = new ChannelProperties.Meta(List.of("1"), null, null, "s", "t");
        assertThatThrownBy(() -> new Channels(new ChannelProperties(Map.of(
                "a", new ChannelProperties.Entry(Provider.META, meta, null),
                "b", new ChannelProperties.Entry(Provider.META, meta, null)))))
                .hasMessageContaining("1 also belongs to channel a");
    }
}
