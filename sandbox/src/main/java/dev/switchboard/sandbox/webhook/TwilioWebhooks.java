package dev.switchboard.sandbox.webhook;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Twilio's webhooks: a form body, signed over the URL it is posted to and its sorted parameters. */
public final class TwilioWebhooks {

    public static final String SIGNATURE_HEADER = "X-Twilio-Signature";

    private TwilioWebhooks() {
    }

    /**
     * @param params the parameters in the order they are written (a key may repeat)
     */
    public static Webhook webhook(String url, String authToken, List<Map.Entry<String, String>> params,
                                  String description) {
        Map<String, List<String>> grouped = new LinkedHashMap<>();
        params.forEach(p -> grouped.computeIfAbsent(p.getKey(), k -> new ArrayList<>()).add(p.getValue()));
        String body = params.stream()
                .map(p -> URLEncoder.encode(p.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return new Webhook(url, "application/x-www-form-urlencoded", body.getBytes(StandardCharsets.UTF_8),
                Map.of(SIGNATURE_HEADER, Signatures.twilio(authToken, url, grouped),
                        "I-Twilio-Idempotency-Token", MessageIds.hex(16)),
                description);
    }
}
