package dev.switchboard.sandbox.twilio;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Twilio REST error: {@code {"code":21211,"message":…,"more_info":"https://www.twilio.com/docs/errors/21211",
 * "status":400}}.
 */
public record TwilioError(int httpStatus, int code, String message) {

    private static final JsonMapper JSON = JsonMapper.shared();

    public String toJson() {
        ObjectNode body = JSON.createObjectNode();
        body.put("code", code);
        body.put("message", message);
        body.put("more_info", "https://www.twilio.com/docs/errors/" + code);
        body.put("status", httpStatus);
        return JSON.writeValueAsString(body);
    }
}
