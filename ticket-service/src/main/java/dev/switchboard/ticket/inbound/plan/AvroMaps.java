package dev.switchboard.ticket.inbound.plan;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.specific.SpecificRecord;

/** An event's sub-record as plain maps and lists (for JSON), leaving out nulls and empty collections. */
final class AvroMaps {

    private AvroMaps() {
    }

    static Object plain(Object value) {
        if (value instanceof SpecificRecord record) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (Schema.Field field : record.getSchema().getFields()) {
                Object converted = plain(record.get(field.pos()));
                if (converted != null && !(converted instanceof List<?> list && list.isEmpty())
                        && !(converted instanceof Map<?, ?> m && m.isEmpty())) {
                    map.put(field.name(), converted);
                }
            }
            return map;
        }
        if (value instanceof List<?> list) {
            List<Object> converted = new ArrayList<>(list.size());
            list.forEach(item -> converted.add(plain(item)));
            return converted;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> converted = new LinkedHashMap<>();
            map.forEach((k, v) -> converted.put(String.valueOf(k), plain(v)));
            return converted;
        }
        if (value instanceof Enum<?> || value instanceof GenericEnumSymbol<?>) {
            return value.toString().toLowerCase(Locale.ROOT);
        }
        if (value instanceof Instant instant) {
            return instant.toString();
        }
        if (value instanceof CharSequence text) {
            return text.toString();
        }
        if (value instanceof ByteBuffer) {
            return null;
        }
        return value;
    }
}
