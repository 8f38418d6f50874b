package dev.switchboard.media.fetching;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.switchboard.events.InboundMessage;
import dev.switchboard.events.InboundMessageType;
import dev.switchboard.events.Media;
import dev.switchboard.schemas.testing.TestEvents;

/** WhatsApp's limits per type; a sticker is static only when the provider says so. */
class MediaLimitsTest {

    private static final MediaLimits WHATSAPP = MediaLimits.whatsapp();

    private static InboundMessage file(InboundMessageType type, Boolean animated) {
        InboundMessage message = TestEvents.text("shop", "4915112345678", "wamid.1", null, Instant.now()).build();
        message.setType(type);
        message.setMedia(Media.newBuilder().setId("1").setAnimated(animated).build());
        return message;
    }

    @Test
    void eachTypeHasItsLimit() {
        assertThat(WHATSAPP.limitFor(file(InboundMessageType.IMAGE, null))).isEqualTo(5L * 1024 * 1024);
        assertThat(WHATSAPP.limitFor(file(InboundMessageType.AUDIO, null))).isEqualTo(16L * 1024 * 1024);
        assertThat(WHATSAPP.limitFor(file(InboundMessageType.VIDEO, null))).isEqualTo(16L * 1024 * 1024);
        assertThat(WHATSAPP.limitFor(file(InboundMessageType.DOCUMENT, null))).isEqualTo(100L * 1024 * 1024);
        assertThat(WHATSAPP.limitFor(file(InboundMessageType.CONTACTS, null))).as("a vCard through Twilio")
                .isEqualTo(100L * 1024 * 1024);
    }

    @Test
    void aStickerIsHeldToTheStaticLimitOnlyWhenKnownToBeStatic() {
        assertThat(WHATSAPP.limitFor(file(InboundMessageType.STICKER, false))).isEqualTo(100L * 1024);
        assertThat(WHATSAPP.limitFor(file(InboundMessageType.STICKER, true))).isEqualTo(500L * 1024);
        assertThat(WHATSAPP.limitFor(file(InboundMessageType.STICKER, null))).isEqualTo(500L * 1024);
    }

    @Test
    void limitsThatAreNotPositiveAreNamed() {
        assertThat(new MediaLimits(1, 1, 0, 1, -1, 1).problems("switchboard.media.limits")).containsExactly(
                "switchboard.media.limits.image must be a positive size (e.g. 5MB), not 0 bytes",
                "switchboard.media.limits.sticker must be a positive size (e.g. 5MB), not -1 bytes");
        assertThat(MediaLimits.describe(5L * 1024 * 1024)).isEqualTo("5 MB");
        assertThat(MediaLimits.describe(500L * 1024)).isEqualTo("500 KB");
        assertThat(MediaLimits.describe(1000)).isEqualTo("1000 bytes");
    }
}
