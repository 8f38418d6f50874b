package dev.switchboard.media.fetching;

import java.util.ArrayList;
import java.util.List;

import dev.switchboard.events.InboundMessage;
import dev.switchboard.events.InboundMessageType;

/**
 * WhatsApp's size limits per media type, in bytes: audio 16 MB, document 100 MB, image 5 MB, video 16 MB, sticker
 * 500 KB animated / 100 KB static. A sticker not known to be static gets the animated limit (Twilio does not say);
 * anything else sent as a file (a vCard through Twilio) gets the document limit.
 */
public record MediaLimits(long audio, long document, long image, long video, long sticker, long animatedSticker) {

    private static final long MB = 1024 * 1024;
    private static final long KB = 1024;

    public static MediaLimits whatsapp() {
        return new MediaLimits(16 * MB, 100 * MB, 5 * MB, 16 * MB, 100 * KB, 500 * KB);
    }

    /** Every limit that is not positive, named by its property under {@code prefix}. */
    public List<String> problems(String prefix) {
        List<String> problems = new ArrayList<>();
        check(problems, prefix + ".audio", audio);
        check(problems, prefix + ".document", document);
        check(problems, prefix + ".image", image);
        check(problems, prefix + ".video", video);
        check(problems, prefix + ".sticker", sticker);
        check(problems, prefix + ".animated-sticker", animatedSticker);
        return problems;
    }

    private static void check(List<String> problems, String name, long value) {
        if (value < 1) {
            problems.add(name + " must be a positive size (e.g. 5MB), not " + value + " bytes");
        }
    }

    /** The limit for this message's file. */
    public long limitFor(InboundMessage message) {
        InboundMessageType type = message.getType();
        return switch (type) {
            case AUDIO -> audio;
            case IMAGE -> image;
            case VIDEO -> video;
            case STICKER -> Boolean.FALSE.equals(message.getMedia() == null ? null : message.getMedia().getAnimated())
                    ? sticker : animatedSticker;
            default -> document;
        };
    }

    /** "5 MB", "100 KB", "123 bytes": for details agents read. */
    public static String describe(long bytes) {
        if (bytes >= MB && bytes % MB == 0) {
            return bytes / MB + " MB";
        }
        if (bytes >= KB && bytes % KB == 0) {
            return bytes / KB + " KB";
        }
        return bytes + " bytes";
    }
}
