package dev.switchboard.schemas;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes any event in the configured {@link WireFormat}: Avro single-object encoding ({@code C3 01}, the writer
 * schema's 8-byte fingerprint, the Avro binary body; the default) or the Confluent wire format against a schema
 * registry ({@code 00}, the 4-byte schema id, the Avro binary body; the schema registered under {@code <topic>-value}).
 * Either way it refuses a schema that is not released (not in {@link SchemaCatalog}): no consumer could decode it.
 */
public final class EventSerializer<T extends SpecificRecord> implements Serializer<T> {

    private final SchemaCatalog catalog;
    private final Map<Class<?>, BinaryMessageEncoder<T>> encoders = new ConcurrentHashMap<>();
    private final SchemaRegistry.Client<AvroKafkaSerializer<T>> registry;

    /** The released catalogue and the environment's wire format ({@link WireFormat#fromEnvironment()}). */
    public EventSerializer() {
        this(SchemaCatalog.released(), WireFormat.fromEnvironment());
    }

    /** Single-object encoding with this catalogue. */
    public EventSerializer(SchemaCatalog catalog) {
        this(catalog, WireFormat.DEFAULT);
    }

    public EventSerializer(SchemaCatalog catalog, WireFormat wireFormat) {
        this.catalog = catalog;
        this.registry = new SchemaRegistry.Client<>(wireFormat, format -> format.format() == WireFormat.Format.CONFLUENT
                ? Optional.of(() -> SchemaRegistry.<T>serializer(format.registryUrl().orElseThrow()))
                : Optional.empty());
    }

    /** Kafka's configuration may name the wire format ({@value WireFormat#FORMAT_CONFIG}): it wins. */
    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        registry.configure(configs);
    }

    public WireFormat wireFormat() {
        return registry.wireFormat();
    }

    @Override
    public byte[] serialize(String topic, T event) {
        if (event == null) {
            return null; // a tombstone
        }
        try {
            // made once per type, after checking that the schema is released: in either wire format
            BinaryMessageEncoder<T> encoder = encoders.computeIfAbsent(event.getClass(), type -> encoderFor(event));
            if (registry.present()) {
                return registry.get().serialize(topic, event);
            }
            ByteBuffer buffer = encoder.encode(event);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (java.io.IOException | RuntimeException e) {
            throw new SerializationException("cannot serialize " + event.getSchema().getFullName()
                    + " for topic " + topic + " (" + wireFormat().format().setting() + "): " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        registry.close();
    }

    private BinaryMessageEncoder<T> encoderFor(T event) {
        Schema schema = event.getSchema();
        if (!catalog.knows(schema)) {
            throw new SerializationException("schema " + schema.getFullName() + " (fingerprint "
                    + Long.toHexString(SchemaCatalog.fingerprint(schema)) + ") is not released; freeze it first"
                    + " (see schemas/README.md)");
        }
        return new BinaryMessageEncoder<>(SpecificData.getForClass(event.getClass()), schema);
    }
}
