package dev.switchboard.ticket.content;

import static dev.switchboard.ticket.content.ContentLimits.CTA_DISPLAY_TEXT_MAX;
import static dev.switchboard.ticket.content.ContentLimits.INTERACTIVE_BODY_MAX;
import static dev.switchboard.ticket.content.ContentLimits.INTERACTIVE_FOOTER_MAX;
import static dev.switchboard.ticket.content.ContentLimits.INTERACTIVE_HEADER_TEXT_MAX;
import static dev.switchboard.ticket.content.ContentLimits.REPLY_BUTTONS_MAX;
import static dev.switchboard.ticket.content.ContentLimits.REPLY_BUTTON_ID_MAX;
import static dev.switchboard.ticket.content.ContentLimits.REPLY_BUTTON_TITLE_MAX;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * {@code {"type":"interactive","interactive":{…Cloud API interactive object…}}}: the header, body and footer
 * every type shares, then the action of its type (lists and product lists in {@link SectionsRule}).
 */
record InteractiveRule(Problems problems) {

    /** Cloud API interactive types (Meta's interactive message pages; button, list and cta_url are checked in depth). */
    static final List<String> TYPES = List.of("button", "list", "cta_url", "product", "product_list",
            "catalog_message", "flow", "location_request_message", "call_permission_request");

    private static final List<String> HEADER_TYPES_ALL = List.of("text", "image", "video", "document");
    private static final List<String> HEADER_TYPES_TEXT = List.of("text");

    private static final String ACTION = "interactive.action";


    void check(JsonNode interactive) {
        String type = problems.string(interactive, "interactive", "type", true);
        if (type != null && !TYPES.contains(type)) {
            problems.add("interactive.type", "must be one of: " + String.join(", ", TYPES));
            type = null;
        }
        // "body: Optional for type product. Required for other message types." (Cloud API interactive object)
        JsonNode body = problems.object(interactive, "interactive", "body", type != null && !type.equals("product"));
        if (body != null) {
            problems.requiredText(body, "interactive.body", "text", INTERACTIVE_BODY_MAX);
        }
        // Multi-product messages need a text header; list messages take a text header only (Meta's list and
        // multi-product pages show only text headers; whatsapp-api-js enforces the same).
        boolean headerRequired = "product_list".equals(type);
        JsonNode header = problems.object(interactive, "interactive", "header", headerRequired);
        if (header != null) {
            header(header, "list".equals(type) || "product_list".equals(type) ? HEADER_TYPES_TEXT : HEADER_TYPES_ALL);
        }
        JsonNode footer = problems.object(interactive, "interactive", "footer", false);
        if (footer != null) {
            problems.requiredText(footer, "interactive.footer", "text", INTERACTIVE_FOOTER_MAX);
        }
        JsonNode action = problems.object(interactive, "interactive", "action", true);
        if (action == null || type == null) {
            return;
        }
        switch (type) {
            case "button" -> replyButtons(action);
            case "list" -> new SectionsRule(problems).list(action);
            case "cta_url" -> ctaUrl(action);
            case "product" -> {
                problems.string(action, ACTION, "catalog_id", true);
                problems.string(action, ACTION, "product_retailer_id", true);
            }
            case "product_list" -> new SectionsRule(problems).productList(action);
            case "flow" -> {
                actionName(action, "flow");
                problems.object(action, ACTION, "parameters", true);
            }
            case "catalog_message" -> actionName(action, "catalog_message");
            case "location_request_message" -> actionName(action, "send_location");
            case "call_permission_request" -> actionName(action, "call_permission_request");
            default -> {
            }
        }
    }

    private void header(JsonNode header, List<String> allowedTypes) {
        String type = problems.string(header, "interactive.header", "type", true);
        if (type == null) {
            return;
        }
        if (!allowedTypes.contains(type)) {
            problems.add("interactive.header.type", "must be one of: " + String.join(", ", allowedTypes));
        } else if (type.equals("text")) {
            problems.requiredText(header, "interactive.header", "text", INTERACTIVE_HEADER_TEXT_MAX);
        } else {
            new MediaRule(problems).reference(header, "interactive.header", type);
        }
    }

    private void replyButtons(JsonNode action) {
        JsonNode buttons = problems.array(action, ACTION, "buttons", true);
        if (buttons == null) {
            return;
        }
        problems.size(buttons, ACTION + ".buttons", "button", REPLY_BUTTONS_MAX);
        Map<String, String> ids = new HashMap<>();
        Map<String, String> titles = new HashMap<>();
        problems.eachObject(buttons, ACTION + ".buttons", (button, path) -> {
            String type = problems.string(button, path, "type", true);
            if (type != null && !type.equals("reply")) {
                problems.add(path + ".type", "must be \"reply\"");
            }
            JsonNode reply = problems.object(button, path, "reply", true);
            if (reply == null) {
                return;
            }
            String id = problems.requiredText(reply, path + ".reply", "id", REPLY_BUTTON_ID_MAX);
            if (id != null && !id.isBlank() && !id.equals(id.strip())) {
                problems.add(path + ".reply.id", "must not start or end with spaces");
            }
            problems.unique(ids, id, path + ".reply.id");
            problems.unique(titles, problems.requiredText(reply, path + ".reply", "title", REPLY_BUTTON_TITLE_MAX),
                    path + ".reply.title");
        });
    }

    private void ctaUrl(JsonNode action) {
        actionName(action, "cta_url");
        JsonNode parameters = problems.object(action, ACTION, "parameters", true);
        if (parameters == null) {
            return;
        }
        problems.requiredText(parameters, ACTION + ".parameters", "display_text", CTA_DISPLAY_TEXT_MAX);
        String url = problems.string(parameters, ACTION + ".parameters", "url", true);
        if (url != null) {
            problems.url(ACTION + ".parameters.url", url);
        }
    }

    private void actionName(JsonNode action, String expected) {
        String name = problems.string(action, ACTION, "name", true);
        if (name != null && !name.equals(expected)) {
            problems.add(ACTION + ".name", "must be \"" + expected + "\"");
        }
    }
}
