package dev.switchboard.sandbox.graph;

import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * Checks the body of {@code POST /{version}/{phone-number-id}/messages} the way the Cloud API does, and says what
 * it is: the first breach found becomes the Graph error Meta would answer ({@code 100} for a missing top-level
 * parameter, a wrong type or a length over the limit; {@code 131008} for a missing field of the message object;
 * {@code 131009} for a value it does not accept). Limits from Meta's OpenAPI spec and docs (reference: §4): text
 * 4096, caption 1024, interactive body 1024 (list 4096), header and footer 60, 1-3 reply buttons (title 20, id
 * 256, unique), list button 20, 1-10 sections (title 24, required when more than one), 10 rows in all (id 200,
 * title 24, description 72), callback data 512.
 *
 * <p>Plain Java; throws {@link Invalid} for a breach.
 */
public final class GraphMessageCheck {

    static final Set<String> TYPES = Set.of("text", "image", "audio", "video", "document", "sticker", "location",
            "contacts", "interactive", "template", "reaction");
    private static final Set<String> MEDIA = Set.of("image", "audio", "video", "document", "sticker");
    private static final Set<String> INTERACTIVE_TYPES = Set.of("button", "list", "cta_url", "product",
            "product_list", "catalog_message", "flow", "location_request_message", "address_message",
            "call_permission_request");
    private static final Set<String> HEADER_TYPES = Set.of("text", "image", "video", "document");
    private static final Set<String> COMPONENT_TYPES = Set.of("header", "body", "footer", "button", "carousel",
            "limited_time_offer");
    private static final Map<String, Integer> CAPTIONED = Map.of("image", 1024, "video", 1024, "document", 1024);

    private GraphMessageCheck() {
    }

    /** A breach of the API's rules: the error to answer with. */
    public static final class Invalid extends RuntimeException {
        private final transient GraphError error;

        Invalid(GraphError error) {
            super(error.message(), null, false, false);
            this.error = error;
        }

        public GraphError error() {
            return error;
        }
    }

    /**
     * A message that passed.
     *
     * @param recipient    the customer: wa_id digits, or the BSUID of {@code recipient}
     * @param input        {@code to} as given (answered back in {@code contacts[].input})
     * @param type         text, image, …
     * @param callbackData {@code biz_opaque_callback_data}, or null
     */
    public record Message(String recipient, String input, String type, String callbackData) {
        public boolean template() {
            return type.equals("template");
        }
    }

    /** A mark-as-read ({@code {"messaging_product","status":"read","message_id"}}) rather than a message. */
    public static boolean isMarkRead(JsonNode body) {
        return body.has("status") && !body.has("type") && !body.has("to");
    }

    /** Checks a mark-as-read; returns the id of the message marked read. */
    public static String markRead(JsonNode body) {
        product(body);
        if (!"read".equals(text(body, "status"))) {
            throw new Invalid(GraphErrors.invalidParameter("Param status must be one of {READ} - got \""
                    + body.get("status").asString("") + "\"."));
        }
        String messageId = text(body, "message_id");
        if (blank(messageId)) {
            throw new Invalid(GraphErrors.missingParameter("message_id"));
        }
        JsonNode typing = body.get("typing_indicator");
        if (typing != null && !"text".equals(text(typing, "type"))) {
            throw new Invalid(GraphErrors.invalid("typing_indicator['type'] must be text"));
        }
        return messageId;
    }

