package dev.switchboard.store;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/** SHA-256 digests as the store names them: lower-case hex. */
public final class Sha256 {

    private static final HexFormat HEX = HexFormat.of();

    private Sha256() {
    }

    public static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    public static String hex(byte[] digest) {
        return HEX.formatHex(digest);
    }

    public static String hexOf(byte[] content) {
        return hex(digest().digest(content));
    }

    /**
     * A provider's announced digest as hex: Meta sends base64 in recent payloads and hex in older ones. Empty when
     * the text is neither (then there is nothing to verify against).
     */
    public static Optional<String> normalize(String announced) {
        if (announced == null || announced.isBlank()) {
            return Optional.empty();
        }
        String text = announced.trim();
        if (text.length() == 64 && text.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return Optional.of(text.toLowerCase(Locale.ROOT));
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(text);
            return bytes.length == 32 ? Optional.of(hex(bytes)) : Optional.empty();
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
    }

    public static boolean isHex(String text) {
        return text != null && text.length() == 64
                && text.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }
}
