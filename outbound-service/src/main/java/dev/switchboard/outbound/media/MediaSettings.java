package dev.switchboard.outbound.media;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code switchboard.outbound.media.*}: how stored files (an agent's uploads) are sent.
 *
 * @param linkTtl          how long the link a Twilio channel gets for a file stays valid (a presigned GET); Twilio
 *                         fetches it when it takes the message, so an hour is plenty
 * @param uploadTimeout    how long one upload to the Graph API may take, the file's bytes included
 * @param reuseUploadsFor  how long a file uploaded to Meta is sent again by the id it got: Meta keeps uploads 30
 *                         days, so a little less than that
 */
@ConfigurationProperties("switchboard.outbound.media")
public record MediaSettings(@DefaultValue("1h") Duration linkTtl, @DefaultValue("5m") Duration uploadTimeout,
                            @DefaultValue("29d") Duration reuseUploadsFor) {

    /** Meta deletes an uploaded file after this long. */
    static final Duration META_KEEPS_UPLOADS = Duration.ofDays(30);

    public MediaSettings {
        if (linkTtl.isNegative() || linkTtl.isZero() || linkTtl.compareTo(Duration.ofDays(7)) > 0) {
            // S3 signs links for at most 7 days
            throw new IllegalArgumentException("switchboard.outbound.media.link-ttl must be positive and at most 7d, not "
                    + linkTtl);
        }
        if (uploadTimeout.isNegative() || uploadTimeout.isZero()) {
            throw new IllegalArgumentException("switchboard.outbound.media.upload-timeout must be positive, not "
                    + uploadTimeout);
        }
        if (reuseUploadsFor.isNegative() || reuseUploadsFor.compareTo(META_KEEPS_UPLOADS) >= 0) {
            throw new IllegalArgumentException("switchboard.outbound.media.reuse-uploads-for must be less than the 30"
                    + " days Meta keeps an upload, not " + reuseUploadsFor);
        }
    }
}
