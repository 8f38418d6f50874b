package dev.switchboard.sandbox.webhook;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/** Ids shaped like Meta's and Twilio's, random enough never to repeat in a sandbox's life. */
public final class MessageIds {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] TRACE_CHARS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-".toCharArray();

    private MessageIds() {
    }

    /**
     * A wamid like Meta's: {@code wamid.} and the base64 of a small record holding the customer's number and a
     * random hex id ({@code wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI…} for 16503879439).
     *
     * @param outgoing true for a message the business sent, false for one the customer sent
     */
    public static String wamid(String customer, boolean outgoing) {
        byte[] number = customer.getBytes(StandardCharsets.US_ASCII);
        byte[] id = hex(outgoing ? 9 : 10).toUpperCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        byte[] record = new byte[3 + number.length + 6 + id.length + 1];
        int i = 0;
        record[i++] = 0x1c;
        record[i++] = 0x18;
        record[i++] = (byte) number.length;
        System.arraycopy(number, 0, record, i, number.length);
        i += number.length;
        record[i++] = 0x15;
        record[i++] = 0x02;
        record[i++] = 0x00;
        record[i++] = (byte) (outgoing ? 0x11 : 0x12);
        record[i++] = 0x18;
        record[i++] = (byte) id.length;
        System.arraycopy(id, 0, record, i, id.length);
        return "wamid." + Base64.getEncoder().encodeToString(record);
    }

    /** A Twilio SID: the two-letter prefix (SM, MM, ME, XE) and 32 lowercase hex digits. */
    public static String twilioSid(String prefix) {
        return prefix + hex(16);
    }

    /** The {@code fbtrace_id} of a Graph API error. */
    public static String fbtraceId() {
        StringBuilder id = new StringBuilder("A");
        for (int i = 0; i < 22; i++) {
            id.append(TRACE_CHARS[RANDOM.nextInt(TRACE_CHARS.length)]);
        }
        return id.toString();
    }

    /** A media id like Meta's: 16 digits. */
    public static String mediaId() {
        return "1" + String.format("%015d", Math.floorMod(RANDOM.nextLong(), 1_000_000_000_000_000L));
    }

    /** {@code bytes} random bytes as lowercase hex. */
    public static String hex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
