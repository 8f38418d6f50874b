package dev.switchboard.media.fetching;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The header that authorises a provider's calls: Meta's bearer token, Twilio's Basic auth, 360dialog's
 * {@code D360-API-KEY}. {@link Downloads} sends it only to the origin it is meant for; its value is never printed.
 */
public record Credential(String header, String value) {

    public static Credential bearer(String token) {
        return new Credential("Authorization", "Bearer " + token);
    }

    public static Credential basic(String user, String password) {
        return new Credential("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    /** 360dialog's API key: its own header, no bearer token. */
    public static Credential dialog360(String apiKey) {
        return new Credential("D360-API-KEY", apiKey);
    }

    @Override
    public String toString() {
        return "Credential[" + header + ": ******]";
    }
}
