package dev.switchboard.ticket.media;

/**
 * What media-service made of an inbound message's file: {@code stored} (sha256, size, …) or {@code failed}
 * (failure, detail).
 *
 * @param sha256 the stored file's SHA-256, lower-case hex: its address in the media store
 * @param failure the MediaFailure in lower case: expired, hash_mismatch, too_large, channel_unavailable, …
 */
public record MediaOutcome(String status, String sha256, Long size, String mimeType, String filename, String failure,
                           String failureDetail) {

    public static final String STORED = "stored";
    public static final String FAILED = "failed";

    public boolean stored() {
        return STORED.equals(status);
    }
}
