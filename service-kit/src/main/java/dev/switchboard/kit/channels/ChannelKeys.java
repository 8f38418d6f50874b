package dev.switchboard.kit.channels;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import dev.switchboard.events.SealedSecret;

/**
 * The operator's channel keys (a Kubernetes Secret, {@code SWITCHBOARD_CHANNEL_KEYS}): they seal the credentials of
 * channels on the channels topic and in the registry's table, so that no secret travels or rests in clear text.
 *
 * <p>Format: comma-separated {@code keyId:base64(32 random bytes)}, e.g. {@code 2026-12:q0v…=}. The first key seals;
 * every key opens, so a key is rotated by putting a new one first and dropping the old one once the registry has
 * re-sealed every channel. AES-256-GCM with a random 12-byte nonce; the channel id is the associated data, so a sealed
 * secret copied onto another channel does not open.
 */
public final class ChannelKeys {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, SecretKey> keys;
    private final String sealingKeyId;

    private ChannelKeys(Map<String, SecretKey> keys) {
        this.keys = keys;
        this.sealingKeyId = keys.isEmpty() ? null : keys.keySet().iterator().next();
    }

    /** No keys: channels with sealed secrets cannot be opened (a service that needs no secret, or none configured). */
    public static ChannelKeys none() {
        return new ChannelKeys(Map.of());
    }

    /**
     * Parses the key list; a blank one is {@link #none()}.
     *
     * @throws IllegalArgumentException naming every problem (never a key's value)
     */
    public static ChannelKeys parse(String spec) {
        if (spec == null || spec.isBlank()) {
            return none();
        }
        Map<String, SecretKey> keys = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        String[] entries = spec.split(",");
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].trim();
            int colon = entry.indexOf(':');
            String id = colon < 0 ? "" : entry.substring(0, colon).trim();
            if (!id.matches("[A-Za-z0-9._-]{1,64}")) {
                problems.add("key " + (i + 1) + ": expected keyId:base64 with a key id of 1-64 letters, digits, '.', '_' or '-'");
                continue;
            }
            byte[] key;
            try {
                key = Base64.getDecoder().decode(entry.substring(colon + 1).trim());
            } catch (IllegalArgumentException e) {
                problems.add("key '" + id + "': not base64");
                continue;
            }
            if (key.length != 32) {
                problems.add("key '" + id + "': " + key.length + " bytes, an AES-256 key is 32 (e.g. openssl rand -base64 32)");
                continue;
            }
            if (keys.putIfAbsent(id, new SecretKeySpec(key, "AES")) != null) {
                problems.add("key '" + id + "': named twice");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("SWITCHBOARD_CHANNEL_KEYS is invalid:\n  - " + String.join("\n  - ", problems));
        }
        return new ChannelKeys(java.util.Collections.unmodifiableMap(keys));
    }

    public boolean canSeal() {
        return sealingKeyId != null;
    }

    /** The id of the key that seals, if any. */
    public Optional<String> sealingKeyId() {
        return Optional.ofNullable(sealingKeyId);
    }

    public boolean canOpen(SealedSecret sealed) {
        return sealed != null && keys.containsKey(sealed.getKeyId());
    }

    /** Seals a channel's credential with the first key. */
    public SealedSecret seal(String channelId, String clear) {
        if (sealingKeyId == null) {
            throw new IllegalStateException("no channel key to seal with: set SWITCHBOARD_CHANNEL_KEYS");
        }
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, keys.get(sealingKeyId), nonce, channelId);
            byte[] sealed = cipher.doFinal(clear.getBytes(StandardCharsets.UTF_8));
            ByteBuffer out = ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed);
            return SealedSecret.newBuilder().setKeyId(sealingKeyId).setSealed(out.flip()).build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal a secret of channel " + channelId, e);
        }
    }

    /**
     * Opens a sealed credential of this channel.
     *
     * @throws SecretUnavailableException when the key is not here or the secret does not open with it (another
     *                                    channel's, or tampered with); the message names the channel and key id only
     */
    public String open(String channelId, SealedSecret sealed) {
        SecretKey key = keys.get(sealed.getKeyId());
        if (key == null) {
            throw new SecretUnavailableException("channel " + channelId + ": its secret is sealed with key '"
                    + sealed.getKeyId() + "', which is not in SWITCHBOARD_CHANNEL_KEYS");
        }
        ByteBuffer buffer = sealed.getSealed().duplicate();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        if (bytes.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new SecretUnavailableException("channel " + channelId + ": a sealed secret is too short");
        }
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, key, java.util.Arrays.copyOf(bytes, NONCE_BYTES), channelId);
            return new String(cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new SecretUnavailableException("channel " + channelId + ": a secret sealed with key '"
                    + sealed.getKeyId() + "' does not open (sealed for another channel, or altered)");
        }
    }

    private static Cipher cipher(int mode, SecretKey key, byte[] nonce, String channelId)
            throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(channelId.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    @Override
    public String toString() {
        return "ChannelKeys" + keys.keySet();
    }

    /** A channel's secret cannot be opened here. */
    public static final class SecretUnavailableException extends IllegalStateException {
        public SecretUnavailableException(String message) {
            super(message);
        }
    }
}
