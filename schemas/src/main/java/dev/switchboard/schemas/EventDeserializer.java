package dev.switchboard.schemas;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads events in either wire format, whatever the writers' {@link WireFormat}, so that producers can move from one
 * to the other one by one. A Confluent-format record ({@code 00}, 4-byte schema id, Avro body) is read with the
 * writer schema the registry has under that id (looked up once, then cached); it needs the registry's URL, and
 * without one it is a {@link SerializationException} like any undecodable record. Otherwise it reads Avro
 * single-object encoded events into the current generated classes, whatever released version wrote
 * them: the fingerprint in the header finds the writer schema in {@link SchemaCatalog}, and Avro's schema
 * resolution fills in fields the writer did not have. Any record that cannot be read (not single-object encoded,
 * unknown fingerprint, corrupt body) throws a {@link SerializationException} naming the cause, so that Spring
 * Kafka's {@code ErrorHandlingDeserializer} can send it to the dead-letter topic instead of blocking the partition.
 */
public final class EventDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    private static final int HEADER_LENGTH = 10;
    private static final byte MAGIC_0 = (byte) 0xC3;
    private static final byte MAGIC_1 = (byte) 0x01;
    private static final byte CONFLUENT_MAGIC = 0x00;
    private static final int CONFLUENT_HEADER_LENGTH = 5;

    private final SchemaCatalog catalog;
    private final Map<String, BinaryMessageDecoder<T>> decoders = new ConcurrentHashMap<>();
    private final SchemaRegistry.Client<AvroKafkaDeserializer<T>> registry;

    /** The released catalogue and the environment's registry ({@link WireFormat#fromEnvironment()}). */
    public EventDeserializer() {
        this(SchemaCatalog.released(), WireFormat.fromEnvironment());
    }

    /** This catalogue, and no registry. */
    public EventDeserializer(SchemaCatalog catalog) {
        this(catalog, WireFormat.DEFAULT);
    }

    public EventDeserializer(SchemaCatalog catalog, WireFormat wireFormat) {
        this.catalog = catalog;
        this.registry = new SchemaRegistry.Client<>(wireFormat, format -> format.registryUrl()
                .map(url -> () -> SchemaRegistry.<T>deserializer(url)));
    }

    /** Kafka's configuration may name the registry ({@value WireFormat#REGISTRY_URL_CONFIG}): it wins. */
    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        registry.configure(configs);
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length >= CONFLUENT_HEADER_LENGTH && data[0] == CONFLUENT_MAGIC) {
            return fromRegistry(topic, data);
        }
        if (data.length < HEADER_LENGTH || data[0] != MAGIC_0 || data[1] != MAGIC_1) {
            throw new SerializationException("record on " + topic + " is not an Avro single-object encoded event ("
                    + data.length + " bytes)");
        }
        long fingerprint = ByteBuffer.wrap(data, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        Schema writer = catalog.find(fingerprint).orElseThrow(() -> new SerializationException(
                "record on " + topic + " was written with unknown schema fingerprint " + Long.toHexString(fingerprint)
                        + "; this consumer's schemas are older than the producer's"));
        try {
            return decoders.computeIfAbsent(writer.getFullName(), name -> decoderFor(writer)).decode(data);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot decode " + writer.getFullName() + " on " + topic + ": "
                    + e.getMessage(), e);
        }
    }

    private T fromRegistry(String topic, byte[] data) {
        int schemaId = ByteBuffer.wrap(data, 1, 4).getInt();
        if (!registry.present()) {
            throw new SerializationException("record on " + topic + " is in the Confluent wire format (schema id "
                    + schemaId + ") but no schema registry is configured: set " + WireFormat.REGISTRY_URL_VARIABLE);
        }
        Object event;
        try {
            event = registry.get().deserialize(topic, data);
        } catch (RuntimeException e) {
            throw new SerializationException("cannot decode the Confluent-format record on " + topic + " (schema id "
                    + schemaId + "): " + e.getMessage(), e);
        }
        if (!(event instanceof SpecificRecord)) {
            throw new SerializationException("record on " + topic + " (schema id " + schemaId + ") is not an event"
                    + " of this catalogue: " + (event == null ? "null" : event.getClass().getName()));
        }
        @SuppressWarnings("unchecked")
        T typed = (T) event;
        return typed;
    }

    @Override
    public void close() {
        registry.close();
    }

    private BinaryMessageDecoder<T> decoderFor(Schema writer) {
        Class<?> type = SpecificData.get().getClass(writer);
        if (type == null) {
            throw new SerializationException("no generated class for " + writer.getFullName());
        }
        @SuppressWarnings("unchecked")
        SpecificData model = SpecificData.getForClass((Class<T>) type);
        Schema reader = model.getSchema(type);
        return new BinaryMessageDecoder<>(model, reader, catalog);
    }
}
