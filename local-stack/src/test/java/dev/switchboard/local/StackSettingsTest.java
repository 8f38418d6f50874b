package dev.switchboard.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** run.sh's environment: the public surface's defaults, its overrides, and clear refusals. */
class StackSettingsTest {

    private static final Path ROOT = Path.of(System.getProperty("switchboard.root", "..")).toAbsolutePath().normalize();

    @Test
    void withoutOverridesTheContractsDefaults() {
        StackSettings settings = StackSettings.fromEnvironment(Map.of(), ROOT);

        assertThat(settings.ports().ingress()).isEqualTo(8080);
        assertThat(settings.ports().ticket()).isEqualTo(8081);
        assertThat(settings.externalKafka()).isEmpty();
        assertThat(settings.kafkaBootstrapServers()).isEqualTo("localhost:9092");
        assertThat(settings.graphBaseUrl()).isEqualTo("http://localhost:8090");
        assertThat(settings.twilioBaseUrl()).isEqualTo("http://localhost:8090");
        assertThat(settings.window()).isEqualTo(Duration.ofHours(24));
        assertThat(settings.reminderDelay()).isEqualTo(Duration.ofHours(23));
        assertThat(settings.channelsFile()).isEqualTo(ROOT.resolve("deploy/local/channels.yml"));
        assertThat(settings.jar("ticket-service"))
                .isEqualTo(ROOT.resolve("ticket-service/target/ticket-service-0.1.0-SNAPSHOT.jar"));
    }

    @Test
    void theContractsOverrides() {
        StackSettings settings = StackSettings.fromEnvironment(Map.of(
                "SWITCHBOARD_KAFKA_BOOTSTRAP_SERVERS", " kafka-1:9092,kafka-2:9092 ",
                "SWITCHBOARD_GRAPH_BASE_URL", "https://graph.facebook.com",
                "SWITCHBOARD_TWILIO_BASE_URL", "https://api.twilio.com",
                "SWITCHBOARD_WINDOW_DURATION", "PT3M",
                "SWITCHBOARD_REMINDER_DELAY", "PT2M",
                "SWITCHBOARD_LOCAL_JAVA_OPTS", "-Xmx256m  -XX:+UseG1GC"), ROOT);

        assertThat(settings.externalKafka()).contains("kafka-1:9092,kafka-2:9092");
        assertThat(settings.kafkaBootstrapServers()).isEqualTo("kafka-1:9092,kafka-2:9092");
        assertThat(settings.graphBaseUrl()).isEqualTo("https://graph.facebook.com");
        assertThat(settings.twilioBaseUrl()).isEqualTo("https://api.twilio.com");
        assertThat(settings.window()).isEqualTo(Duration.ofMinutes(3));
        assertThat(settings.reminderDelay()).isEqualTo(Duration.ofMinutes(2));
        assertThat(settings.serviceJavaOpts()).containsExactly("-Xmx256m", "-XX:+UseG1GC");
    }

    @Test
    void aBlankKafkaMeansStartOurOwn() {
        assertThat(StackSettings.fromEnvironment(Map.of("SWITCHBOARD_KAFKA_BOOTSTRAP_SERVERS", " "), ROOT)
                .externalKafka()).isEmpty();
    }

    @Test
    void anUnreadableDurationIsNamed() {
        assertThatThrownBy(() -> StackSettings.fromEnvironment(Map.of("SWITCHBOARD_WINDOW_DURATION", "24h"), ROOT))
                .hasMessageContaining("SWITCHBOARD_WINDOW_DURATION").hasMessageContaining("'24h'");
    }

    @Test
    void aReminderAfterTheWindowIsRefused() {
        assertThatThrownBy(() -> StackSettings.fromEnvironment(Map.of(
                "SWITCHBOARD_WINDOW_DURATION", "PT1M", "SWITCHBOARD_REMINDER_DELAY", "PT2M"), ROOT))
                .hasMessageContaining("SWITCHBOARD_REMINDER_DELAY must be positive and shorter than the window");
    }

    @Test
    void startedOutsideACheckoutSaysSo() {
        assertThatThrownBy(() -> StackSettings.fromEnvironment(Map.of(), Path.of("/")))
                .hasMessageContaining("is not a Switchboard checkout")
                .hasMessageContaining("no channels file at /deploy/local/channels.yml");
    }

    @Test
    void javaOptionsAreSplitOnWhitespace() {
        StackSettings settings = StackSettings.fromEnvironment(Map.of(), ROOT);
        assertThat(settings.serviceJavaOpts()).isEqualTo(List.of(StackSettings.DEFAULT_JAVA_OPTS.split(" ")));
    }
}
