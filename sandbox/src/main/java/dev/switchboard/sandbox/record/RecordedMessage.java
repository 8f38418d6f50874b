package dev.switchboard.sandbox.record;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import tools.jackson.databind.JsonNode;

/**
 * One request the sandbox's Graph or Twilio endpoint received, as {@code GET /sandbox/messages} shows it.
 *
 * @param seq        order of arrival (1, 2, …)
 * @param receivedAt when it arrived
 * @param channelId  the channel it was sent on; null when the request named none the sandbox knows
 * @param provider   meta or twilio
 * @param recipient  the customer: wa_id digits (or a BSUID); null for a mark-as-read
 * @param type       text, image, template, interactive, reaction, read (a mark-as-read), media, location, …
 * @param request    the request body as JSON (a Twilio form as an object of its parameters)
 * @param messageId  the id given in the answer (wamid or SM… SID); null when refused
 * @param httpStatus the HTTP status of the answer
 * @param errorCode  the provider's error code of a refusal, or of the failed status that follows an acceptance
 * @param statuses   the statuses posted for it so far, in order (added to while they are sent)
 * @param media      the files of a media send, once known (by id at once; by link once fetched)
 */
public record RecordedMessage(long seq, Instant receivedAt, String channelId, String provider, String recipient,
                              String type, JsonNode request, String messageId, int httpStatus, Integer errorCode,
                              List<SentStatus> statuses, List<Media> media) {

    public RecordedMessage {
        statuses = statuses == null ? new CopyOnWriteArrayList<>() : statuses;
        media = media == null ? new CopyOnWriteArrayList<>() : media;
    }

    /**
     * A status the sandbox posted (or tried to).
     *
     * @param status        sent, delivered, read, failed (Meta) or sent, delivered, read, undelivered (Twilio)
     * @param at            when it was posted the last time
     * @param url           where it went
     * @param errorCode     the error of a failed status
     * @param ingressStatus the HTTP status of the last attempt's answer; 0 when ingress could not be reached
     * @param attempts      how many posts it took (or were made before giving up)
     * @param pricing       Meta: the status's {@code pricing}; null for a failed status and on Twilio
     */
    public record SentStatus(String status, Instant at, String url, Integer errorCode, int ingressStatus,
                             int attempts, Pricing pricing) {
    }

    /**
     * Meta's {@code pricing} of a status.
     *
     * @param billable whether Meta charges for the message
     * @param model    {@code PMP} (per-message pricing)
     * @param category service, utility, marketing or authentication
     * @param type     {@code regular} (billed), or one of Meta's free types
     */
    public record Pricing(boolean billable, String model, String category, String type) {
    }

    /**
     * A file a send carried, as the sandbox stored it: a test compares {@code sha256} and {@code size} with what it
     * meant to send.
     *
     * @param id       the media id (Meta) or media SID (Twilio) it is stored under; null when it was not fetched
     * @param link     the link it was fetched from; null for a send by id
     * @param mimeType its MIME type
     * @param sha256   lowercase hex SHA-256 of the bytes
     * @param size     their length
     * @param error    why it could not be used (the failed status's details); null when it could
     */
    public record Media(String id, String link, String mimeType, String sha256, Long size, String error) {
    }
}
