package dev.switchboard.store;

/**
 * A file in the store. The key is derived from the content ({@code <prefix>sha256/<hex>}), so the same bytes always
 * land on the same key and a redelivery or a replay stores nothing twice.
 *
 * @param sha256 SHA-256 of the bytes, lower-case hex
 * @param mimeType the content type the file was stored with (the first writer's, for identical bytes)
 */
public record StoredObject(String key, String sha256, long size, String mimeType) {
}
