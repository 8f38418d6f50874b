package dev.switchboard.ingress.signature;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Every official Twilio SDK test vector (fixtures/twilio/signature-test-vectors.json). */
class TwilioSignatureTest {

    private static final JsonNode FIXTURE = load();

    private static JsonNode load() {
        try (InputStream in = TwilioSignatureTest.class.getResourceAsStream("/fixtures/twilio/signature-test-vectors.json")) {
            return JsonMapper.builder().build().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<JsonNode> vectors() {
        List<JsonNode> all = new ArrayList<>();
        FIXTURE.get("vectors").forEach(all::add);
        return all.stream();
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("vectors")
    void officialVector(JsonNode vector) {
        String token = FIXTURE.get("auth_token").asString();
        String url = vector.get("url").asString();
        String signature = vector.get("signature").asString();
        boolean expected = !vector.has("expect_valid") || vector.get("expect_valid").asBoolean();

        boolean valid;
        if (vector.has("body") || vector.has("body_literal")) {
            String body = vector.has("body_literal") ? vector.get("body_literal").asString() : FIXTURE.get("body").asString();
            valid = TwilioSignature.isValidJsonBody(token, url, body.getBytes(StandardCharsets.UTF_8), signature);
        } else {
            valid = TwilioSignature.isValid(token, url, params(vector.get("params")), signature);
        }
        assertThat(valid).as(vector.get("name").asString()).isEqualTo(expected);
    }

    @Test
    void aSignatureForAnotherUrlOrAnotherBodyIsRefused() {
        Map<String, List<String>> params = params(FIXTURE.get("default_params"));
        String url = "https://mycompany.com/myapp.php?foo=1&bar=2";
        String signature = TwilioSignature.compute("12345", url, params);
        assertThat(TwilioSignature.isValid("12345", url, params, signature)).isTrue();
        assertThat(TwilioSignature.isValid("12345", "https://evil.example/myapp.php?foo=1&bar=2", params, signature)).isFalse();
        assertThat(TwilioSignature.isValid("other-token", url, params, signature)).isFalse();

        Map<String, List<String>> tampered = new LinkedHashMap<>(params);
        tampered.put("Digits", List.of("9999"));
        assertThat(TwilioSignature.isValid("12345", url, tampered, signature)).isFalse();
        assertThat(TwilioSignature.isValid("12345", url, params, null)).isFalse();
    }

    private static Map<String, List<String>> params(JsonNode node) {
        JsonNode source = node.isString() ? FIXTURE.get(node.asString()) : node;
        Map<String, List<String>> params = new LinkedHashMap<>();
        source.properties().forEach(e -> {
            List<String> values = new ArrayList<>();
            if (e.getValue().isArray()) {
                e.getValue().forEach(v -> values.add(v.asString()));
            } else {
                values.add(e.getValue().asString());
            }
            params.put(e.getKey(), values);
        });
        return params;
    }
}
