package dev.switchboard.outbound.sending;

import java.util.Objects;

/** What one upload of a file to the Graph API ({@link GraphMediaUploads}) came to. */
public sealed interface MediaUpload {

    /** Meta keeps the file under {@code mediaId} (for 30 days): a message may now send it by id. */
    record Uploaded(String mediaId) implements MediaUpload {
        public Uploaded {
            Objects.requireNonNull(mediaId, "mediaId");
        }
    }

    /**
     * Not uploaded: {@code outcome} is a {@link SendOutcome.Rejected} or {@link SendOutcome.Unreachable}, judged like the
     * answer to a send ({@link ErrorClassifier}): rate limits and 5xx are retried, a 4xx error fails the request.
     */
    record Failed(SendOutcome outcome) implements MediaUpload {
        public Failed {
            if (!(outcome instanceof SendOutcome.Rejected) && !(outcome instanceof SendOutcome.Unreachable)) {
                throw new IllegalArgumentException("a failed upload is Rejected or Unreachable, not " + outcome);
            }
        }
    }
}