    public static Message message(JsonNode body) {
        product(body);
        String to = text(body, "to");
        String recipient;
        if (!blank(to)) {
            recipient = to.replaceAll("[\\s()+-]", "");
            if (!recipient.matches("[0-9]{5,15}")) {
                throw new Invalid(GraphErrors.invalid("Invalid value for parameter to: '" + to
                        + "' is not a phone number in international format"));
            }
        } else if (!blank(text(body, "recipient"))) {
            recipient = text(body, "recipient");
        } else {
            throw new Invalid(GraphErrors.missingParameter("to"));
        }
        String recipientType = text(body, "recipient_type");
        if (recipientType != null && !recipientType.equals("individual") && !recipientType.equals("group")) {
            throw new Invalid(GraphErrors.invalidParameter("Param recipient_type must be one of {INDIVIDUAL, GROUP}"
                    + " - got \"" + recipientType + "\"."));
        }
        String type = body.has("type") ? text(body, "type") : "text";
        if (type == null || !TYPES.contains(type)) {
            throw new Invalid(GraphErrors.invalidParameter("Param type must be one of {AUDIO, CONTACTS, DOCUMENT,"
                    + " IMAGE, INTERACTIVE, LOCATION, REACTION, STICKER, TEMPLATE, TEXT, VIDEO} - got \""
                    + body.path("type").asString("") + "\"."));
        }
        JsonNode context = body.get("context");
        if (context != null && (!context.isObject() || blank(text(context, "message_id")))) {
            throw new Invalid(GraphErrors.required("context['message_id']"));
        }
        String callbackData = text(body, "biz_opaque_callback_data");
        if (callbackData != null && callbackData.length() > 512) {
            throw new Invalid(GraphErrors.tooLong("biz_opaque_callback_data", 512));
        }
        JsonNode content = body.get(type);
        boolean array = type.equals("contacts");
        if (content == null || content.isNull() || (array ? !content.isArray() : !content.isObject())) {
            throw new Invalid(GraphErrors.required(type));
        }
        switch (type) {
            case "text" -> text(content);
            case "location" -> location(content);
            case "contacts" -> contacts(content);
            case "interactive" -> interactive(content);
            case "template" -> template(content);
            case "reaction" -> reaction(content);
            default -> media(type, content, type);
        }
        return new Message(recipient, blank(to) ? recipient : to, type, callbackData);
    }

    // ------------------------------------------------------------------ parts

    private static void product(JsonNode body) {
        String product = text(body, "messaging_product");
        if (blank(product)) {
            throw new Invalid(GraphErrors.missingParameter("messaging_product"));
        }
        if (!product.equals("whatsapp")) {
            throw new Invalid(GraphErrors.invalidParameter("Param messaging_product must be one of {WHATSAPP} - got \""
                    + product + "\"."));
        }
    }

    private static void text(JsonNode text) {
        String body = requiredText(text, "body", "text['body']");
        maxLength(body, 4096, "text['body']");
        JsonNode preview = text.get("preview_url");
        if (preview != null && !preview.isBoolean()) {
            throw new Invalid(GraphErrors.invalid("text['preview_url'] must be a boolean"));
        }
    }

    private static void media(String type, JsonNode media, String path) {
        boolean byId = !blank(text(media, "id"));
        boolean byLink = !blank(text(media, "link"));
        if (!byId && !byLink) {
            throw new Invalid(GraphErrors.required(path + "['id'] or " + path + "['link']"));
        }
        if (byId && byLink) {
            throw new Invalid(GraphErrors.invalid(path + " must have either an id or a link, not both"));
        }
        if (byLink) {
            link(text(media, "link"), path + "['link']");
        }
        String caption = text(media, "caption");
        if (caption != null) {
            Integer max = CAPTIONED.get(type);
            if (max == null) {
                throw new Invalid(GraphErrors.invalid(path + "['caption'] is not allowed: " + type
                        + " messages have no caption"));
            }
            maxLength(caption, max, path + "['caption']");
        }
        if (media.has("filename") && !type.equals("document")) {
            throw new Invalid(GraphErrors.invalid(path + "['filename'] is only for documents"));
        }
    }

    private static void location(JsonNode location) {
        coordinate(location, "latitude", 90);
        coordinate(location, "longitude", 180);
        maxLength(text(location, "name"), 1000, "location['name']");
        maxLength(text(location, "address"), 1000, "location['address']");
    }

