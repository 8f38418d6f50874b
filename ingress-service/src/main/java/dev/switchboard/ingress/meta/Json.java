package dev.switchboard.ingress.meta;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import tools.jackson.databind.JsonNode;

/** Lenient reads from Meta's JSON: absent, null and wrongly typed values read as null, never as an exception. */
final class Json {

    private Json() {
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isValueNode() && !value.isNull() ? value.asString() : null;
    }

    static Integer integer(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (value.isIntegralNumber()) {
            return value.canConvertToInt() ? value.asInt() : null;
        }
        return parsedString(value, Integer::valueOf);
    }

    static Long wholeNumber(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (value.isIntegralNumber()) {
            return value.canConvertToLong() ? value.asLong() : null;
        }
        return parsedString(value, Long::valueOf);
    }

    /**
     * A finite number, else null: Jackson 3's {@code asDouble()} throws for an integer beyond double's range (found by
     * the parser fuzz), and a string may say "NaN" or "1e400".
     */
    static Double decimal(JsonNode node, String field) {
        JsonNode value = node.path(field);
        Double number = value.isNumber() ? Double.valueOf(value.numberValue().doubleValue())
                : parsedString(value, Double::valueOf);
        return number == null || !Double.isFinite(number) ? null : number;
    }

    /** Numbers Meta sometimes sends as strings. */
    private static <T> T parsedString(JsonNode value, Function<String, T> parse) {
        if (!value.isString()) {
            return null;
        }
        try {
            return parse.apply(value.asString().trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static Boolean bool(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        if (value.isString()) {
            String text = value.asString();
            return "true".equalsIgnoreCase(text) ? Boolean.TRUE : "false".equalsIgnoreCase(text) ? Boolean.FALSE : null;
        }
        return null;
    }

    /** Meta's timestamps: Unix seconds, sent as a string (sometimes as a number). */
    static Instant epochSeconds(JsonNode node, String field) {
        String text = text(node, field);
        if (text == null) {
            return null;
        }
        try {
            return Instant.ofEpochSecond(Long.parseLong(text.trim()));
        } catch (NumberFormatException | java.time.DateTimeException e) {
            return null;
        }
    }

    /** The elements of an array; nothing for anything else. */
    static List<JsonNode> elements(JsonNode node) {
        List<JsonNode> list = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(list::add);
        }
        return list;
    }
}
