package dev.switchboard.sandbox.media;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import dev.switchboard.sandbox.channel.Provider;

/**
 * A file the sandbox keeps, as Meta or Twilio would: on disk, with what the provider says about it.
 *
 * @param id            Meta's media id (16 digits) or Twilio's media SID ({@code ME…})
 * @param provider      whose media it is
 * @param channelId     the channel it belongs to
 * @param phoneNumberId Meta: the phone_number_id it was uploaded on or received by; null for Twilio
 * @param messageSid    Twilio: the message it belongs to; null for Meta
 * @param mimeType      its MIME type, as given ({@code audio/ogg; codecs=opus})
 * @param filename      the file name given, or null
 * @param sha256        the lowercase hex SHA-256 of the bytes stored
 * @param size          their length
 * @param createdAt     when it was stored
 * @param expiresAt     from then on it is gone for the provider APIs (still inspectable until purged)
 * @param source        upload (Graph /media), customer (the simulator), link (fetched for a send)
 * @param link          the link it was fetched from, or null
 * @param claimedSha256 a fault: the hex SHA-256 the provider claims instead of the real one; null when honest
 * @param failuresLeft  a fault: how many more downloads answer 500
 * @param path          where the bytes are
 */
public record MediaFile(String id, Provider provider, String channelId, String phoneNumberId, String messageSid,
                        String mimeType, String filename, String sha256, long size, Instant createdAt,
                        Instant expiresAt, String source, String link, String claimedSha256,
                        AtomicInteger failuresLeft, Path path) {

    /** Still downloadable through the provider APIs at this instant. */
    public boolean liveAt(Instant now) {
        return now.isBefore(expiresAt);
    }

    /** The hash the provider announces: the real one, unless a fault says otherwise. */
    public String announcedSha256() {
        return claimedSha256 != null ? claimedSha256 : sha256;
    }

    /** Takes one injected download failure; true when this download is to fail. */
    public boolean takeFailure() {
        return failuresLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0;
    }
}
