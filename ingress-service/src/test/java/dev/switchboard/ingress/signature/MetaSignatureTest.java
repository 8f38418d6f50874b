package dev.switchboard.ingress.signature;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class MetaSignatureTest {

    private static final byte[] SECRET = "TEST_APP_SECRET".getBytes(StandardCharsets.UTF_8);

    private static JsonNode vectors() throws IOException {
        try (InputStream in = MetaSignatureTest.class.getResourceAsStream("/fixtures/meta/webhook-signature-test-vectors.json")) {
            return JsonMapper.builder().build().readTree(in).get("vectors");
        }
    }

    @Test
    void metasPublishedVector() throws IOException {
        JsonNode v = vectors().get(0);
        assertThat(MetaSignature.isValid(SECRET, v.get("body_utf8").asString().getBytes(StandardCharsets.UTF_8),
                v.get("x_hub_signature_256").asString())).isTrue();
        assertThat(MetaSignature.sign(SECRET, "test".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("sha256=0c61947b610d4f45e65f3d680e26027121ec2413e77598bcb6cfc6e0d9888221");
    }

    @Test
    void theSignatureIsOverTheEscapedBytesAsSentNotOverAReserialisedBody() throws IOException {
        JsonNode escaped = vectors().get(1);
        JsonNode reserialised = vectors().get(2);
        byte[] asSent = escaped.get("body_utf8").asString().getBytes(StandardCharsets.UTF_8);
        byte[] decoded = reserialised.get("body_utf8").asString().getBytes(StandardCharsets.UTF_8);
        String metasHeader = escaped.get("x_hub_signature_256").asString();

        assertThat(MetaSignature.isValid(SECRET, asSent, metasHeader)).isTrue();
        assertThat(MetaSignature.isValid(SECRET, decoded, metasHeader)).isFalse();
    }

    @Test
    void missingMalformedOrForeignSignaturesAreRefused() {
        byte[] body = "{\"object\":\"whatsapp_business_account\"}".getBytes(StandardCharsets.UTF_8);
        String good = MetaSignature.sign(SECRET, body);
        assertThat(MetaSignature.isValid(SECRET, body, good)).isTrue();
        assertThat(MetaSignature.isValid(SECRET, body, good.toUpperCase().replace("SHA256=", "sha256="))).isTrue();
        assertThat(MetaSignature.isValid(SECRET, body, null)).isFalse();
        assertThat(MetaSignature.isValid(SECRET, body, "")).isFalse();
        assertThat(MetaSignature.isValid(SECRET, body, "sha1=" + good.substring(7))).isFalse();
        assertThat(MetaSignature.isValid(SECRET, body, "sha256=not-hex")).isFalse();
        assertThat(MetaSignature.isValid(SECRET, body, good.substring(0, good.length() - 2))).isFalse();
        assertThat(MetaSignature.isValid("other".getBytes(StandardCharsets.UTF_8), body, good)).isFalse();
        byte[] tampered = body.clone();
        tampered[3] ^= 1;
        assertThat(MetaSignature.isValid(SECRET, tampered, good)).isFalse();
    }
}
