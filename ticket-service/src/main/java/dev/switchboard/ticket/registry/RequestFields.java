package dev.switchboard.ticket.registry;

import java.util.ArrayList;
import java.util.List;

import dev.switchboard.ticket.content.FieldProblem;
import tools.jackson.databind.JsonNode;

/** Reads an admin request's JSON field by field, collecting every problem (422 {@code invalid_channel}) at once. */
final class RequestFields {

    private final JsonNode body;
    private final List<FieldProblem> problems = new ArrayList<>();

    RequestFields(JsonNode body) {
        this.body = body == null || !body.isObject() ? null : body;
        if (this.body == null) {
            problems.add(new FieldProblem("$", "must be a JSON object"));
        }
    }

    /** Whether the field is in the request (null counts: it clears). */
    boolean has(String path) {
        return node(path) != null;
    }

    /** Whether the object at {@code path} is in the request, not null. */
    boolean hasObject(String path) {
        JsonNode node = node(path);
        return node != null && !node.isNull();
    }

    JsonNode node(String path) {
        JsonNode node = body;
        for (String part : path.split("\\.")) {
            if (node == null || !node.isObject()) {
                return null;
            }
            node = node.get(part);
        }
        return node;
    }

    /** A string; null when absent or null; a problem when {@code required} and missing, or not matching {@code pattern}. */
    String text(String path, boolean required, String pattern, String what) {
        JsonNode node = node(path);
        if (node == null || node.isNull() || (node.isString() && node.stringValue().isBlank())) {
            if (required) {
                problem(path, "required: " + what);
            }
            return null;
        }
        if (!node.isString()) {
            problem(path, "must be a string: " + what);
            return null;
        }
        String value = node.stringValue().trim();
        if (pattern != null && !value.matches(pattern)) {
            problem(path, "must be " + what);
            return null;
        }
        return value;
    }

    Boolean bool(String path) {
        JsonNode node = node(path);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isBoolean()) {
            problem(path, "must be true or false");
            return null;
        }
        return node.asBoolean();
    }

    Integer integer(String path, int min, int max) {
        JsonNode node = node(path);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.asInt() < min || node.asInt() > max) {
            problem(path, "must be a whole number from " + min + " to " + max);
            return null;
        }
        return node.asInt();
    }

    /** A list of strings each matching {@code pattern}; empty when absent. */
    List<String> texts(String path, boolean required, String pattern, String what) {
        JsonNode node = node(path);
        if (node == null || node.isNull()) {
            if (required) {
                problem(path, "required: a list of " + what);
            }
            return List.of();
        }
        if (!node.isArray() || (required && node.isEmpty())) {
            problem(path, "must be a non-empty list of " + what);
            return List.of();
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            if (!item.isString() || (pattern != null && !item.stringValue().trim().matches(pattern))) {
                problem(path + "[" + i + "]", "must be " + what);
            } else if (values.contains(item.stringValue().trim())) {
                problem(path + "[" + i + "]", "named twice");
            } else {
                values.add(item.stringValue().trim());
            }
        }
        return values;
    }

    void problem(String field, String problem) {
        problems.add(new FieldProblem(field, problem));
    }

    /** @throws RegistryRefusal 422 naming every problem found so far */
    void check() {
        if (!problems.isEmpty()) {
            throw RegistryRefusal.invalid(problems);
        }
    }
}
