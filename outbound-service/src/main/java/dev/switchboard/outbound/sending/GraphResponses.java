package dev.switchboard.outbound.sending;

import java.time.Duration;

import dev.switchboard.events.MarkRead;
import dev.switchboard.events.OutboundRequest;
import dev.switchboard.events.OutboundType;
import dev.switchboard.events.ProviderError;
import tools.jackson.databind.JsonNode;

/**
 * Reads a Graph API answer to {@code POST …/messages}.
 * <ul>
 * <li>2xx {@code {"messages":[{"id":"wamid…","message_status":"accepted"}]}} → {@link SendOutcome.Accepted}
 * (status {@code accepted} when Meta leaves {@code message_status} out, as it does outside template pacing);</li>
 * <li>2xx {@code {"success":true}} to a mark-as-read → Accepted(the marked message id, "read");</li>
 * <li>an {@code {"error":{"code",…}}} body, whatever the status → {@link SendOutcome.Rejected} with the error as Meta
 * gave it (code, error_subcode, title = error_user_title or type, message, details = error_data.details or
 * error_user_msg, href, fbtrace_id);</li>
 * <li>5xx or 429 without such a body (a proxy's HTML page…) → {@link SendOutcome.Unreachable};</li>
 * <li>anything else (a 2xx without a message id, a 4xx without an error body) is not the Graph API talking:
 * Rejected with code 0 and the status, which the classifier treats as a channel problem (wrong base URL, a proxy in
 * the way) rather than retrying something that may have been sent.</li>
 * </ul>
 */
final class GraphResponses {

    private GraphResponses() {
    }

    static SendOutcome outcome(OutboundRequest request, int status, String body, Duration retryAfter) {
        JsonNode json = ProviderHttp.json(body);
        if (status >= 200 && status < 300) {
            if (request.getType() == OutboundType.MARK_READ) {
                JsonNode success = json == null ? null : json.get("success");
                if (success != null && success.isBoolean() && success.booleanValue()) {
                    MarkRead markRead = request.getMarkRead();
                    return new SendOutcome.Accepted(markRead == null ? null : markRead.getMessageId(), "read");
                }
            } else {
                JsonNode message = json == null ? null : json.path("messages").path(0);
                String id = ProviderHttp.text(message, "id");
                if (id != null && !id.isBlank()) {
                    String messageStatus = ProviderHttp.text(message, "message_status");
                    return new SendOutcome.Accepted(id, messageStatus == null ? "accepted" : messageStatus);
                }
            }
            return notGraph(status, "HTTP " + status + " without the expected answer", body, retryAfter);
        }
        return refusal(status, json, body, retryAfter);
    }

    /**
     * Reads the answer to {@code POST …/media}: 2xx {@code {"id":"<MEDIA_ID>"}} → {@link MediaUpload.Uploaded}; anything
     * else → {@link MediaUpload.Failed} with the outcome a send's answer of that kind would have.
     */
    static MediaUpload upload(int status, String body, Duration retryAfter) {
        JsonNode json = ProviderHttp.json(body);
        if (status >= 200 && status < 300) {
            String id = ProviderHttp.text(json, "id");
            return id != null && !id.isBlank() ? new MediaUpload.Uploaded(id)
                    : new MediaUpload.Failed(notGraph(status, "HTTP " + status + " without a media id", body, retryAfter));
        }
        return new MediaUpload.Failed(refusal(status, json, body, retryAfter));
    }

    /** A non-2xx answer: the Graph API's error, else Unreachable (5xx, 429) or not the Graph API talking. */
    private static SendOutcome refusal(int status, JsonNode json, String body, Duration retryAfter) {
        JsonNode error = json == null ? null : json.get("error");
        if (error != null && error.isObject() && ProviderHttp.integer(error, "code") != null) {
            return new SendOutcome.Rejected(status, error(error), retryAfter);
        }
        if (status >= 500 || status == 429) {
            return new SendOutcome.Unreachable("HTTP " + status + " without a Graph API error: "
                    + ProviderHttp.snippet(body), status, retryAfter);
        }
        return notGraph(status, "HTTP " + status + " without a Graph API error", body, retryAfter);
    }

    /** A Graph API {@code error} object as a {@link ProviderError}. */
    static ProviderError error(JsonNode error) {
        String details = ProviderHttp.text(error.path("error_data"), "details");
        String title = ProviderHttp.text(error, "error_user_title");
        return ProviderError.newBuilder()
                .setCode(ProviderHttp.integer(error, "code"))
                .setSubcode(ProviderHttp.integer(error, "error_subcode"))
                .setTitle(title != null ? title : ProviderHttp.text(error, "type"))
                .setMessage(ProviderHttp.text(error, "message"))
                .setDetails(details != null ? details : ProviderHttp.text(error, "error_user_msg"))
                .setHref(ProviderHttp.text(error, "href"))
                .setTraceId(ProviderHttp.text(error, "fbtrace_id"))
                .build();
    }

    private static SendOutcome.Rejected notGraph(int status, String title, String body, Duration retryAfter) {
        return new SendOutcome.Rejected(status, ProviderError.newBuilder()
                .setCode(SendOutcome.Rejected.NO_PROVIDER_CODE)
                .setTitle(title)
                .setMessage(ProviderHttp.snippet(body))
                .build(), retryAfter);
    }
}
