package dev.switchboard.ingress.twilio;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes an {@code application/x-www-form-urlencoded} body, as Twilio posts it, into its parameters.
 *
 * <p>Unlike {@link java.net.URLDecoder} it never throws: the body has already passed signature verification and is
 * recorded on the raw topic, so a stray {@code %} must not cost us the message. A malformed escape is kept as it
 * was written, and bytes that are not UTF-8 become U+FFFD.
 */
public final class FormBody {

    private FormBody() {
    }

    /**
     * @return every parameter in body order (a {@link LinkedHashMap}); a repeated key keeps all its values in order,
     *         a key without {@code =} has the value {@code ""}, and empty segments ({@code a=1&&b=2}) are skipped
     */
    public static Map<String, List<String>> decode(byte[] body) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (body == null) {
            return params;
        }
        int start = 0;
        while (start <= body.length) {
            int end = indexOf(body, (byte) '&', start, body.length);
            if (end > start) {
                int eq = indexOf(body, (byte) '=', start, end);
                String key = decode(body, start, eq);
                String value = eq < end ? decode(body, eq + 1, end) : "";
                params.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
            }
            start = end + 1;
        }
        return params;
    }

    private static int indexOf(byte[] bytes, byte wanted, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return to;
    }

    /** '+' is a space, %XX is a byte, anything else (including a malformed escape) is itself. */
    private static String decode(byte[] bytes, int from, int to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            byte b = bytes[i];
            if (b == '+') {
                out.write(' ');
            } else if (b == '%' && hex(bytes, i + 1, to) >= 0 && hex(bytes, i + 2, to) >= 0) {
                out.write(hex(bytes, i + 1, to) << 4 | hex(bytes, i + 2, to));
                i += 2;
            } else {
                out.write(b);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(byte[] bytes, int i, int to) {
        return i < to ? Character.digit(bytes[i], 16) : -1;
    }
}
