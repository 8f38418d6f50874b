package dev.switchboard.ticket.content;

import static dev.switchboard.ticket.content.ContentLimits.ANIMATED_STICKER_BYTES_MAX;
import static dev.switchboard.ticket.content.ContentLimits.AUDIO_BYTES_MAX;
import static dev.switchboard.ticket.content.ContentLimits.CAPTION_MAX;
import static dev.switchboard.ticket.content.ContentLimits.DOCUMENT_BYTES_MAX;
import static dev.switchboard.ticket.content.ContentLimits.IMAGE_BYTES_MAX;
import static dev.switchboard.ticket.content.ContentLimits.STICKER_BYTES_MAX;
import static dev.switchboard.ticket.content.ContentLimits.VIDEO_BYTES_MAX;

import java.util.List;
import java.util.Optional;

/**
 * WhatsApp's rules for files an agent uploads ({@code POST /api/tickets/{id}/articles} as multipart/form-data):
 * each file becomes one message whose type follows from its MIME type ({@link MediaTypes}), or is forced to
 * {@code sticker} (WebP only) or {@code document} (any accepted type); each type has its size limit
 * ({@link ContentLimits}); the caption goes on the first message. Problems are named {@code file[i]},
 * {@code file[i].filename}, {@code caption} and {@code type}. Plain Java: checked before anything is stored.
 */
public final class UploadRules {

    /** The types a request may force; the others follow from the file. */
    static final List<String> FORCEABLE = List.of("sticker", "document");

    private UploadRules() {
    }

    /** Every reason WhatsApp would refuse these files; empty when each can be sent. */
    public static List<FieldProblem> validate(List<UploadedFile> files, String caption, String requestedType) {
        Problems problems = new Problems();
        boolean forced = requestedType != null && !requestedType.isBlank();
        if (forced && !FORCEABLE.contains(requestedType)) {
            problems.add("type", "must be sticker or document (the other types follow from each file's MIME type)");
            return problems.list();
        }
        if (files.isEmpty()) {
            problems.add("file", "is required: one or more files");
        }
        for (int i = 0; i < files.size(); i++) {
            check(problems, "file[" + i + "]", files.get(i), requestedType);
        }
        if (caption != null && !files.isEmpty()) {
            type(files.get(0), requestedType).ifPresent(first -> {
                if (first.equals("audio") || first.equals("sticker")) {
                    problems.add("caption", first + " messages can't have a caption (it goes on the first file)");
                } else {
                    problems.text("caption", caption, CAPTION_MAX);
                }
            });
        }
        return problems.list();
    }

    /** The message type this file is sent as; empty when WhatsApp does not take it (as that type). */
    public static Optional<String> type(UploadedFile file, String requestedType) {
        Optional<String> byMime = MediaTypes.messageType(file.mimeType());
        if ("document".equals(requestedType)) {
            return byMime.map(t -> "document");
        }
        if ("sticker".equals(requestedType)) {
            return byMime.filter("sticker"::equals);
        }
        // A WebP image is a sticker only when asked for: sent as a photo WhatsApp would refuse it.
        return byMime.filter(t -> !t.equals("sticker"));
    }

    /** The largest file WhatsApp takes as a message of this type. */
    public static long maxBytes(String type, boolean animated) {
        return switch (type) {
            case "image" -> IMAGE_BYTES_MAX;
            case "audio" -> AUDIO_BYTES_MAX;
            case "video" -> VIDEO_BYTES_MAX;
            case "sticker" -> animated ? ANIMATED_STICKER_BYTES_MAX : STICKER_BYTES_MAX;
            case "document" -> DOCUMENT_BYTES_MAX;
            default -> throw new IllegalArgumentException("not a media type: " + type);
        };
    }

    private static void check(Problems problems, String path, UploadedFile file, String requestedType) {
        Optional<String> type = type(file, requestedType);
        if (type.isEmpty()) {
            String mime = file.mimeType() == null ? "a file without a Content-Type" : MediaTypes.base(file.mimeType());
            problems.add(path, "sticker".equals(requestedType) ? "a sticker must be image/webp, not " + mime
                    : "image/webp".equals(mime) ? "image/webp is sent as a sticker only: add type=sticker"
                    : mime + " is not a type WhatsApp accepts: " + MediaTypes.accepted());
            return;
        }
        long limit = maxBytes(type.get(), file.animated());
        if (file.size() == 0) {
            problems.add(path, "must not be empty");
        } else if (file.size() > limit) {
            String what = type.get().equals("sticker") && file.animated() ? "an animated sticker" : type.get();
            problems.add(path, "too large for " + what + ": at most " + limit + " bytes (has " + file.size() + ")");
        }
        if (type.get().equals("document") && file.filename() != null) {
            new MediaRule(problems).filename(path + ".filename", file.filename());
        }
    }
}
