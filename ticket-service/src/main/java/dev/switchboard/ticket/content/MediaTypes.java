package dev.switchboard.ticket.content;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The file types WhatsApp accepts, by MIME type ([Meta] "Supported media types"): which message type a file becomes
 * and the extension a file of that type gets when it has no name of its own. Image/webp is a sticker, and only when
 * asked for: WhatsApp shows a webp image as a sticker, never as a photo.
 */
public final class MediaTypes {

    /** MIME type → {message type, extension}, in the order problems list them. */
    private static final Map<String, List<String>> TYPES = new LinkedHashMap<>();

    static {
        type("image", "image/jpeg", "jpg");
        type("image", "image/png", "png");
        type("audio", "audio/aac", "aac");
        type("audio", "audio/amr", "amr");
        type("audio", "audio/mpeg", "mp3");
        type("audio", "audio/mp4", "m4a");
        type("audio", "audio/ogg", "ogg");
        type("video", "video/mp4", "mp4");
        type("video", "video/3gpp", "3gp");
        type("sticker", "image/webp", "webp");
        type("document", "text/plain", "txt");
        type("document", "application/pdf", "pdf");
        type("document", "application/msword", "doc");
        type("document", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx");
        type("document", "application/vnd.ms-excel", "xls");
        type("document", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx");
        type("document", "application/vnd.ms-powerpoint", "ppt");
        type("document", "application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx");
    }

    private MediaTypes() {
    }

    private static void type(String messageType, String mimeType, String extension) {
        TYPES.put(mimeType, List.of(messageType, extension));
    }

    /** {@code "audio/ogg; codecs=opus"} → {@code "audio/ogg"}; null stays null. */
    public static String base(String mimeType) {
        if (mimeType == null) {
            return null;
        }
        int semicolon = mimeType.indexOf(';');
        return (semicolon < 0 ? mimeType : mimeType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    /** The message type a file of this MIME type is sent as (image, audio, video, document, sticker), if WhatsApp takes it. */
    public static Optional<String> messageType(String mimeType) {
        return Optional.ofNullable(TYPES.get(base(mimeType))).map(t -> t.get(0));
    }

    /** The usual extension of a file of this MIME type: {@code "jpg"}, {@code "pdf"}…; {@code "bin"} when unknown. */
    public static String extension(String mimeType) {
        List<String> type = TYPES.get(base(mimeType));
        return type == null ? "bin" : type.get(1);
    }

    /** Every MIME type WhatsApp accepts, for problems that list them. */
    static String accepted() {
        return String.join(", ", TYPES.keySet());
    }
}
