package dev.switchboard.outbound.sending;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Import;
import org.springframework.core.NestedExceptionUtils;

import dev.switchboard.outbound.channel.OutboundChannels;
import dev.switchboard.outbound.clients.ProviderEndpoints;
import dev.switchboard.outbound.clients.SendingConfiguration;
import dev.switchboard.outbound.clients.SendingSettings;
import dev.switchboard.outbound.media.MediaSettings;

class SendingConfigurationTest {

    @EnableConfigurationProperties({ProviderEndpoints.class, SendingSettings.class, MediaSettings.class})
    @Import(SendingConfiguration.class)
    static class Config {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withInitializer(new ConfigDataApplicationContextInitializer())
            .withUserConfiguration(Config.class);

    @Test
    void bothClientsAreBeansWithTheDefaults() {
        runner.run(context -> {
            assertThat(context.getBean(SendingSettings.class)).isEqualTo(SendingSettings.defaults());
            assertThat(context.getBean(GraphClient.class).messagesUri(SendingFixtures.META))
                    .isEqualTo(URI.create("https://graph.facebook.com/v23.0/100200300400500/messages"));
            assertThat(context.getBean(TwilioClient.class).messagesUri(SendingFixtures.TWILIO)).isEqualTo(URI.create(
                    "https://api.twilio.com/2010-04-01/Accounts/AC00000000000000000000000000000000/Messages.json"));
            assertThat(context.getBean(GraphMediaUploads.class).mediaUri(SendingFixtures.META))
                    .isEqualTo(URI.create("https://graph.facebook.com/v23.0/100200300400500/media"));
            assertThat(context.getBean(MediaSettings.class)).isEqualTo(
                    new MediaSettings(Duration.ofHours(1), Duration.ofMinutes(5), Duration.ofDays(29)));
        });
    }

    @Test
    void aMetaChannelThatNamesNoVersionUsesTheServicesV27ByDefaultOrSwitchboardGraphVersion() {
        OutboundChannels.Channel noVersion = new OutboundChannels.Channel(OutboundChannels.Provider.META,
                new OutboundChannels.Meta(java.util.List.of("100200300400500"), "t", null), null, null, 80, "250");
        runner.run(context -> assertThat(context.getBean(GraphClient.class).messagesUri(noVersion))
                .isEqualTo(URI.create("https://graph.facebook.com/v27.0/100200300400500/messages")));
        runner.withPropertyValues("SWITCHBOARD_GRAPH_VERSION=v26.0").run(context -> {
            assertThat(context.getBean(GraphClient.class).messagesUri(noVersion))
                    .isEqualTo(URI.create("https://graph.facebook.com/v26.0/100200300400500/messages"));
            assertThat(context.getBean(GraphMediaUploads.class).mediaUri(noVersion))
                    .isEqualTo(URI.create("https://graph.facebook.com/v26.0/100200300400500/media"));
            // A channel's own version wins.
            assertThat(context.getBean(GraphClient.class).messagesUri(SendingFixtures.META))
                    .isEqualTo(URI.create("https://graph.facebook.com/v23.0/100200300400500/messages"));
        });
    }

    @Test
    void theSandboxBaseUrlsAreUsed() {
        runner.withPropertyValues("SWITCHBOARD_GRAPH_BASE_URL=http://localhost:8090/graph/",
                "SWITCHBOARD_TWILIO_BASE_URL=http://localhost:8090/twilio").run(context -> {
            OutboundChannels.Channel meta = SendingFixtures.META;
            assertThat(context.getBean(GraphClient.class).messagesUri(meta))
                    .isEqualTo(URI.create("http://localhost:8090/graph/v23.0/100200300400500/messages"));
            assertThat(context.getBean(TwilioClient.class).messagesUri(SendingFixtures.TWILIO)).isEqualTo(URI.create(
                    "http://localhost:8090/twilio/2010-04-01/Accounts/AC00000000000000000000000000000000/Messages.json"));
        });
    }

    @Test
    void theTimeoutsAndHttpVersionCanBeSet() {
        runner.withPropertyValues("switchboard.sending.request-timeout=3s", "switchboard.sending.connect-timeout=1s",
                "switchboard.sending.http-version=HTTP_2").run(context -> assertThat(context.getBean(SendingSettings.class))
                .isEqualTo(new SendingSettings(Duration.ofSeconds(3), Duration.ofSeconds(1), HttpClient.Version.HTTP_2)));
    }

    @Test
    void aZeroTimeoutStopsTheServiceWithAClearMessage() {
        runner.withPropertyValues("switchboard.sending.request-timeout=0s").run(context -> {
            assertThat(context).hasFailed();
            assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()).getMessage())
                    .isEqualTo("switchboard.sending.request-timeout must be positive, not PT0S");
        });
    }
}
