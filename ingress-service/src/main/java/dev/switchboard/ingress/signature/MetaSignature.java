package dev.switchboard.ingress.signature;

import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Meta's {@code X-Hub-Signature-256}: {@code sha256=} and the hex HMAC-SHA256 of the raw request body, keyed with
 * the app secret. Always computed over the bytes exactly as received: Meta signs its escaped JSON
 * ({@code \u00e9}, {@code \/}), so a parsed and re-serialised body would not match.
 */
public final class MetaSignature {

    private static final String PREFIX = "sha256=";

    private MetaSignature() {
    }

    /** True if {@code header} is the signature of {@code body}; compared in constant time. */
    public static boolean isValid(byte[] appSecret, byte[] body, String header) {
        if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return false;
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(header.substring(PREFIX.length()).trim());
        } catch (IllegalArgumentException notHex) {
            return false;
        }
        return MessageDigest.isEqual(Hmac.sha256(appSecret, body), given);
    }

    /** The header value Meta would send for this body (for tests, tools and the sandbox). */
    public static String sign(byte[] appSecret, byte[] body) {
        return PREFIX + HexFormat.of().formatHex(Hmac.sha256(appSecret, body));
    }
}
