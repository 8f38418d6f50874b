package dev.switchboard.ingress.signature;

import java.security.GeneralSecurityException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

final class Hmac {

    private Hmac() {
    }

    static byte[] sha256(byte[] key, byte[] data) {
        return compute("HmacSHA256", key, data);
    }

    static byte[] sha1(byte[] key, byte[] data) {
        return compute("HmacSHA1", key, data);
    }

    private static byte[] compute(String algorithm, byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is part of every JDK", e);
        }
    }
}
