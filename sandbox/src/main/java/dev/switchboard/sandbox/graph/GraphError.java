package dev.switchboard.sandbox.graph;

import dev.switchboard.sandbox.Answer;
import dev.switchboard.sandbox.webhook.MessageIds;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Graph API error as Meta answers it:
 * {@code {"error":{"message","type","code","error_data":{"messaging_product","details"},"error_subcode"?,
 * "is_transient"?,"fbtrace_id"}}}.
 *
 * @param httpStatus the HTTP status of the answer
 * @param code       Meta's error code
 * @param type       OAuthException or GraphMethodException
 * @param message    the message, {@code (#code) Title} for WhatsApp's codes
 * @param details    {@code error_data.details}; null: no {@code error_data} (Graph's generic errors have none)
 * @param subcode    {@code error_subcode}, or null
 * @param isTransient{@code is_transient}, or null
 */
public record GraphError(int httpStatus, int code, String type, String message, String details, Integer subcode,
                         Boolean isTransient) {

    private static final JsonMapper JSON = JsonMapper.shared();

    /** The same error with other details. */
    public GraphError withDetails(String newDetails) {
        return new GraphError(httpStatus, code, type, message, newDetails, subcode, isTransient);
    }

    /** The title without the {@code (#code) } prefix, as status webhooks carry it. */
    public String title() {
        String prefix = "(#" + code + ") ";
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }

    /** The error as the answer of a Graph call. */
    public Answer toAnswer() {
        return Answer.json(httpStatus, JSON.writeValueAsString(toJson()));
    }

    public ObjectNode toJson() {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("message", message);
        error.put("type", type);
        error.put("code", code);
        if (details != null) {
            ObjectNode data = error.putObject("error_data");
            data.put("messaging_product", "whatsapp");
            data.put("details", details);
        }
        if (subcode != null) {
            error.put("error_subcode", subcode);
        }
        if (isTransient != null) {
            error.put("is_transient", isTransient);
        }
        error.put("fbtrace_id", MessageIds.fbtraceId());
        return body;
    }
}