    private static void coordinate(JsonNode location, String field, double limit) {
        JsonNode value = location.get(field);
        if (value == null || value.isNull()) {
            throw new Invalid(GraphErrors.required("location['" + field + "']"));
        }
        double number;
        if (value.isNumber()) {
            number = value.doubleValue();
        } else {
            try {
                number = Double.parseDouble(value.asString(""));
            } catch (NumberFormatException e) {
                throw new Invalid(GraphErrors.invalid("location['" + field + "'] must be a number"));
            }
        }
        if (!(Math.abs(number) <= limit)) {
            throw new Invalid(GraphErrors.invalid("location['" + field + "'] must be between -" + (int) limit + " and "
                    + (int) limit));
        }
    }

    private static void contacts(JsonNode contacts) {
        if (contacts.isEmpty()) {
            throw new Invalid(GraphErrors.required("contacts[0]"));
        }
        for (int i = 0; i < contacts.size(); i++) {
            JsonNode contact = contacts.get(i);
            requiredText(contact.path("name"), "formatted_name", "contacts[" + i + "]['name']['formatted_name']");
            JsonNode phones = contact.get("phones");
            if (phones != null && !phones.isArray()) {
                throw new Invalid(GraphErrors.invalid("contacts[" + i + "]['phones'] must be an array"));
            }
        }
    }

    private static void reaction(JsonNode reaction) {
        requiredText(reaction, "message_id", "reaction['message_id']");
        JsonNode emoji = reaction.get("emoji");
        if (emoji == null || !emoji.isString()) {
            throw new Invalid(GraphErrors.required("reaction['emoji']"));
        }
        // One emoji, possibly with modifiers and joiners; empty removes the reaction.
        if (emoji.asString().codePointCount(0, emoji.asString().length()) > 10) {
            throw new Invalid(GraphErrors.invalid("reaction['emoji'] must be a single emoji"));
        }
    }

    private static void template(JsonNode template) {
        requiredText(template, "name", "template['name']");
        maxLength(text(template, "name"), 512, "template['name']");
        JsonNode language = template.get("language");
        if (language == null || !language.isObject()) {
            throw new Invalid(GraphErrors.required("template['language']"));
        }
        requiredText(language, "code", "template['language']['code']");
        String policy = text(language, "policy");
        if (policy != null && !policy.equals("deterministic")) {
            throw new Invalid(GraphErrors.invalid("template['language']['policy'] must be deterministic"));
        }
        JsonNode components = template.get("components");
        if (components == null) {
            return;
        }
        if (!components.isArray()) {
            throw new Invalid(GraphErrors.invalid("template['components'] must be an array"));
        }
        for (int i = 0; i < components.size(); i++) {
            JsonNode component = components.get(i);
            String at = "template['components'][" + i + "]";
            String type = text(component, "type");
            if (blank(type)) {
                throw new Invalid(GraphErrors.required(at + "['type']"));
            }
            if (!COMPONENT_TYPES.contains(type.toLowerCase(Locale.ROOT))) {
                throw new Invalid(GraphErrors.invalid(at + "['type'] must be one of header, body, footer, button,"
                        + " carousel, limited_time_offer, not " + type));
            }
            if (type.equalsIgnoreCase("button")) {
                requiredText(component, "sub_type", at + "['sub_type']");
                if (component.get("index") == null) {
                    throw new Invalid(GraphErrors.required(at + "['index']"));
                }
            }
            JsonNode parameters = component.get("parameters");
            if (parameters == null) {
                continue;
            }
            if (!parameters.isArray()) {
                throw new Invalid(GraphErrors.invalid(at + "['parameters'] must be an array"));
            }
            for (int p = 0; p < parameters.size(); p++) {
                parameter(parameters.get(p), at + "['parameters'][" + p + "]");
            }
        }
    }

