package dev.switchboard.ticket.content;

import static dev.switchboard.ticket.content.ContentLimits.TEXT_BODY_MAX;
import static dev.switchboard.ticket.content.Problems.present;

import tools.jackson.databind.JsonNode;

/** {@code {"type":"text","text":"…","previewUrl":true}}: a non-blank body of at most 4,096 characters. */
record TextRule(Problems problems) {

    void check(JsonNode content) {
        String body = problems.string(content, "", "text", true);
        if (body != null) {
            problems.text("text", body, TEXT_BODY_MAX);
        }
        JsonNode preview = content.get("previewUrl");
        if (present(preview) && !preview.isBoolean()) {
            problems.add("previewUrl", "must be a boolean");
        }
    }
}
