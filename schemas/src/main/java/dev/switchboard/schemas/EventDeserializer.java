package dev.switchboard.schemas;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Avro single-object encoded events into the current generated classes, whatever released version wrote
 * them: the fingerprint in the header finds the writer schema in {@link SchemaCatalog}, and Avro's schema
 * resolution fills in fields the writer did not have. Any record that cannot be read (not single-object encoded,
 * unknown fingerprint, corrupt body) throws a {@link SerializationException} naming the cause, so that Spring
 * Kafka's {@code ErrorHandlingDeserializer} can send it to the dead-letter topic instead of blocking the partition.
 */
public final class EventDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    private static final int HEADER_LENGTH = 10;
    private static final byte MAGIC_0 = (byte) 0xC3;
    private static final byte MAGIC_1 = (byte) 0x01;

    private final SchemaCatalog catalog;
    private final Map<String, BinaryMessageDecoder<T>> decoders = new ConcurrentHashMap<>();

    /** For Kafka's configuration by class name: the released catalogue. */
    public EventDeserializer() {
        this(SchemaCatalog.released());
    }

    public EventDeserializer(SchemaCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
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
