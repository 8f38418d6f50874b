package dev.switchboard.schemas;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Random but valid events for any schema, reproducible from a seed. {@code filled} sets every optional value
 * (the non-null union branch, non-empty collections); otherwise every optional value is left empty. Between the
 * two, every field of every type is exercised.
 */
final class RandomEvents {

    private static final String[] SAMPLES = {"hello", "Lucía Gómez", "äöå \\u00e9 / <b>", "👍😀", "", "wamid.HBgLMTY1MDM4"};

    private final Random random;
    private final GenericData model;
    private final boolean filled;

    private RandomEvents(long seed, GenericData model, boolean filled) {
        this.random = new Random(seed);
        this.model = model;
        this.filled = filled;
    }

    static <T extends SpecificRecord> T specific(Class<T> type, long seed, boolean filled) {
        SpecificData model = SpecificData.getForClass(type);
        @SuppressWarnings("unchecked")
        T event = (T) new RandomEvents(seed, model, filled).value(model.getSchema(type));
        return event;
    }

    /** A generic record whose timestamps are {@link Instant}s, as in the generated classes. */
    static GenericRecord generic(Schema schema, long seed, boolean filled) {
        return (GenericRecord) new RandomEvents(seed, genericModel(), filled).value(schema);
    }

    static GenericData genericModel() {
        GenericData model = new GenericData();
        model.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        return model;
    }

    private Object value(Schema schema) {
        switch (schema.getType()) {
            case RECORD: {
                Object record = model.newRecord(null, schema);
                for (Schema.Field field : schema.getFields()) {
                    model.setField(record, field.name(), field.pos(), value(field.schema()));
                }
                return record;
            }
            case UNION: {
                List<Schema> branches = schema.getTypes();
                for (Schema branch : branches) {
                    boolean isNull = branch.getType() == Schema.Type.NULL;
                    if (isNull != filled) {
                        return value(branch);
                    }
                }
                return value(branches.get(0));
            }
            case ARRAY: {
                List<Object> list = new ArrayList<>();
                int size = filled ? 1 + random.nextInt(3) : 0;
                for (int i = 0; i < size; i++) {
                    list.add(value(schema.getElementType()));
                }
                return list;
            }
            case MAP: {
                Map<String, Object> map = new HashMap<>();
                int size = filled ? 1 + random.nextInt(3) : 0;
                for (int i = 0; i < size; i++) {
                    map.put("key-" + i, value(schema.getValueType()));
                }
                return map;
            }
            case ENUM: {
                List<String> symbols = schema.getEnumSymbols();
                return model.createEnum(symbols.get(random.nextInt(symbols.size())), schema);
            }
            case STRING:
                return SAMPLES[random.nextInt(SAMPLES.length)] + random.nextInt(1000);
            case BYTES: {
                byte[] bytes = new byte[random.nextInt(64)];
                random.nextBytes(bytes);
                return ByteBuffer.wrap(bytes);
            }
            case LONG:
                if (schema.getLogicalType() instanceof LogicalTypes.TimestampMillis) {
                    return Instant.ofEpochMilli(1_600_000_000_000L + random.nextInt(Integer.MAX_VALUE));
                }
                return random.nextLong();
            case INT:
                return random.nextInt();
            case DOUBLE:
                return random.nextDouble() * 180 - 90;
            case FLOAT:
                return random.nextFloat();
            case BOOLEAN:
                return random.nextBoolean();
            case NULL:
                return null;
            default:
                throw new IllegalArgumentException("no random values for " + schema.getType());
        }
    }
}
