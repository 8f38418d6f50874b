package dev.switchboard.media.fetching;

import java.net.URI;
import java.util.Locale;

import dev.switchboard.events.InboundMessage;
import dev.switchboard.events.Media;
import dev.switchboard.events.MediaFailure;

/**
 * Twilio: {@code GET MediaUrl} with the account's Basic auth (account SID and auth token). Twilio answers with a
 * redirect to its CDN, which {@link Downloads} follows without the credentials. Twilio announces no digest: the
 * store names the file by the digest of what arrived.
 */
public final class TwilioFetcher {

    private final Downloads downloads;
    private final MediaLimits limits;

    public TwilioFetcher(Downloads downloads, MediaLimits limits) {
        this.downloads = downloads;
        this.limits = limits;
    }

    public FetchOutcome fetch(InboundMessage message, String accountSid, String authToken) {
        Media media = message.getMedia();
        String type = message.getType().name().toLowerCase(Locale.ROOT);
        if (media.getUrl() == null || media.getUrl().isBlank()) {
            return new FetchOutcome.Failed(MediaFailure.REJECTED, "the message has no MediaUrl", null);
        }
        URI url;
        try {
            url = URI.create(media.getUrl().trim());
        } catch (IllegalArgumentException e) {
            return new FetchOutcome.Failed(MediaFailure.REJECTED, "the MediaUrl is no URL: " + e.getMessage(), null);
        }
        if (!url.isAbsolute() || url.getHost() == null) {
            return new FetchOutcome.Failed(MediaFailure.REJECTED, "the MediaUrl is not absolute: " + url, null);
        }
        return downloads.download("the " + type + "'s MediaUrl", url, Credential.basic(accountSid, authToken),
                limits.limitFor(message), type, null, media.getMimeType());
    }
}
