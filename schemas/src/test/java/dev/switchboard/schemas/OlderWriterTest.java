package dev.switchboard.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.switchboard.testing.SharedKafka;

/**
 * Events written by an older producer are read by the current classes. The older writer is derived from each
 * current schema by removing every field that has a default, at every level: exactly what a producer built before
 * those fields were added would write. The bytes travel through a real topic and are read with the production
 * deserializer, whose catalogue knows the older writer (as the released history does for real versions).
 */
class OlderWriterTest {

    static Stream<Topic<?>> topics() {
        return Topics.ALL.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topics")
    void currentClassesReadEventsOfAnOlderWriter(Topic<?> topic) throws Exception {
        Schema current = topic.valueSchema();
        Schema older = withoutDefaultedFields(current);
        assertThat(older.getFields()).hasSizeLessThan(current.getFields().size());
        assertThat(Compatibility.problems(current, List.of(older))).isEmpty();

        GenericRecord written = RandomEvents.generic(older, 42, true);
        byte[] bytes = toBytes(new BinaryMessageEncoder<GenericRecord>(RandomEvents.genericModel(), older).encode(written));

        String name = "older-writer." + topic.name();
        SharedKafka.createTopics(List.of(new NewTopic(name, 1, (short) 1)));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            producer.send(new ProducerRecord<>(name, "k", bytes)).get();
        }

        EventDeserializer<SpecificRecord> reader = new EventDeserializer<>(SchemaCatalog.released().with(older));
        List<ConsumerRecord<String, SpecificRecord>> received = BrokerRoundTripTest.consumeAll(name, 1, reader);
        SpecificRecord read = received.get(0).value();

        assertThat(read).isInstanceOf(topic.valueType());
        assertWrittenValuesKeptAndNewFieldsDefaulted(written, read);
    }

    /** Fields the writer had carry its values; fields it did not have carry their defaults. */
    private static void assertWrittenValuesKeptAndNewFieldsDefaulted(GenericRecord written, SpecificRecord read) {
        SpecificData model = SpecificData.getForClass(read.getClass());
        for (Schema.Field field : read.getSchema().getFields()) {
            Object actual = read.get(field.pos());
            Schema.Field writerField = written.getSchema().getField(field.name());
            if (writerField == null) {
                assertThat(actual).as(field.name()).isEqualTo(model.getDefaultValue(field));
            } else {
                assertSameValue(field.name(), written.get(field.name()), actual);
            }
        }
    }

    private static void assertSameValue(String path, Object written, Object read) {
        if (written instanceof GenericRecord record) {
            assertWrittenValuesKeptAndNewFieldsDefaulted(record, (SpecificRecord) read);
        } else if (written instanceof List<?> list) {
            assertThat((List<?>) read).as(path).hasSameSizeAs(list);
            for (int i = 0; i < list.size(); i++) {
                assertSameValue(path + "[" + i + "]", list.get(i), ((List<?>) read).get(i));
            }
        } else if (written instanceof GenericEnumSymbol<?> symbol) {
            assertThat(read.toString()).as(path).isEqualTo(symbol.toString());
        } else if (written instanceof CharSequence text) {
            assertThat(read.toString()).as(path).isEqualTo(text.toString());
        } else {
            assertThat(read).as(path).isEqualTo(written);
        }
    }

    /** The schema with every defaulted field removed, recursively through the remaining record fields. */
    static Schema withoutDefaultedFields(Schema schema) {
        return new Schema.Parser().parse(strip(schema).toString());
    }

    private static Schema strip(Schema schema) {
        if (schema.getType() != Schema.Type.RECORD) {
            return schema;
        }
        List<Schema.Field> kept = schema.getFields().stream()
                .filter(f -> !f.hasDefaultValue())
                .map(f -> new Schema.Field(f.name(), strip(f.schema()), f.doc()))
                .toList();
        return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, kept);
    }

    private static byte[] toBytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

}
