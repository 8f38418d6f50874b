package dev.switchboard.sandbox.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The signatures Meta and Twilio put on their webhooks, computed as they compute them. */
public final class Signatures {

    private Signatures() {
    }

    /**
     * Meta's {@code X-Hub-Signature-256}: {@code sha256=} and the lowercase hex HMAC-SHA256 of the exact body bytes,
     * keyed with the app secret.
     */
    public static String meta(String appSecret, byte[] body) {
        return "sha256=" + HexFormat.of().formatHex(hmac("HmacSHA256", appSecret, body));
    }

    /**
     * Twilio's {@code X-Twilio-Signature}: base64 HMAC-SHA1, keyed with the auth token, of the URL followed by every
     * parameter as {@code key + value}, keys in byte order and a repeated key's values sorted (as twilio-java,
     * twilio-node and twilio-python compute it).
     */
    public static String twilio(String authToken, String url, Map<String, List<String>> params) {
        StringBuilder data = new StringBuilder(url);
        for (String key : new TreeSet<>(params.keySet())) {
            for (String value : new TreeSet<>(params.get(key))) {
                data.append(key).append(value);
            }
        }
        return Base64.getEncoder().encodeToString(
                hmac("HmacSHA1", authToken, data.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] hmac(String algorithm, String key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is part of every JDK", e);
        }
    }
}
