package dev.switchboard.media.outcome;

import java.time.Instant;

import dev.switchboard.events.InboundMessage;
import dev.switchboard.events.Media;
import dev.switchboard.events.MediaEvent;
import dev.switchboard.events.MediaEventType;
import dev.switchboard.events.MediaFailure;
import dev.switchboard.events.ProviderError;
import dev.switchboard.events.StoredFile;
import dev.switchboard.store.StoredObject;

/**
 * The one {@link MediaEvent} of a message's file. Its id is made of the message and the file's index only, so an
 * event published again (after a crash between Kafka's acknowledgement and the commit) has the same id.
 */
public final class MediaEvents {

    private MediaEvents() {
    }

    public static String eventId(InboundMessage message, int mediaIndex) {
        return "media:" + message.getChannelId() + ":" + message.getMessageId() + ":" + mediaIndex;
    }

    public static MediaEvent stored(InboundMessage message, int mediaIndex, StoredObject object, String mimeType,
                                    int attempts, Instant now) {
        Media media = message.getMedia();
        return base(message, mediaIndex, attempts, now)
                .setType(MediaEventType.STORED)
                .setStored(StoredFile.newBuilder()
                        .setKey(object.key())
                        .setSha256(object.sha256())
                        .setSize(object.size())
                        .setMimeType(mimeType != null ? mimeType : object.mimeType())
                        .setFilename(media == null ? null : media.getFilename())
                        .build())
                .build();
    }

    public static MediaEvent failed(InboundMessage message, int mediaIndex, MediaFailure failure, String detail,
                                    ProviderError error, int attempts, Instant now) {
        return base(message, mediaIndex, attempts, now)
                .setType(MediaEventType.FAILED)
                .setFailure(failure)
                .setFailureDetail(detail)
                .setError(error)
                .build();
    }

    /** Meta's media id, or Twilio's MediaUrl. */
    public static String providerMediaId(InboundMessage message) {
        Media media = message.getMedia();
        if (media == null) {
            return null;
        }
        return media.getId() != null && !media.getId().isBlank() ? media.getId() : media.getUrl();
    }

    private static MediaEvent.Builder base(InboundMessage message, int mediaIndex, int attempts, Instant now) {
        return MediaEvent.newBuilder()
                .setEventId(eventId(message, mediaIndex))
                .setProvider(message.getProvider())
                .setChannelId(message.getChannelId())
                .setCustomer(message.getCustomer())
                .setMessageId(message.getMessageId())
                .setMediaIndex(mediaIndex)
                .setMessageType(message.getType())
                .setProviderMediaId(providerMediaId(message))
                .setAttempts(Math.max(attempts, 1))
                .setOccurredAt(now);
    }
}
