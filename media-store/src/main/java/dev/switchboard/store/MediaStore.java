package dev.switchboard.store;

import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Switchboard's attachments: content-addressed files in an object store. Files go in and come out as streams, so a
 * 100 MB document never sits whole in the heap.
 */
public interface MediaStore {

    /**
     * Streams {@code content} into the store under its content address and returns what is stored. When the same
     * bytes are stored already, nothing is written again.
     *
     * @param maxBytes refuse more than this many bytes ({@link MediaRejectedException.TooLarge})
     * @param expectedSha256 lower-case hex the bytes must hash to ({@link MediaRejectedException.HashMismatch}), or
     *        null when nobody announced one
     */
    StoredObject put(InputStream content, String mimeType, long maxBytes, String expectedSha256);

    /** The stored file with this SHA-256 (lower-case hex), if there is one. */
    Optional<StoredObject> find(String sha256);

    /** The whole file. Empty when it is not stored. */
    Optional<MediaContent> open(String sha256);

    /** {@code length} bytes of the file from {@code offset} (the caller checked the range against the size). */
    Optional<MediaContent> open(String sha256, long offset, long length);

    /** A link anyone holding it may GET the file with until {@code ttl} passes (for providers that fetch links). */
    URI link(String sha256, Duration ttl);

    /** The store answers: for readiness. Throws with the reason when it does not. */
    void check();
}
