package dev.switchboard.ticket.bench;

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

import dev.switchboard.events.InboundMessage;

import tools.jackson.databind.json.JsonMapper;

/**
 * An inbound message's article columns (type, text, content JSON) computed as the service computes them (a copy of
 * ticket-service's package-private {@code InboundContent} and {@code AvroMaps}), for the JDBC baselines: the same rows,
 * the same sizes.
 */
record ArticleContent(String type, String text, String json) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static ArticleContent of(InboundMessage message) {
        Map<String, Object> content = new LinkedHashMap<>();
        put(content, "media", message.getMedia());
        put(content, "location", message.getLocation());
        put(content, "contacts", message.getContacts());
        put(content, "interactive", message.getInteractive());
        put(content, "button", message.getButton());
        put(content, "order", message.getOrder());
        put(content, "system", message.getSystem());
        put(content, "context", message.getContext());
        put(content, "referral", message.getReferral());
        put(content, "errors", message.getErrors());
        if (message.getProviderType() != null) {
            content.put("providerType", message.getProviderType());
        }
        if (message.getRawJson() != null) {
            content.put("rawJson", message.getRawJson());
        }
        return new ArticleContent(message.getType().name().toLowerCase(Locale.ROOT), text(message),
                JSON.writeValueAsString(content));
    }

    private static String text(InboundMessage message) {
        if (message.getText() != null) {
            return message.getText();
        }
        if (message.getMedia() != null && message.getMedia().getCaption() != null) {
            return message.getMedia().getCaption();
        }
        if (message.getButton() != null) {
            return message.getButton().getText();
        }
        if (message.getInteractive() != null) {
            return message.getInteractive().getTitle();
        }
        if (message.getLocation() != null) {
            return message.getLocation().getName();
        }
        return null;
    }

    private static void put(Map<String, Object> content, String name, Object value) {
        Object plain = plain(value);
        if (plain != null && !(plain instanceof List<?> list && list.isEmpty())) {
            content.put(name, plain);
        }
    }

    private static Object plain(Object value) {
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
