package dev.switchboard.ticket.content;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

import tools.jackson.databind.JsonNode;

/**
 * The problems of one content, each at its JSON path, in the order the rules find them; and the field
 * readers every rule uses. A reader looks at the node's JSON type before reading it, reports what is
 * missing or of the wrong type, and returns null then, so a rule never throws on malformed input.
 *
 * <p>Paths are built from a parent path and a field name: {@code ("", "media")} is {@code media},
 * {@code ("interactive.action", "buttons")} is {@code interactive.action.buttons}; array elements are
 * {@code name[i]}.
 */
final class Problems {

    private final List<FieldProblem> problems = new ArrayList<>();

    void add(String path, String problem) {
        problems.add(new FieldProblem(path, problem));
    }

    List<FieldProblem> list() {
        return List.copyOf(problems);
    }

    // ------------------------------------------------------------------ readers

    String string(JsonNode parent, String parentPath, String name, boolean required) {
        JsonNode node = parent.get(name);
        if (!present(node)) {
            if (required) {
                add(join(parentPath, name), "is required");
            }
            return null;
        }
        if (!node.isString()) {
            add(join(parentPath, name), "must be a string");
            return null;
        }
        return node.stringValue();
    }

    /** A string that, when present, is not blank. */
    String nonBlank(JsonNode parent, String parentPath, String name, boolean required) {
        String value = string(parent, parentPath, name, required);
        if (value != null && value.isBlank()) {
            add(join(parentPath, name), "must not be blank");
        }
        return value;
    }

    /** A required, non-blank string of at most {@code max} characters; returns it (or null if not a string). */
    String requiredText(JsonNode parent, String parentPath, String name, int max) {
        String value = string(parent, parentPath, name, true);
        if (value != null) {
            text(join(parentPath, name), value, max);
        }
        return value;
    }

    JsonNode object(JsonNode parent, String parentPath, String name, boolean required) {
        return container(parent, parentPath, name, required, true);
    }

    JsonNode array(JsonNode parent, String parentPath, String name, boolean required) {
        return container(parent, parentPath, name, required, false);
    }

    private JsonNode container(JsonNode parent, String parentPath, String name, boolean required, boolean object) {
        JsonNode node = parent.get(name);
        if (!present(node)) {
            if (required) {
                add(join(parentPath, name), "is required");
            }
            return null;
        }
        if (object ? !node.isObject() : !node.isArray()) {
            add(join(parentPath, name), object ? "must be an object" : "must be an array");
            return null;
        }
        return node;
    }

    /** Each element of {@code array} (at {@code path}) that is an object, with its path; the others are problems. */
    void eachObject(JsonNode array, String path, BiConsumer<JsonNode, String> check) {
        for (int i = 0; i < array.size(); i++) {
            String elementPath = path + "[" + i + "]";
            JsonNode element = array.get(i);
            if (element.isObject()) {
                check.accept(element, elementPath);
            } else {
                add(elementPath, "must be an object");
            }
        }
    }

    // ------------------------------------------------------------------ value checks

    /** 1 to {@code max} elements; one too many is reported at the first element over the limit. */
    void size(JsonNode array, String path, String noun, int max) {
        if (array.isEmpty()) {
            add(path, "must have at least 1 " + noun);
        } else if (array.size() > max) {
            add(path + "[" + max + "]", "too many " + noun + "s: at most " + max + " (has " + array.size() + ")");
        }
    }

    void text(String path, String value, int max) {
        if (value.isBlank()) {
            add(path, "must not be blank");
        } else {
            maxLength(path, value, max);
        }
    }

    void maxLength(String path, String value, int max) {
        int length = length(value);
        if (length > max) {
            add(path, "must be at most " + max + " characters (has " + length + ")");
        }
    }

    /** {@code value} (at {@code path}) was not seen before; {@code seen} maps each value to where it first was. */
    void unique(Map<String, String> seen, String value, String path) {
        if (value == null || value.isBlank()) {
            return;
        }
        String first = seen.putIfAbsent(value, path);
        if (first != null) {
            add(path, "must be unique: same as " + first);
        }
    }

    void url(String path, String value) {
        if (!isHttpUrl(value)) {
            add(path, "must be an absolute http or https URL");
        }
    }

    // ------------------------------------------------------------------ JSON helpers shared with OutboundContent

    static boolean present(JsonNode node) {
        return node != null && !node.isNull() && !node.isMissingNode();
    }

    static String join(String parentPath, String name) {
        return parentPath.isEmpty() ? name : parentPath + "." + name;
    }

    /** Characters as WhatsApp counts them: Unicode code points (see {@link ContentLimits}). */
    static int length(String value) {
        return value.codePointCount(0, value.length());
    }

    static boolean isHttpUrl(String value) {
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme();
            return uri.isAbsolute() && scheme != null
                    && (scheme.toLowerCase(Locale.ROOT).equals("https") || scheme.toLowerCase(Locale.ROOT).equals("http"))
                    && uri.getHost() != null && !uri.getHost().isBlank();
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
