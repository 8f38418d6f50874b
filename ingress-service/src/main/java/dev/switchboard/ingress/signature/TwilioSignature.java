package dev.switchboard.ingress.signature;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Twilio's {@code X-Twilio-Signature}: base64 HMAC-SHA1, keyed with the auth token, of the public URL Twilio
 * called followed by every POST parameter as {@code key + value}, keys in byte order and the values of a repeated
 * key de-duplicated and sorted. As in Twilio's SDKs, the URL is also tried with its default port added and with
 * any port removed (Twilio's own signing is inconsistent there), and with {@code '} encoded as {@code %27}.
 *
 * <p>The URL is the channel's configured public webhook URL, never one rebuilt from request headers: behind a
 * TLS-terminating proxy that would be {@code http://internal-host/...} and nothing would validate.
 */
public final class TwilioSignature {

    private static final Pattern URL = Pattern.compile("^(https?)://([^/?#@]*@)?([^/?#:]*)(:\\d+)?(.*)$",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern BODY_SHA256 = Pattern.compile("[?&]bodySHA256=([0-9a-fA-F]{64})(?:&|$)");

    private TwilioSignature() {
    }

    /** A form-encoded request: every received parameter, in any order, repeated keys with all their values. */
    public static boolean isValid(String authToken, String url, Map<String, List<String>> params, String signature) {
        if (signature == null || url == null) {
            return false;
        }
        byte[] given = signature.getBytes(StandardCharsets.UTF_8);
        for (String candidate : urlVariants(url)) {
            if (MessageDigest.isEqual(compute(authToken, candidate, params).getBytes(StandardCharsets.UTF_8), given)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A request with a JSON body: the URL carries {@code bodySHA256}, the hex SHA-256 of the body, and the
     * signature covers the URL alone.
     */
    public static boolean isValidJsonBody(String authToken, String url, byte[] body, String signature) {
        Matcher sha = url == null ? null : BODY_SHA256.matcher(url);
        if (sha == null || !sha.find()) {
            return false;
        }
        byte[] expectedSha;
        try {
            expectedSha = MessageDigest.getInstance("SHA-256").digest(body);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
        return MessageDigest.isEqual(expectedSha, HexFormat.of().parseHex(sha.group(1)))
                && isValid(authToken, url, Map.of(), signature);
    }

    /** The signature Twilio sends for this URL and these parameters (for tests, tools and the sandbox). */
    public static String compute(String authToken, String url, Map<String, List<String>> params) {
        StringBuilder data = new StringBuilder(url);
        for (String key : new TreeSet<>(params.keySet())) {
            for (String value : new TreeSet<>(params.get(key))) {
                data.append(key).append(value);
            }
        }
        byte[] mac = Hmac.sha1(authToken.getBytes(StandardCharsets.UTF_8),
                data.toString().getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(mac);
    }

    private static Set<String> urlVariants(String url) {
        Set<String> variants = new LinkedHashSet<>();
        for (String base : List.of(url, url.replace("'", "%27"))) {
            variants.add(base);
            Matcher m = URL.matcher(base);
            if (m.matches()) {
                String userInfo = m.group(2) == null ? "" : m.group(2);
                String prefix = m.group(1) + "://" + userInfo + m.group(3);
                String defaultPort = m.group(1).equalsIgnoreCase("https") ? ":443" : ":80";
                variants.add(prefix + m.group(5));
                variants.add(prefix + (m.group(4) == null ? defaultPort : m.group(4)) + m.group(5));
            }
        }
        return variants;
    }
}
