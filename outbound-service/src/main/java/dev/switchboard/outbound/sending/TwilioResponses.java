package dev.switchboard.outbound.sending;

import java.time.Duration;

import dev.switchboard.events.ProviderError;
import tools.jackson.databind.JsonNode;

/**
 * Reads a Twilio answer to {@code POST …/Messages.json}.
 * <ul>
 * <li>2xx (201) {@code {"sid":"SM…","status":"queued",…}} → {@link SendOutcome.Accepted}(sid, status);</li>
 * <li>{@code {"code":21211,"message":…,"more_info":…,"status":400}} → {@link SendOutcome.Rejected} (code, message,
 * href = more_info; Twilio gives no title);</li>
 * <li>5xx or 429 without such a body → {@link SendOutcome.Unreachable};</li>
 * <li>anything else → Rejected with code 0, as for the Graph API ({@link GraphResponses}).</li>
 * </ul>
 */
final class TwilioResponses {

    private TwilioResponses() {
    }

    static SendOutcome outcome(int status, String body, Duration retryAfter) {
        JsonNode json = ProviderHttp.json(body);
        if (status >= 200 && status < 300) {
            String sid = ProviderHttp.text(json, "sid");
            if (sid != null && !sid.isBlank()) {
                return new SendOutcome.Accepted(sid, ProviderHttp.text(json, "status"));
            }
            return notTwilio(status, "HTTP " + status + " without a message SID", body, retryAfter);
        }
        if (json != null && json.isObject() && ProviderHttp.integer(json, "code") != null) {
            return new SendOutcome.Rejected(status, error(json), retryAfter);
        }
        if (status >= 500 || status == 429) {
            return new SendOutcome.Unreachable("HTTP " + status + " without a Twilio error: "
                    + ProviderHttp.snippet(body), status, retryAfter);
        }
        return notTwilio(status, "HTTP " + status + " without a Twilio error", body, retryAfter);
    }

    static ProviderError error(JsonNode error) {
        return ProviderError.newBuilder()
                .setCode(ProviderHttp.integer(error, "code"))
                .setMessage(ProviderHttp.text(error, "message"))
                .setHref(ProviderHttp.text(error, "more_info"))
                .build();
    }

    private static SendOutcome.Rejected notTwilio(int status, String title, String body, Duration retryAfter) {
        return new SendOutcome.Rejected(status, ProviderError.newBuilder()
                .setCode(SendOutcome.Rejected.NO_PROVIDER_CODE)
                .setTitle(title)
                .setMessage(ProviderHttp.snippet(body))
                .build(), retryAfter);
    }
}
