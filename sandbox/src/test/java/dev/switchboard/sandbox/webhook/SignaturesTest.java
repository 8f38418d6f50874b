package dev.switchboard.sandbox.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.switchboard.sandbox.support.Fixtures;
import tools.jackson.databind.JsonNode;

class SignaturesTest {

    @Test
    void metaSignatureMatchesTheVectorsOfMetasSdkAndTheEscapedBody() {
        for (JsonNode vector : Fixtures.json("meta/webhook-signature-test-vectors.json").get("vectors")) {
            byte[] body = vector.get("body_utf8").asString().getBytes(StandardCharsets.UTF_8);
            assertThat(Signatures.meta(vector.get("app_secret").asString(), body))
                    .as(vector.get("source").asString())
                    .isEqualTo(vector.get("x_hub_signature_256").asString());
        }
    }

    /**
     * Twilio's official vectors (twilio-java, -node, -python). Where the SDK's validator signed another form of the
     * URL (a default port added or a port removed, {@code '} as {@code %27}), the vector's note names it and the
     * sandbox, which signs the URL it posts to, is given that form.
     */
    /** A rule of the receiving side (a JSON body must come with bodySHA256), not of signing. */
    private static final String VALIDATOR_ONLY = "negative_body_without_sha_param";

    static Stream<Arguments> twilioVectors() {
        JsonNode file = Fixtures.json("twilio/signature-test-vectors.json");
        List<Arguments> cases = new ArrayList<>();
        for (JsonNode vector : file.get("vectors")) {
            String name = vector.get("name").asString();
            if (name.equals(VALIDATOR_ONLY)) {
                continue;
            }
            String url = vector.get("url").asString();
            String signed = switch (name) {
                case "form_https_port_1234_stripped" -> url.replace(":1234", "");
                case "form_https_add_443", "json_empty_object_body", "url_with_credentials_add_443" ->
                        url.replace("mycompany.com/", "mycompany.com:443/");
                case "form_http_add_80" -> url.replace("mycompany.com/", "mycompany.com:80/");
                case "single_quote_in_query" -> url.replace("'", "%27");
                default -> url;
            };
            JsonNode params = vector.get("params");
            if (params == null || params.isString()) {
                params = file.get("default_params");
            }
            Map<String, List<String>> form = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> p : params.properties()) {
                List<String> values = new ArrayList<>();
                if (p.getValue().isArray()) {
                    p.getValue().forEach(v -> values.add(v.asString()));
                } else {
                    values.add(p.getValue().asString());
                }
                form.put(p.getKey(), values);
            }
            boolean valid = !vector.has("expect_valid") || vector.get("expect_valid").asBoolean();
            cases.add(Arguments.of(name, signed, form, vector.get("signature").asString(), valid));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("twilioVectors")
    void twilioSignatureMatchesTheOfficialVectors(String name, String url, Map<String, List<String>> params,
                                                  String signature, boolean valid) {
        String computed = Signatures.twilio("12345", url, params);
        if (valid) {
            assertThat(computed).isEqualTo(signature);
        } else {
            assertThat(computed).isNotEqualTo(signature);
        }
    }

    @Test
    void everyTwilioVectorIsChecked() {
        assertThat(twilioVectors())
                .hasSize(Fixtures.json("twilio/signature-test-vectors.json").get("vectors").size() - 1);
    }
}