    private static void parameter(JsonNode parameter, String at) {
        String type = requiredText(parameter, "type", at + "['type']");
        switch (type) {
            case "text" -> requiredText(parameter, "text", at + "['text']");
            case "payload" -> requiredText(parameter, "payload", at + "['payload']");
            case "image", "video", "document" -> {
                JsonNode media = parameter.get(type);
                if (media == null || !media.isObject()) {
                    throw new Invalid(GraphErrors.required(at + "['" + type + "']"));
                }
                media(type, media, at + "['" + type + "']");
            }
            case "currency" -> requiredText(parameter.path("currency"), "fallback_value",
                    at + "['currency']['fallback_value']");
            case "date_time" -> requiredText(parameter.path("date_time"), "fallback_value",
                    at + "['date_time']['fallback_value']");
            default -> {
                // location, coupon_code, action, … : Meta checks them against the template; the sandbox has none.
            }
        }
    }

    private static void interactive(JsonNode interactive) {
        String type = requiredText(interactive, "type", "interactive['type']");
        if (!INTERACTIVE_TYPES.contains(type)) {
            throw new Invalid(GraphErrors.invalid("interactive['type'] must be one of " + INTERACTIVE_TYPES
                    + ", not " + type));
        }
        JsonNode header = interactive.get("header");
        if (header != null) {
            header(header, type);
        }
        JsonNode footer = interactive.get("footer");
        if (footer != null) {
            maxLength(requiredText(footer, "text", "interactive['footer']['text']"), 60, "interactive['footer']['text']");
        }
        JsonNode body = interactive.get("body");
        boolean bodyRequired = !type.equals("product") && !type.equals("catalog_message");
        if (body != null || bodyRequired) {
            String text = requiredText(body == null ? null : body, "text", "interactive['body']['text']");
            maxLength(text, type.equals("list") ? 4096 : 1024, "interactive['body']['text']");
        }
        JsonNode action = interactive.get("action");
        if (action == null || !action.isObject()) {
            throw new Invalid(GraphErrors.required("interactive['action']"));
        }
        switch (type) {
            case "button" -> buttons(action);
            case "list" -> list(action);
            case "cta_url" -> ctaUrl(action);
            default -> {
                // Products, flows and the rest need catalogs and flows the sandbox does not have.
            }
        }
    }

    private static void header(JsonNode header, String interactiveType) {
        String type = requiredText(header, "type", "interactive['header']['type']");
        if (!HEADER_TYPES.contains(type)) {
            throw new Invalid(GraphErrors.invalid("interactive['header']['type'] must be one of text, image, video,"
                    + " document, not " + type));
        }
        if (type.equals("text")) {
            maxLength(requiredText(header, "text", "interactive['header']['text']"), 60,
                    "interactive['header']['text']");
            return;
        }
        if (interactiveType.equals("list")) {
            throw new Invalid(GraphErrors.invalid("interactive['header'] of a list message must be text"));
        }
        JsonNode media = header.get(type);
        if (media == null || !media.isObject()) {
            throw new Invalid(GraphErrors.required("interactive['header']['" + type + "']"));
        }
        media(type, media, "interactive['header']['" + type + "']");
    }

    private static void buttons(JsonNode action) {
        JsonNode buttons = action.get("buttons");
        if (buttons == null || !buttons.isArray() || buttons.isEmpty()) {
            throw new Invalid(GraphErrors.required("interactive['action']['buttons']"));
        }
        if (buttons.size() > 3) {
            throw new Invalid(GraphErrors.invalidParameter("Param interactive['action']['buttons'] must contain at"
                    + " most 3 elements."));
        }
        Set<String> ids = new HashSet<>();
        Set<String> titles = new HashSet<>();
        for (int i = 0; i < buttons.size(); i++) {
            String at = "interactive['action']['buttons'][" + i + "]";
            JsonNode button = buttons.get(i);
            if (!"reply".equals(text(button, "type"))) {
                throw new Invalid(GraphErrors.invalid(at + "['type'] must be reply"));
            }
            JsonNode reply = button.get("reply");
            String id = requiredText(reply, "id", at + "['reply']['id']");
            String title = requiredText(reply, "title", at + "['reply']['title']");
            maxLength(id, 256, at + "['reply']['id']");
            maxLength(title, 20, at + "['reply']['title']");
            if (!ids.add(id)) {
                throw new Invalid(GraphErrors.invalid("Button id must be unique: " + id));
            }
            if (!titles.add(title)) {
                throw new Invalid(GraphErrors.invalid("Button title must be unique: " + title));
            }
        }
    }

