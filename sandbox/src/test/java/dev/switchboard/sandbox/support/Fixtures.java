package dev.switchboard.sandbox.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The test fixtures (copies of shared/fixtures, see fixtures/SOURCES.md) and ways to compare with them. */
public final class Fixtures {

    public static final JsonMapper JSON = JsonMapper.shared();

    private Fixtures() {
    }

    public static String text(String path) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode json(String path) {
        return JSON.readTree(text(path));
    }

    /**
     * The shape of a JSON document: the path of every value, arrays as {@code []}, e.g.
     * {@code entry[].changes[].value.messages[].text.body}.
     */
    public static Set<String> shape(JsonNode node) {
        Set<String> paths = new TreeSet<>();
        shape(node, "", paths);
        return paths;
    }

    private static void shape(JsonNode node, String at, Set<String> paths) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                shape(field.getValue(), at.isEmpty() ? field.getKey() : at + "." + field.getKey(), paths);
            }
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                shape(item, at + "[]", paths);
            }
            if (node.isEmpty()) {
                paths.add(at + "[]");
            }
        } else {
            paths.add(at);
        }
    }

    /** A form body: every parameter with all its values, in order. */
    public static Map<String, List<String>> form(String body) {
        Map<String, List<String>> form = new LinkedHashMap<>();
        if (body.isEmpty()) {
            return form;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            form.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return form;
    }
}
