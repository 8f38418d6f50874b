package dev.switchboard.media.clients;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import dev.switchboard.media.fetching.MediaLimits;

/**
 * {@code switchboard.media.limits.*}: the largest file accepted per type; WhatsApp's limits by default. A file over
 * its limit fails as TOO_LARGE, before the download when the provider announces its size.
 */
@ConfigurationProperties("switchboard.media.limits")
public record LimitSettings(@DefaultValue("16MB") DataSize audio, @DefaultValue("100MB") DataSize document,
                            @DefaultValue("5MB") DataSize image, @DefaultValue("16MB") DataSize video,
                            @DefaultValue("100KB") DataSize sticker, @DefaultValue("500KB") DataSize animatedSticker) {

    public LimitSettings {
        var problems = limits(audio, document, image, video, sticker, animatedSticker)
                .problems("switchboard.media.limits");
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid media limits:\n  - " + String.join("\n  - ", problems));
        }
    }

    public MediaLimits limits() {
        return limits(audio, document, image, video, sticker, animatedSticker);
    }

    private static MediaLimits limits(DataSize audio, DataSize document, DataSize image, DataSize video,
                                      DataSize sticker, DataSize animatedSticker) {
        return new MediaLimits(bytes(audio), bytes(document), bytes(image), bytes(video), bytes(sticker),
                bytes(animatedSticker));
    }

    private static long bytes(DataSize size) {
        return size == null ? 0 : size.toBytes();
    }
}
