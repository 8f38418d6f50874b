package dev.switchboard.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.switchboard.events.InboundMessage;
import dev.switchboard.schemas.testing.RegistryStandIn;
import dev.switchboard.schemas.testing.TestEvents;
import dev.switchboard.testing.SharedKafka;

/**
 * The Confluent wire format, byte for byte as its specification has it (magic byte 0, the schema id as a 4-byte
 * big-endian integer, the Avro binary encoding of the value), written and read through the real broker by the
 * serde services configure, against a stand-in for the registry's HTTP API.
 */
class ConfluentWireFormatTest {

    private static RegistryStandIn registry;

    @BeforeAll
    static void startRegistry() {
        registry = new RegistryStandIn();
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    @Test
    void aConfluentProducerWritesMagicZeroTheSchemaIdAndTheAvroBody() throws IOException {
        String topic = newTopic();
        InboundMessage event = message("confluent bytes");

        try (KafkaProducer<String, SpecificRecord> producer = producer("confluent")) {
            producer.send(new ProducerRecord<>(topic, "k", event));
            producer.flush();
        }
        byte[] bytes = BrokerRoundTripTest.consumeAll(topic, 1, new ByteArrayDeserializer()).get(0).value();

        assertThat(registry.subjects()).containsKey(topic + "-value");
        long id = registry.subjects().get(topic + "-value").get(0);
        assertThat(bytes[0]).as("magic byte").isEqualTo((byte) 0);
        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).as("big-endian schema id").isEqualTo((int) id);
        assertThat(Arrays.copyOfRange(bytes, 5, bytes.length)).as("Avro binary body").isEqualTo(RegistryStandIn.avroBinary(event));
        assertThat(registry.requests()).anyMatch(r -> r.startsWith(
                "POST /apis/registry/v3/groups/default/artifacts?") && r.contains("ifExists=FIND_OR_CREATE_VERSION"));
    }

    @Test
    void theRegisteredSchemaIsTheEventsReleasedSchema() {
        String topic = newTopic();
        InboundMessage event = message("which schema");
        new EventSerializer<InboundMessage>(SchemaCatalog.released(), confluent()).serialize(topic, event);

        long id = registry.subjects().get(topic + "-value").get(0);
        assertThat(new Schema.Parser().parse(registry.schema(id))).as("self-contained, as Confluent's serializer")
                .isEqualTo(event.getSchema());
        byte[] written = new EventSerializer<InboundMessage>(SchemaCatalog.released(), confluent())
                .serialize(topic, event);
        assertThat(ByteBuffer.wrap(written, 1, 4).getInt()).as("the same schema: the same id").isEqualTo((int) id);
        assertThat(SchemaCatalog.released().knows(event.getSchema())).isTrue();
    }

    @Test
    void aReaderDecodesBothFormatsFromTheSameTopic() {
        String topic = newTopic();
        InboundMessage first = message("written single-object");
        InboundMessage second = message("written confluent");
        InboundMessage third = message("single-object again");

        try (KafkaProducer<String, SpecificRecord> singleObject = producer("single-object");
             KafkaProducer<String, SpecificRecord> confluent = producer("confluent")) {
            singleObject.send(new ProducerRecord<>(topic, "k", first));
            singleObject.flush();
            confluent.send(new ProducerRecord<>(topic, "k", second));
            confluent.flush();
            singleObject.send(new ProducerRecord<>(topic, "k", third));
            singleObject.flush();
        }

        EventDeserializer<SpecificRecord> reader = new EventDeserializer<>();
        reader.configure(Map.of(WireFormat.REGISTRY_URL_CONFIG, registry.url().toString()), false);
        List<ConsumerRecord<String, SpecificRecord>> read = BrokerRoundTripTest.consumeAll(topic, 3, reader);

        assertThat(read).extracting(ConsumerRecord::value).containsExactly(first, second, third);
        List<ConsumerRecord<String, byte[]>> raw = BrokerRoundTripTest.consumeAll(topic, 3, new ByteArrayDeserializer());
        assertThat(raw).extracting(r -> r.value()[0]).containsExactly((byte) 0xC3, (byte) 0, (byte) 0xC3);
    }

    @Test
    void aReaderResolvesAnOlderWriterSchemaFromTheRegistry() throws IOException {
        Schema v1 = SchemaCatalog.released().versions(InboundMessage.getClassSchema().getFullName()).get(0);
        String topic = newTopic();
        int id = (int) registry.register(topic + "-value", v1.toString());
        GenericRecord older = RandomEvents.generic(v1, 7, true);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(ByteBuffer.allocate(4).putInt(id).array());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(v1, RandomEvents.genericModel()).write(older, encoder);
        encoder.flush();

        SpecificRecord read = new EventDeserializer<>(SchemaCatalog.released(), confluent())
                .deserialize(topic, out.toByteArray());

        assertThat(read).isInstanceOf(InboundMessage.class);
        assertThat(((InboundMessage) read).getMessageId()).isEqualTo(older.get("messageId").toString());
    }

    @Test
    void aConfluentRecordWithoutARegistryIsAnUndecodableRecord() {
        byte[] bytes = new EventSerializer<InboundMessage>(SchemaCatalog.released(), confluent())
                .serialize("t", message("no registry here"));

        assertThatThrownBy(() -> new EventDeserializer<>(SchemaCatalog.released()).deserialize("t", bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("is in the Confluent wire format (schema id")
                .hasMessageContaining("no schema registry is configured: set SWITCHBOARD_SCHEMA_REGISTRY_URL");
    }

    @Test
    void anUnknownSchemaIdIsAnUndecodableRecord() {
        byte[] bytes = {0, 0, 0, 0x7f, 0x7f, 2, 'x'};

        assertThatThrownBy(() -> new EventDeserializer<>(SchemaCatalog.released(), confluent()).deserialize("t", bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("cannot decode the Confluent-format record on t (schema id 32639)");
    }

    @Test
    void aConfluentWriterRefusesASchemaThatIsNotReleased() {
        EventSerializer<SpecificRecord> writer = new EventSerializer<>(SchemaCatalog.load(List.of()), confluent());
        int before = registry.requests().size();

        assertThatThrownBy(() -> writer.serialize("t", message("unreleased")))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("is not released");
        assertThat(registry.requests()).as("nothing registered").hasSize(before);
    }

    private static WireFormat confluent() {
        return WireFormat.from(Map.of(WireFormat.FORMAT_VARIABLE, "confluent",
                WireFormat.REGISTRY_URL_VARIABLE, registry.url().toString())::get);
    }

    /** A producer configured as a service's (service-kit passes the settings through the client's properties). */
    private static KafkaProducer<String, SpecificRecord> producer(String wireFormat) {
        Map<String, Object> config = new HashMap<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, EventSerializer.class,
                WireFormat.FORMAT_CONFIG, wireFormat,
                WireFormat.REGISTRY_URL_CONFIG, registry.url().toString()));
        return new KafkaProducer<>(config);
    }

    private static String newTopic() {
        String topic = "registry-mode." + UUID.randomUUID();
        SharedKafka.createTopics(List.of(new NewTopic(topic, 1, (short) 1)));
        return topic;
    }

    private static InboundMessage message(String text) {
        return TestEvents.text("demo", TestEvents.newCustomer(), "wamid." + UUID.randomUUID(), text,
                Instant.parse("2026-12-06T10:00:00Z")).build();
    }
}
