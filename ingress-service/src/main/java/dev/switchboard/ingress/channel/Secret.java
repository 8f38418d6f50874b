package dev.switchboard.ingress.channel;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A credential from configuration (app secret, verify token, auth token). Its {@code toString} never shows the
 * value, so a secret cannot reach a log line, an exception message or a bound-properties dump by accident.
 */
public final class Secret {

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /** Used by Spring's binder to turn a configured string into a secret. */
    public static Secret of(String value) {
        return new Secret(value);
    }

    public String reveal() {
        return value;
    }

    public byte[] bytes() {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    public boolean isBlank() {
        return value == null || value.isBlank();
    }

    /** Compares in constant time, so that response times do not leak how much of a guess was right. */
    public boolean matches(String candidate) {
        return candidate != null && MessageDigest.isEqual(bytes(), candidate.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "******";
    }
}
