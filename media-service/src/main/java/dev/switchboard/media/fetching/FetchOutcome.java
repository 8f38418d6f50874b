package dev.switchboard.media.fetching;

import java.time.Duration;

import dev.switchboard.events.MediaFailure;
import dev.switchboard.events.ProviderError;
import dev.switchboard.store.StoredObject;

/** What one attempt to fetch a file came to: stored, failed for good, or worth another attempt later. */
public sealed interface FetchOutcome {

    /**
     * The file is in the store.
     *
     * @param mimeType   the type the provider gave this file (falls back to the stored object's)
     * @param downloaded false when the announced digest was stored already and nothing was downloaded
     */
    record Stored(StoredObject object, String mimeType, boolean downloaded) implements FetchOutcome {
    }

    /** It never will be: the provider no longer has it, refused it, or it is not what was announced. */
    record Failed(MediaFailure failure, String detail, ProviderError error) implements FetchOutcome {
    }

    /**
     * A transient failure (5xx, 429, timeouts, I/O): try again after a backoff.
     *
     * @param retryAfter the provider's Retry-After, or null
     */
    record Transient(String detail, ProviderError error, Duration retryAfter) implements FetchOutcome {
    }
}
