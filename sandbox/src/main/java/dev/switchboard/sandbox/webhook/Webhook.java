package dev.switchboard.sandbox.webhook;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A signed webhook ready to post.
 *
 * @param url         where it goes
 * @param contentType {@code application/json} (Meta) or {@code application/x-www-form-urlencoded} (Twilio)
 * @param body        the exact bytes that were signed
 * @param headers     the signature header and any other
 * @param description for the log: "status delivered of wamid.… on demo"
 */
public record Webhook(String url, String contentType, byte[] body, Map<String, String> headers, String description) {

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