    private static void list(JsonNode action) {
        maxLength(requiredText(action, "button", "interactive['action']['button']"), 20,
                "interactive['action']['button']");
        JsonNode sections = action.get("sections");
        if (sections == null || !sections.isArray() || sections.isEmpty()) {
            throw new Invalid(GraphErrors.required("interactive['action']['sections']"));
        }
        if (sections.size() > 10) {
            throw new Invalid(GraphErrors.invalidParameter("Param interactive['action']['sections'] must contain at"
                    + " most 10 elements."));
        }
        int rowCount = 0;
        Set<String> rowIds = new HashSet<>();
        for (int s = 0; s < sections.size(); s++) {
            String at = "interactive['action']['sections'][" + s + "]";
            JsonNode section = sections.get(s);
            String title = text(section, "title");
            if (sections.size() > 1 && blank(title)) {
                throw new Invalid(GraphErrors.required(at + "['title']"));
            }
            maxLength(title, 24, at + "['title']");
            JsonNode rows = section.get("rows");
            if (rows == null || !rows.isArray() || rows.isEmpty()) {
                throw new Invalid(GraphErrors.required(at + "['rows']"));
            }
            for (int r = 0; r < rows.size(); r++) {
                String rowAt = at + "['rows'][" + r + "]";
                JsonNode row = rows.get(r);
                String id = requiredText(row, "id", rowAt + "['id']");
                maxLength(id, 200, rowAt + "['id']");
                maxLength(requiredText(row, "title", rowAt + "['title']"), 24, rowAt + "['title']");
                maxLength(text(row, "description"), 72, rowAt + "['description']");
                if (!rowIds.add(id)) {
                    throw new Invalid(GraphErrors.invalid("Row id must be unique: " + id));
                }
                rowCount++;
            }
        }
        if (rowCount > 10) {
            throw new Invalid(GraphErrors.invalid("Total row count exceed max allowed count: 10"));
        }
    }

    private static void ctaUrl(JsonNode action) {
        if (!"cta_url".equals(text(action, "name"))) {
            throw new Invalid(GraphErrors.invalid("interactive['action']['name'] must be cta_url"));
        }
        JsonNode parameters = action.get("parameters");
        maxLength(requiredText(parameters, "display_text", "interactive['action']['parameters']['display_text']"), 20,
                "interactive['action']['parameters']['display_text']");
        link(requiredText(parameters, "url", "interactive['action']['parameters']['url']"),
                "interactive['action']['parameters']['url']");
    }

    // ------------------------------------------------------------------ helpers

    private static void link(String link, String path) {
        URI uri;
        try {
            uri = URI.create(link.trim());
        } catch (IllegalArgumentException e) {
            throw new Invalid(GraphErrors.invalid(path + " is not a valid URL: " + link));
        }
        if (uri.getScheme() == null || !List.of("http", "https").contains(uri.getScheme().toLowerCase(
                Locale.ROOT)) || uri.getHost() == null) {
            throw new Invalid(GraphErrors.invalid(path + " must be an http(s) URL, not " + link));
        }
    }

    private static String requiredText(JsonNode node, String field, String path) {
        String value = node == null ? null : text(node, field);
        if (blank(value)) {
            throw new Invalid(GraphErrors.required(path));
        }
        return value;
    }

    private static void maxLength(String value, int max, String path) {
        if (value != null && value.codePointCount(0, value.length()) > max) {
            throw new Invalid(GraphErrors.tooLong(path, max));
        }
    }

    /** The field as text (numbers too, as Meta takes {@code "index": 0} and {@code "0"} alike); null if absent. */
    static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || value.isNull() || value.isContainer()) {
            return null;
        }
        return value.asString();
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
