package dev.switchboard.schemas;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes any event as Avro single-object encoding: {@code C3 01}, the writer schema's 8-byte fingerprint, then
 * the Avro binary body. It refuses a schema that is not released (not in {@link SchemaCatalog}): no consumer could
 * decode it.
 */
public final class EventSerializer<T extends SpecificRecord> implements Serializer<T> {

    private final SchemaCatalog catalog;
    private final Map<Class<?>, BinaryMessageEncoder<T>> encoders = new ConcurrentHashMap<>();

    /** For Kafka's configuration by class name: the released catalogue. */
    public EventSerializer() {
        this(SchemaCatalog.released());
    }

    public EventSerializer(SchemaCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public byte[] serialize(String topic, T event) {
        if (event == null) {
            return null; // a tombstone
        }
        try {
            ByteBuffer buffer = encoders.computeIfAbsent(event.getClass(), type -> encoderFor(event)).encode(event);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (java.io.IOException | RuntimeException e) {
            throw new SerializationException("cannot serialize " + event.getSchema().getFullName()
                    + " for topic " + topic + ": " + e.getMessage(), e);
        }
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
