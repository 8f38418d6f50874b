package dev.switchboard.sandbox.web;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A Graph call's parameters wherever Graph takes them: the query, a form body or a JSON object body. */
final class GraphParameters {

    private static final JsonMapper JSON = JsonMapper.shared();

    private GraphParameters() {
    }

    /** The query's and form's parameters (first value each), overlaid by a JSON object body's string fields. */
    static Map<String, String> of(HttpServletRequest request, byte[] body) {
        Map<String, String> parameters = new HashMap<>();
        request.getParameterMap().forEach((name, values) -> {
            if (values.length > 0) {
                parameters.put(name, values[0]);
            }
        });
        if (body != null && new String(body, StandardCharsets.UTF_8).strip().startsWith("{")) {
            try {
                JsonNode json = JSON.readTree(body);
                json.properties().forEach(e -> {
                    if (e.getValue().isValueNode() && !e.getValue().isNull()) {
                        parameters.put(e.getKey(), e.getValue().asString());
                    }
                });
            } catch (JacksonException e) {
                // not JSON: Graph ignores a body it cannot read on this call
            }
        }
        return parameters;
    }
}
