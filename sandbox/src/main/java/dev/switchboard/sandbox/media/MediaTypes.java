package dev.switchboard.sandbox.media;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * WhatsApp's supported media types and their size limits (reference: meta-cloud-api.md §6, "Supported media types"):
 * audio 16 MB, document 100 MB, image 5 MB, video 16 MB, sticker 100 KB static and 500 KB animated.
 */
public final class MediaTypes {

    public static final long MB = 1024L * 1024;
    public static final long STATIC_STICKER_BYTES = 100 * 1024L;
    public static final long ANIMATED_STICKER_BYTES = 500 * 1024L;

    /** The types of each message type, in the order of Meta's upload error. */
    private static final Map<String, List<String>> TYPES = new LinkedHashMap<>();

    static {
        TYPES.put("audio", List.of("audio/aac", "audio/mp4", "audio/mpeg", "audio/amr", "audio/ogg", "audio/opus"));
        TYPES.put("document", List.of("application/vnd.ms-powerpoint", "application/msword",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                "application/vnd.openxmlformats-officedocument.presentationml.presentation",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/pdf", "text/plain",
                "application/vnd.ms-excel"));
        TYPES.put("image", List.of("image/jpeg", "image/png"));
        TYPES.put("sticker", List.of("image/webp"));
        TYPES.put("video", List.of("video/mp4", "video/3gpp"));
    }

    private MediaTypes() {
    }

    /** {@code audio/ogg} of {@code "audio/ogg; codecs=opus"}: the type without parameters, in lower case. */
    public static String base(String mimeType) {
        if (mimeType == null) {
            return "";
        }
        int semicolon = mimeType.indexOf(';');
        return (semicolon < 0 ? mimeType : mimeType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    /** The message type a file of this MIME type is sent as (image/webp: sticker); empty when WhatsApp takes none. */
    public static Optional<String> kindOf(String mimeType) {
        String base = base(mimeType);
        return TYPES.entrySet().stream().filter(e -> e.getValue().contains(base)).map(Map.Entry::getKey).findFirst();
    }

    /** Whether a message of this type ({@code image}, …) may carry a file of this MIME type. */
    public static boolean accepts(String messageType, String mimeType) {
        return TYPES.getOrDefault(messageType, List.of()).contains(base(mimeType));
    }

    /** The types a message of this type may carry. */
    public static List<String> typesOf(String messageType) {
        return TYPES.getOrDefault(messageType, List.of());
    }

    /** Every supported type, as Meta's upload error lists them. */
    public static List<String> all() {
        return TYPES.values().stream().flatMap(List::stream).toList();
    }

    /** The largest file of a message type; a sticker of unknown kind may be animated (500 KB). */
    public static long maxBytes(String messageType, Boolean animatedSticker) {
        return switch (messageType) {
            case "image" -> 5 * MB;
            case "audio", "video" -> 16 * MB;
            case "sticker" -> Boolean.FALSE.equals(animatedSticker) ? STATIC_STICKER_BYTES : ANIMATED_STICKER_BYTES;
            default -> 100 * MB;
        };
    }

    /** "5 MB", "100 KB": a limit as Meta's docs write it. */
    public static String describe(long bytes) {
        return bytes >= MB ? bytes / MB + " MB" : bytes / 1024 + " KB";
    }
}
