package dev.switchboard.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import dev.switchboard.events.InboundMessage;

class EventSerdeTest {

    private final EventSerializer<SpecificRecord> serializer = new EventSerializer<>();
    private final EventDeserializer<SpecificRecord> deserializer = new EventDeserializer<>();

    static Stream<Topic<?>> topics() {
        return Topics.ALL.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topics")
    void everyEventTypeSurvivesEncodingAndDecoding(Topic<?> topic) {
        for (long seed = 0; seed < 20; seed++) {
            SpecificRecord event = RandomEvents.specific(topic.valueType(), seed, seed % 2 == 0);
            byte[] bytes = serializer.serialize(topic.name(), event);

            assertThat(bytes[0]).isEqualTo((byte) 0xC3);
            assertThat(bytes[1]).isEqualTo((byte) 0x01);
            assertThat(deserializer.deserialize(topic.name(), bytes)).isEqualTo(event);
        }
    }

    @Test
    void nullIsATombstoneBothWays() {
        assertThat(serializer.serialize("t", null)).isNull();
        assertThat(deserializer.deserialize("t", null)).isNull();
    }

    @Test
    void refusesBytesThatAreNotAnEvent() {
        assertThatThrownBy(() -> deserializer.deserialize("whatsapp.inbound.messages.v1", "{\"json\":1}".getBytes()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("not an Avro single-object encoded event");
    }

    @Test
    void refusesAnUnknownWriterSchemaWithAClearMessage() {
        byte[] bytes = serializer.serialize("t", RandomEvents.specific(InboundMessage.class, 1, true));
        bytes[5] ^= 0x5A; // corrupt the fingerprint
        assertThatThrownBy(() -> deserializer.deserialize("whatsapp.inbound.messages.v1", bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("unknown schema fingerprint")
                .hasMessageContaining("whatsapp.inbound.messages.v1");
    }

    @Test
    void refusesACorruptBody() {
        byte[] bytes = serializer.serialize("t", RandomEvents.specific(InboundMessage.class, 1, true));
        byte[] truncated = java.util.Arrays.copyOf(bytes, 14);
        assertThatThrownBy(() -> deserializer.deserialize("whatsapp.inbound.messages.v1", truncated))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("cannot decode dev.switchboard.events.InboundMessage");
    }

    @Test
    void refusesToWriteASchemaThatWasNeverReleased() {
        EventSerializer<SpecificRecord> withEmptyHistory = new EventSerializer<>(SchemaCatalog.load(List.of()));
        assertThatThrownBy(() -> withEmptyHistory.serialize("t", RandomEvents.specific(InboundMessage.class, 1, true)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("is not released");
    }

    @Test
    void theCatalogueNamesEveryTopicOfTheContract() {
        assertThat(Topics.ALL).extracting(Topic::name).containsExactlyInAnyOrder(
                "whatsapp.inbound.messages.v1", "whatsapp.inbound.statuses.v1", "whatsapp.webhooks.raw.v1",
                "whatsapp.outbound.requests.v1", "whatsapp.outbound.results.v1", "whatsapp.window.events.v1",
                "whatsapp.media.events.v1", "tickets.events.v1", "switchboard.channels.v1", "whatsapp.account.events.v1");
        assertThat(Topics.byName("tickets.events.v1.dlt")).contains(Topics.TICKET_EVENTS);
        assertThat(Topics.byName("nope")).isEmpty();
    }
}
