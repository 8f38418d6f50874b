package dev.switchboard.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The wire format setting: its default, its values and the messages that stop a start when it is wrong. */
class WireFormatTest {

    @Test
    void singleObjectIsTheDefault() {
        assertThat(WireFormat.from(Map.<String, String>of()::get)).isEqualTo(WireFormat.DEFAULT);
        assertThat(WireFormat.DEFAULT.format()).isEqualTo(WireFormat.Format.SINGLE_OBJECT);
        assertThat(WireFormat.DEFAULT.registryUrl()).isEmpty();
        assertThat(WireFormat.from(Map.of("SWITCHBOARD_KAFKA_WIRE_FORMAT", " ")::get)).isEqualTo(WireFormat.DEFAULT);
    }

    @Test
    void confluentWithTheRegistry() {
        WireFormat format = WireFormat.from(Map.of(
                "SWITCHBOARD_KAFKA_WIRE_FORMAT", "confluent",
                "SWITCHBOARD_SCHEMA_REGISTRY_URL", "http://registry:8080/apis/registry/v3")::get);

        assertThat(format.format()).isEqualTo(WireFormat.Format.CONFLUENT);
        assertThat(format.registryUrl()).contains(URI.create("http://registry:8080/apis/registry/v3"));
    }

    @Test
    void aReaderMayKnowTheRegistryWhileWritersStillWriteSingleObject() {
        WireFormat format = WireFormat.from(Map.of("SWITCHBOARD_SCHEMA_REGISTRY_URL", "https://registry/apis/registry/v3")::get);

        assertThat(format.format()).isEqualTo(WireFormat.Format.SINGLE_OBJECT);
        assertThat(format.registryUrl()).isPresent();
    }

    @Test
    void anUnknownFormatNamesTheVariableAndTheValues() {
        assertThatThrownBy(() -> WireFormat.from(Map.of("SWITCHBOARD_KAFKA_WIRE_FORMAT", "protobuf")::get))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SWITCHBOARD_KAFKA_WIRE_FORMAT is 'protobuf'; it must be single-object (the default)"
                        + " or confluent");
    }

    @Test
    void confluentWithoutARegistryNamesBothVariables() {
        assertThatThrownBy(() -> WireFormat.from(Map.of("SWITCHBOARD_KAFKA_WIRE_FORMAT", "confluent")::get))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("SWITCHBOARD_KAFKA_WIRE_FORMAT is confluent but SWITCHBOARD_SCHEMA_REGISTRY_URL"
                        + " is not set");
    }

    @Test
    void aRegistryUrlMustBeHttp() {
        assertThatThrownBy(() -> WireFormat.from(Map.of("SWITCHBOARD_SCHEMA_REGISTRY_URL", "registry:8080")::get))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("SWITCHBOARD_SCHEMA_REGISTRY_URL is 'registry:8080', not an http(s) URL");
    }

    @Test
    void aKafkaClientsSettingsWinAndAreCheckedAlike() {
        WireFormat configured = WireFormat.DEFAULT.overriddenBy(Map.of(
                "switchboard.wire-format", "confluent", "switchboard.schema-registry.url", "http://r/apis/registry/v3"));
        assertThat(configured).isEqualTo(new WireFormat(WireFormat.Format.CONFLUENT,
                Optional.of(URI.create("http://r/apis/registry/v3"))));
        assertThat(WireFormat.DEFAULT.overriddenBy(Map.of("bootstrap.servers", "x"))).isSameAs(WireFormat.DEFAULT);

        assertThatThrownBy(() -> WireFormat.DEFAULT.overriddenBy(Map.of("switchboard.wire-format", "confluent")))
                .hasMessageStartingWith("SWITCHBOARD_KAFKA_WIRE_FORMAT (switchboard.wire-format) is confluent but"
                        + " SWITCHBOARD_SCHEMA_REGISTRY_URL (switchboard.schema-registry.url) is not set");
    }

    @Test
    void theSerdeTakesTheKafkaClientsSetting() {
        EventSerializer<?> serializer = new EventSerializer<>(SchemaCatalog.released());
        serializer.configure(Map.of("switchboard.wire-format", "confluent",
                "switchboard.schema-registry.url", "http://r/apis/registry/v3"), false);

        assertThat(serializer.wireFormat().format()).isEqualTo(WireFormat.Format.CONFLUENT);
        assertThat(new EventSerializer<>().wireFormat()).as("this JVM's environment sets nothing")
                .isEqualTo(WireFormat.DEFAULT);
    }
}
