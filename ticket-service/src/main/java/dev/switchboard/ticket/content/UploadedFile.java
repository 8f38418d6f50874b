package dev.switchboard.ticket.content;

/**
 * A file an agent attaches to a reply (a multipart {@code file} part), as the rules see it before it is stored.
 *
 * @param mimeType the part's Content-Type, as sent
 * @param filename the name the agent's client gave it, without any path; null when it gave none
 * @param animated an animated WebP (stickers have a larger limit then)
 */
public record UploadedFile(String mimeType, long size, String filename, boolean animated) {

    /** The name a client sent, without the path some clients put before it; null when there is no name. */
    public static String baseName(String sent) {
        if (sent == null) {
            return null;
        }
        String name = sent.substring(Math.max(sent.lastIndexOf('/'), sent.lastIndexOf('\\')) + 1).strip();
        return name.isEmpty() ? null : name;
    }

    /**
     * Whether a WebP file's first bytes say it is animated: a RIFF/WEBP container whose extended header (VP8X) has
     * the animation flag (Google's WebP container specification).
     */
    public static boolean isAnimatedWebp(byte[] head) {
        return head.length >= 21 && ascii(head, 0, "RIFF") && ascii(head, 8, "WEBP") && ascii(head, 12, "VP8X")
                && (head[20] & 0x02) != 0;
    }

    private static boolean ascii(byte[] bytes, int offset, String text) {
        for (int i = 0; i < text.length(); i++) {
            if (bytes[offset + i] != text.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
