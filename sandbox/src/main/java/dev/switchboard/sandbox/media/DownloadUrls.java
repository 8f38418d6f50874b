package dev.switchboard.sandbox.media;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The download URLs the Graph lookup hands out, shaped like Meta's
 * ({@code /whatsapp_business/attachments/?mid=…&ext=…&hash=…}): {@code ext} is when the URL expires (Unix seconds;
 * Meta's are valid for 5 minutes) and {@code hash} an HMAC over id and expiry with a key of this process, so a URL
 * cannot be made to live longer by editing it.
 */
public final class DownloadUrls {

    public static final String PATH = "/whatsapp_business/attachments/";

    private final byte[] key = new byte[32];
    private final Duration validity;
    private final Clock clock;

    public DownloadUrls(Duration validity, Clock clock) {
        new SecureRandom().nextBytes(key);
        this.validity = validity;
        this.clock = clock;
    }

    /** @param base the sandbox's base URL, without a trailing slash */
    public String url(String base, String mediaId) {
        long expires = clock.instant().plus(validity).getEpochSecond();
        return base + PATH + "?mid=" + mediaId + "&ext=" + expires + "&hash=" + hash(mediaId, expires);
    }

    /** Whether the URL's parameters are one this sandbox made and it has not expired. */
    public boolean valid(String mediaId, String ext, String hash) {
        if (mediaId == null || ext == null || hash == null || !ext.matches("[0-9]{1,12}")) {
            return false;
        }
        long expires = Long.parseLong(ext);
        boolean genuine = MessageDigest.isEqual(hash(mediaId, expires).getBytes(StandardCharsets.US_ASCII),
                hash.getBytes(StandardCharsets.US_ASCII));
        return genuine && clock.instant().getEpochSecond() < expires;
    }

    private String hash(String mediaId, long expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] digest = mac.doFinal((mediaId + "|" + expires).getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
