package dev.switchboard.sandbox.graph;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Numeric Graph ids (apps, templates) derived from a key, so that they stay the same across restarts. */
final class GraphIds {

    private GraphIds() {
    }

    /** An id of exactly {@code digits} digits (at most 18) for this key. */
    static String of(String key, int digits) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            long value = 0;
            for (int i = 0; i < 7; i++) {
                value = (value << 8) | (hash[i] & 0xff);
            }
            long lowest = (long) Math.pow(10, digits - 1);
            return Long.toString(lowest + value % (9 * lowest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
