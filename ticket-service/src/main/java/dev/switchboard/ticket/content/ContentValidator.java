package dev.switchboard.ticket.content;

import static dev.switchboard.ticket.content.ContentLimits.*;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

/**
 * Collects every {@link FieldProblem} of one outbound content. Never throws on malformed input: each
 * check looks at the node's JSON type before reading it.
 */
final class ContentValidator {

    static final String ROOT = "$";

    /** The content types of the agent API, in the order problems name them. */
    static final List<String> TYPES = List.of("text", "template", "interactive", "image", "audio", "video",
            "document", "sticker", "location", "contacts", "reaction");

    /** Cloud API interactive types (Meta's interactive message pages; button, list and cta_url are checked in depth). */
    static final List<String> INTERACTIVE_TYPES = List.of("button", "list", "cta_url", "product", "product_list",
            "catalog_message", "flow", "location_request_message", "call_permission_request");

    /** Send-time template component types: header/body/footer/button, plus carousel and limited-time-offer templates. */
    static final List<String> TEMPLATE_COMPONENT_TYPES = List.of("header", "body", "footer", "button", "carousel",
            "limited_time_offer");

    private static final List<String> HEADER_TYPES_ALL = List.of("text", "image", "video", "document");
    private static final List<String> HEADER_TYPES_TEXT = List.of("text");

    private static final Pattern TEMPLATE_NAME = Pattern.compile("[a-z0-9_]+");
    /** Meta's template languages: {@code en}, {@code en_US}, {@code fil}, {@code zh_CN}, … */
    private static final Pattern LANGUAGE_CODE = Pattern.compile("[a-z]{2,3}(_[A-Z]{2})?");
    /** Twilio Content SID: {@code ^HX[0-9a-fA-F]{32}$} (Twilio Content API resource). */
    private static final Pattern CONTENT_SID = Pattern.compile("HX[0-9a-fA-F]{32}");
    private static final Pattern ONE_GRAPHEME = Pattern.compile("\\X");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private final List<FieldProblem> problems = new ArrayList<>();

    private ContentValidator() {
    }

    static List<FieldProblem> check(JsonNode content) {
        ContentValidator validator = new ContentValidator();
        validator.content(content);
        return List.copyOf(validator.problems);
    }

    // ------------------------------------------------------------------ content

    private void content(JsonNode content) {
        if (content == null || !content.isObject()) {
            problem(ROOT, "must be a JSON object");
            return;
        }
        String type = string(content, "", "type", true);
        if (type != null) {
            switch (type) {
                case "text" -> text(content);
                case "template" -> template(content);
                case "interactive" -> interactive(content);
                case "image", "audio", "video", "document", "sticker" -> media(content, type);
                case "location" -> location(content);
                case "contacts" -> contacts(content);
                case "reaction" -> reaction(content);
                default -> problem("type", "must be one of: " + String.join(", ", TYPES));
            }
        }
        if (!"text".equals(type) && present(content.get("previewUrl"))) {
            problem("previewUrl", "only applies to type text");
        }
        String replyTo = string(content, "", "replyToMessageId", false);
        if (replyTo != null && replyTo.isBlank()) {
            problem("replyToMessageId", "must not be blank");
        }
    }

    private void text(JsonNode content) {
        String body = string(content, "", "text", true);
        if (body != null) {
            text("text", body, TEXT_BODY_MAX);
        }
        JsonNode preview = content.get("previewUrl");
        if (present(preview) && !preview.isBoolean()) {
            problem("previewUrl", "must be a boolean");
        }
    }

    private void media(JsonNode content, String type) {
        JsonNode media = object(content, "", "media", true);
        if (media == null) {
            return;
        }
        mediaSource(media, "media");
        String caption = string(media, "media", "caption", false);
        if (caption != null) {
            if (type.equals("audio") || type.equals("sticker")) {
                problem("media.caption", type + " messages can't have a caption");
            } else {
                maxLength("media.caption", caption, CAPTION_MAX);
            }
        }
        String filename = string(media, "media", "filename", false);
        if (filename != null) {
            if (!type.equals("document")) {
                problem("media.filename", "only documents can have a filename");
            } else {
                filename("media.filename", filename);
            }
        }
    }

    private void location(JsonNode content) {
        JsonNode location = object(content, "", "location", true);
        if (location == null) {
            return;
        }
        coordinate(location, "location", "latitude", LATITUDE_MAX);
        coordinate(location, "location", "longitude", LONGITUDE_MAX);
        string(location, "location", "name", false);
        string(location, "location", "address", false);
    }

    private void reaction(JsonNode content) {
        JsonNode reaction = object(content, "", "reaction", true);
        if (reaction == null) {
            return;
        }
        String messageId = string(reaction, "reaction", "messageId", true);
        if (messageId != null && messageId.isBlank()) {
            problem("reaction.messageId", "must not be blank");
        }
        JsonNode emoji = reaction.get("emoji");
        if (present(emoji)) {
            if (!emoji.isString()) {
                problem("reaction.emoji", "must be a string");
            } else if (!emoji.stringValue().isEmpty() && !isSingleEmoji(emoji.stringValue())) {
                problem("reaction.emoji", "must be a single emoji (or empty to remove the reaction)");
            }
        }
    }

    private void contacts(JsonNode content) {
        JsonNode contacts = array(content, "", "contacts", true);
        if (contacts == null) {
            return;
        }
        if (contacts.isEmpty()) {
            problem("contacts", "must have at least 1 contact");
        } else if (contacts.size() > CONTACTS_MAX) {
            problem("contacts[" + CONTACTS_MAX + "]",
                    "too many contacts: at most " + CONTACTS_MAX + " (has " + contacts.size() + ")");
        }
        for (int i = 0; i < contacts.size(); i++) {
            contact(contacts.get(i), "contacts[" + i + "]");
        }
    }

    private void contact(JsonNode contact, String path) {
        if (!contact.isObject()) {
            problem(path, "must be an object");
            return;
        }
        JsonNode name = object(contact, path, "name", true);
        if (name != null) {
            String formatted = string(name, path + ".name", "formatted_name", true);
            if (formatted != null && formatted.isBlank()) {
                problem(path + ".name.formatted_name", "must not be blank");
            }
            for (String field : List.of("first_name", "last_name", "middle_name", "prefix", "suffix")) {
                string(name, path + ".name", field, false);
            }
        }
        objects(contact, path, "phones", "phone", "wa_id", "type");
        objects(contact, path, "emails", "email", "type");
        objects(contact, path, "urls", "url", "type");
        objects(contact, path, "addresses", "street", "city", "state", "zip", "country", "country_code", "type");
        JsonNode org = object(contact, path, "org", false);
        if (org != null) {
            for (String field : List.of("company", "department", "title")) {
                string(org, path + ".org", field, false);
            }
        }
        String birthday = string(contact, path, "birthday", false);
        if (birthday != null && !isDate(birthday)) {
            problem(path + ".birthday", "must be a date as YYYY-MM-DD");
        }
    }

    /** An optional array of objects whose listed fields, when present, are strings. */
    private void objects(JsonNode parent, String parentPath, String name, String... stringFields) {
        JsonNode array = array(parent, parentPath, name, false);
        if (array == null) {
            return;
        }
        for (int i = 0; i < array.size(); i++) {
            String path = join(parentPath, name) + "[" + i + "]";
            JsonNode element = array.get(i);
            if (!element.isObject()) {
                problem(path, "must be an object");
                continue;
            }
            for (String field : stringFields) {
                string(element, path, field, false);
            }
        }
    }

    // ------------------------------------------------------------------ template

    private void template(JsonNode content) {
        JsonNode template = object(content, "", "template", true);
        if (template == null) {
            return;
        }
        if (present(template.get("contentSid"))) {
            twilioTemplate(template);
        } else {
            cloudTemplate(template);
        }
    }

    private void cloudTemplate(JsonNode template) {
        String name = string(template, "template", "name", true);
        if (name != null) {
            if (name.isEmpty()) {
                problem("template.name", "must not be empty");
            } else if (!TEMPLATE_NAME.matcher(name).matches()) {
                problem("template.name", "must use only lowercase letters, digits and underscores");
            } else {
                maxLength("template.name", name, TEMPLATE_NAME_MAX);
            }
        }
        String code = language(template, true);
        if (code != null && !LANGUAGE_CODE.matcher(code).matches()) {
            problem(languagePath(template), "must be a language code such as en or en_US");
        }
        if (present(template.get("contentVariables"))) {
            problem("template.contentVariables", "only applies together with contentSid");
        }
        JsonNode components = array(template, "template", "components", false);
        if (components != null) {
            for (int i = 0; i < components.size(); i++) {
                component(components.get(i), "template.components[" + i + "]");
            }
        }
    }

    private void twilioTemplate(JsonNode template) {
        String sid = string(template, "template", "contentSid", true);
        if (sid != null && !CONTENT_SID.matcher(sid).matches()) {
            problem("template.contentSid", "must be a Twilio Content SID: HX followed by 32 hex digits");
        }
        // With a Content SID the name is only a label (Twilio's friendly_name) and the language is optional.
        string(template, "template", "name", false);
        language(template, false);
        if (present(template.get("components"))) {
            problem("template.components", "can't be combined with contentSid (use contentVariables)");
        }
        JsonNode variables = object(template, "template", "contentVariables", false);
        if (variables == null) {
            return;
        }
        if (variables.size() > TWILIO_VARIABLES_MAX) {
            problem("template.contentVariables",
                    "too many variables: at most " + TWILIO_VARIABLES_MAX + " (has " + variables.size() + ")");
        }
        for (Map.Entry<String, JsonNode> variable : variables.properties()) {
            String path = "template.contentVariables." + variable.getKey();
            if (variable.getKey().isEmpty() || length(variable.getKey()) > TWILIO_VARIABLE_KEY_MAX) {
                problem(path, "variable names must have 1 to " + TWILIO_VARIABLE_KEY_MAX + " characters");
            }
            if (!variable.getValue().isString()) {
                problem(path, "must be a string");
            } else {
                maxLength(path, variable.getValue().stringValue(), TWILIO_VARIABLE_VALUE_MAX);
            }
        }
    }

    /** The language code: {@code "language":"en_US"} or, as in the Cloud API, {@code "language":{"code":"en_US"}}. */
    private String language(JsonNode template, boolean required) {
        JsonNode language = template.get("language");
        if (!present(language)) {
            if (required) {
                problem("template.language", "is required");
            }
            return null;
        }
        if (language.isString()) {
            return language.stringValue();
        }
        if (language.isObject()) {
            String code = string(language, "template.language", "code", true);
            JsonNode policy = language.get("policy");
            if (present(policy) && !(policy.isString() && policy.stringValue().equals("deterministic"))) {
                problem("template.language.policy", "must be \"deterministic\"");
            }
            return code;
        }
        problem("template.language", "must be a language code or an object with a code");
        return null;
    }

    private static String languagePath(JsonNode template) {
        return template.get("language").isObject() ? "template.language.code" : "template.language";
    }

    private void component(JsonNode component, String path) {
        if (!component.isObject()) {
            problem(path, "must be an object");
            return;
        }
        String type = string(component, path, "type", true);
        if (type != null && !TEMPLATE_COMPONENT_TYPES.contains(type)) {
            problem(path + ".type", "must be one of: " + String.join(", ", TEMPLATE_COMPONENT_TYPES));
        }
        if ("button".equals(type)) {
            string(component, path, "sub_type", true);
            buttonIndex(component.get("index"), path + ".index");
        }
        if ("carousel".equals(type)) {
            array(component, path, "cards", true);
        }
        JsonNode parameters = array(component, path, "parameters", false);
        if (parameters != null) {
            for (int i = 0; i < parameters.size(); i++) {
                parameter(parameters.get(i), path + ".parameters[" + i + "]");
            }
        }
    }

    private void buttonIndex(JsonNode index, String path) {
        if (!present(index)) {
            problem(path, "is required");
            return;
        }
        Integer value = null;
        if (index.isIntegralNumber() && index.canConvertToInt()) {
            value = index.intValue();
        } else if (index.isString() && index.stringValue().matches("\\d{1,2}")) {
            value = Integer.parseInt(index.stringValue());
        }
        if (value == null || value > TEMPLATE_BUTTON_INDEX_MAX) {
            problem(path, "must be a button position from 0 to " + TEMPLATE_BUTTON_INDEX_MAX);
        }
    }

    private void parameter(JsonNode parameter, String path) {
        if (!parameter.isObject()) {
            problem(path, "must be an object");
            return;
        }
        String type = string(parameter, path, "type", true);
        if (type == null) {
            return;
        }
        switch (type) {
            case "text" -> {
                String text = string(parameter, path, "text", true);
                if (text != null && text.isBlank()) {
                    problem(path + ".text", "must not be blank");
                }
            }
            case "payload" -> string(parameter, path, "payload", true);
            case "image", "video", "document" -> {
                JsonNode media = object(parameter, path, type, true);
                if (media != null) {
                    mediaSource(media, path + "." + type);
                }
            }
            default -> {
                // currency, date_time, location, action, coupon_code, …: passed to WhatsApp as they are
            }
        }
    }

    // ------------------------------------------------------------------ interactive

    private void interactive(JsonNode content) {
        JsonNode interactive = object(content, "", "interactive", true);
        if (interactive == null) {
            return;
        }
        String type = string(interactive, "interactive", "type", true);
        if (type != null && !INTERACTIVE_TYPES.contains(type)) {
            problem("interactive.type", "must be one of: " + String.join(", ", INTERACTIVE_TYPES));
            type = null;
        }
        // "body: Optional for type product. Required for other message types." (Cloud API interactive object)
        JsonNode body = object(interactive, "interactive", "body", type != null && !type.equals("product"));
        if (body != null) {
            requiredText(body, "interactive.body", "text", INTERACTIVE_BODY_MAX);
        }
        // Multi-product messages need a text header; list messages take a text header only (Meta's list and
        // multi-product pages show only text headers; whatsapp-api-js enforces the same).
        boolean headerRequired = "product_list".equals(type);
        JsonNode header = object(interactive, "interactive", "header", headerRequired);
        if (header != null) {
            header(header, "list".equals(type) || "product_list".equals(type) ? HEADER_TYPES_TEXT : HEADER_TYPES_ALL);
        }
        JsonNode footer = object(interactive, "interactive", "footer", false);
        if (footer != null) {
            requiredText(footer, "interactive.footer", "text", INTERACTIVE_FOOTER_MAX);
        }
        JsonNode action = object(interactive, "interactive", "action", true);
        if (action == null || type == null) {
            return;
        }
        switch (type) {
            case "button" -> replyButtons(action);
            case "list" -> list(action);
            case "cta_url" -> ctaUrl(action);
            case "product" -> {
                string(action, "interactive.action", "catalog_id", true);
                string(action, "interactive.action", "product_retailer_id", true);
            }
            case "product_list" -> productList(action);
            case "flow" -> {
                actionName(action, "flow");
                object(action, "interactive.action", "parameters", true);
            }
            case "catalog_message" -> actionName(action, "catalog_message");
            case "location_request_message" -> actionName(action, "send_location");
            case "call_permission_request" -> actionName(action, "call_permission_request");
            default -> {
            }
        }
    }

    private void header(JsonNode header, List<String> allowedTypes) {
        String type = string(header, "interactive.header", "type", true);
        if (type == null) {
            return;
        }
        if (!allowedTypes.contains(type)) {
            problem("interactive.header.type", "must be one of: " + String.join(", ", allowedTypes));
        } else if (type.equals("text")) {
            requiredText(header, "interactive.header", "text", INTERACTIVE_HEADER_TEXT_MAX);
        } else {
            JsonNode media = object(header, "interactive.header", type, true);
            if (media != null) {
                mediaSource(media, "interactive.header." + type);
            }
        }
    }

    private void replyButtons(JsonNode action) {
        JsonNode buttons = array(action, "interactive.action", "buttons", true);
        if (buttons == null) {
            return;
        }
        if (buttons.isEmpty()) {
            problem("interactive.action.buttons", "must have at least 1 button");
        } else if (buttons.size() > REPLY_BUTTONS_MAX) {
            problem("interactive.action.buttons[" + REPLY_BUTTONS_MAX + "]",
                    "too many buttons: at most " + REPLY_BUTTONS_MAX + " (has " + buttons.size() + ")");
        }
        Map<String, String> ids = new HashMap<>();
        Map<String, String> titles = new HashMap<>();
        for (int i = 0; i < buttons.size(); i++) {
            String path = "interactive.action.buttons[" + i + "]";
            JsonNode button = buttons.get(i);
            if (!button.isObject()) {
                problem(path, "must be an object");
                continue;
            }
            String type = string(button, path, "type", true);
            if (type != null && !type.equals("reply")) {
                problem(path + ".type", "must be \"reply\"");
            }
            JsonNode reply = object(button, path, "reply", true);
            if (reply == null) {
                continue;
            }
            String id = requiredText(reply, path + ".reply", "id", REPLY_BUTTON_ID_MAX);
            if (id != null && !id.isBlank() && !id.equals(id.strip())) {
                problem(path + ".reply.id", "must not start or end with spaces");
            }
            unique(ids, id, path + ".reply.id");
            unique(titles, requiredText(reply, path + ".reply", "title", REPLY_BUTTON_TITLE_MAX),
                    path + ".reply.title");
        }
    }

    private void list(JsonNode action) {
        requiredText(action, "interactive.action", "button", LIST_BUTTON_MAX);
        JsonNode sections = array(action, "interactive.action", "sections", true);
        if (sections == null) {
            return;
        }
        if (sections.isEmpty()) {
            problem("interactive.action.sections", "must have at least 1 section");
        } else if (sections.size() > LIST_SECTIONS_MAX) {
            problem("interactive.action.sections[" + LIST_SECTIONS_MAX + "]",
                    "too many sections: at most " + LIST_SECTIONS_MAX + " (has " + sections.size() + ")");
        }
        int totalRows = 0;
        for (JsonNode section : sections) {
            JsonNode rows = section.isObject() ? section.get("rows") : null;
            totalRows += rows != null && rows.isArray() ? rows.size() : 0;
        }
        Map<String, String> ids = new HashMap<>();
        int row = 0;
        for (int s = 0; s < sections.size(); s++) {
            String path = "interactive.action.sections[" + s + "]";
            JsonNode section = sections.get(s);
            if (!section.isObject()) {
                problem(path, "must be an object");
                continue;
            }
            sectionTitle(section, path, sections.size());
            JsonNode rows = array(section, path, "rows", true);
            if (rows == null) {
                continue;
            }
            if (rows.isEmpty()) {
                // our rule: an empty section shows nothing (Meta's examples always have rows)
                problem(path + ".rows", "must have at least 1 row");
            }
            for (int r = 0; r < rows.size(); r++, row++) {
                String rowPath = path + ".rows[" + r + "]";
                if (row == LIST_ROWS_MAX) {
                    problem(rowPath, "too many rows: at most " + LIST_ROWS_MAX + " across all sections (has "
                            + totalRows + ")");
                }
                JsonNode rowNode = rows.get(r);
                if (!rowNode.isObject()) {
                    problem(rowPath, "must be an object");
                    continue;
                }
                unique(ids, requiredText(rowNode, rowPath, "id", LIST_ROW_ID_MAX), rowPath + ".id");
                requiredText(rowNode, rowPath, "title", LIST_ROW_TITLE_MAX);
                String description = string(rowNode, rowPath, "description", false);
                if (description != null) {
                    maxLength(rowPath + ".description", description, LIST_ROW_DESCRIPTION_MAX);
                }
            }
        }
    }

    private void sectionTitle(JsonNode section, String path, int sectionCount) {
        // "Required if the message has more than one section" (Cloud API section object)
        if (sectionCount > 1) {
            requiredText(section, path, "title", LIST_SECTION_TITLE_MAX);
        } else {
            String title = string(section, path, "title", false);
            if (title != null) {
                text(path + ".title", title, LIST_SECTION_TITLE_MAX);
            }
        }
    }

    private void ctaUrl(JsonNode action) {
        actionName(action, "cta_url");
        JsonNode parameters = object(action, "interactive.action", "parameters", true);
        if (parameters == null) {
            return;
        }
        requiredText(parameters, "interactive.action.parameters", "display_text", CTA_DISPLAY_TEXT_MAX);
        String url = string(parameters, "interactive.action.parameters", "url", true);
        if (url != null) {
            url("interactive.action.parameters.url", url);
        }
    }

    private void productList(JsonNode action) {
        string(action, "interactive.action", "catalog_id", true);
        JsonNode sections = array(action, "interactive.action", "sections", true);
        if (sections == null) {
            return;
        }
        if (sections.isEmpty()) {
            problem("interactive.action.sections", "must have at least 1 section");
        } else if (sections.size() > PRODUCT_LIST_SECTIONS_MAX) {
            problem("interactive.action.sections[" + PRODUCT_LIST_SECTIONS_MAX + "]",
                    "too many sections: at most " + PRODUCT_LIST_SECTIONS_MAX + " (has " + sections.size() + ")");
        }
        int items = 0;
        for (int s = 0; s < sections.size(); s++) {
            String path = "interactive.action.sections[" + s + "]";
            JsonNode section = sections.get(s);
            if (!section.isObject()) {
                problem(path, "must be an object");
                continue;
            }
            sectionTitle(section, path, sections.size());
            JsonNode products = array(section, path, "product_items", true);
            if (products == null) {
                continue;
            }
            if (products.isEmpty()) {
                problem(path + ".product_items", "must have at least 1 product");
            }
            for (int p = 0; p < products.size(); p++, items++) {
                String itemPath = path + ".product_items[" + p + "]";
                if (items == PRODUCT_LIST_ITEMS_MAX) {
                    problem(itemPath, "too many products: at most " + PRODUCT_LIST_ITEMS_MAX + " across all sections");
                }
                if (!products.get(p).isObject()) {
                    problem(itemPath, "must be an object");
                } else {
                    string(products.get(p), itemPath, "product_retailer_id", true);
                }
            }
        }
    }

    private void actionName(JsonNode action, String expected) {
        String name = string(action, "interactive.action", "name", true);
        if (name != null && !name.equals(expected)) {
            problem("interactive.action.name", "must be \"" + expected + "\"");
        }
    }

    // ------------------------------------------------------------------ shared checks

    /** A media reference (content media, header media, template parameter): exactly one of link or id. */
    private void mediaSource(JsonNode media, String path) {
        String link = string(media, path, "link", false);
        String id = string(media, path, "id", false);
        boolean hasLink = present(media.get("link"));
        boolean hasId = present(media.get("id"));
        if (hasLink && hasId) {
            problem(path, "must have either a link or an id, not both");
        } else if (!hasLink && !hasId) {
            problem(path, "needs a link or an id");
        }
        if (link != null) {
            url(path + ".link", link);
        }
        if (id != null && id.isBlank()) {
            problem(path + ".id", "must not be blank");
        }
    }

    private void url(String path, String value) {
        if (!isHttpUrl(value)) {
            problem(path, "must be an absolute http or https URL");
        }
    }

    private void filename(String path, String value) {
        if (value.isBlank()) {
            problem(path, "must not be blank");
        } else if (value.indexOf('/') >= 0 || value.indexOf('\\') >= 0) {
            problem(path, "must be a file name, without a path");
        } else if (value.codePoints().anyMatch(Character::isISOControl)) {
            problem(path, "must not contain control characters");
        } else {
            maxLength(path, value, FILENAME_MAX);
        }
    }

    private void coordinate(JsonNode location, String parentPath, String name, double max) {
        String path = join(parentPath, name);
        JsonNode node = location.get(name);
        if (!present(node)) {
            problem(path, "is required");
            return;
        }
        Double value = number(node);
        if (value == null) {
            problem(path, "must be a number");
        } else if (value < -max || value > max) {
            problem(path, "must be between " + (int) -max + " and " + (int) max);
        }
    }

    /** A required, non-blank string of at most {@code max} characters; returns it (or null if not a string). */
    private String requiredText(JsonNode parent, String parentPath, String name, int max) {
        String value = string(parent, parentPath, name, true);
        if (value != null) {
            text(join(parentPath, name), value, max);
        }
        return value;
    }

    private void text(String path, String value, int max) {
        if (value.isBlank()) {
            problem(path, "must not be blank");
        } else {
            maxLength(path, value, max);
        }
    }

    private void maxLength(String path, String value, int max) {
        int length = length(value);
        if (length > max) {
            problem(path, "must be at most " + max + " characters (has " + length + ")");
        }
    }

    private void unique(Map<String, String> seen, String value, String path) {
        if (value == null || value.isBlank()) {
            return;
        }
        String first = seen.putIfAbsent(value, path);
        if (first != null) {
            problem(path, "must be unique: same as " + first);
        }
    }

    private String string(JsonNode parent, String parentPath, String name, boolean required) {
        JsonNode node = parent.get(name);
        if (!present(node)) {
            if (required) {
                problem(join(parentPath, name), "is required");
            }
            return null;
        }
        if (!node.isString()) {
            problem(join(parentPath, name), "must be a string");
            return null;
        }
        return node.stringValue();
    }

    private JsonNode object(JsonNode parent, String parentPath, String name, boolean required) {
        return container(parent, parentPath, name, required, true);
    }

    private JsonNode array(JsonNode parent, String parentPath, String name, boolean required) {
        return container(parent, parentPath, name, required, false);
    }

    private JsonNode container(JsonNode parent, String parentPath, String name, boolean required, boolean object) {
        JsonNode node = parent.get(name);
        if (!present(node)) {
            if (required) {
                problem(join(parentPath, name), "is required");
            }
            return null;
        }
        if (object ? !node.isObject() : !node.isArray()) {
            problem(join(parentPath, name), object ? "must be an object" : "must be an array");
            return null;
        }
        return node;
    }

    private void problem(String field, String problem) {
        problems.add(new FieldProblem(field, problem));
    }

    // ------------------------------------------------------------------ helpers shared with OutboundContent

    static boolean present(JsonNode node) {
        return node != null && !node.isNull() && !node.isMissingNode();
    }

    static String join(String parentPath, String name) {
        return parentPath.isEmpty() ? name : parentPath + "." + name;
    }

    /** Characters as WhatsApp counts them: Unicode code points (see {@link ContentLimits}). */
    static int length(String value) {
        return value.codePointCount(0, value.length());
    }

    /** A JSON number, or a string holding a decimal number (Meta's own examples quote coordinates); null otherwise. */
    static Double number(JsonNode node) {
        double value;
        if (node.isNumber()) {
            value = node.doubleValue();
        } else if (node.isString()) {
            try {
                value = new BigDecimal(node.stringValue().strip()).doubleValue();
            } catch (NumberFormatException e) {
                return null;
            }
        } else {
            return null;
        }
        return Double.isFinite(value) ? value : null;
    }

    static boolean isHttpUrl(String value) {
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme();
            return uri.isAbsolute() && scheme != null
                    && (scheme.toLowerCase(Locale.ROOT).equals("https") || scheme.toLowerCase(Locale.ROOT).equals("http"))
                    && uri.getHost() != null && !uri.getHost().isBlank();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean isDate(String value) {
        if (!DATE.matcher(value).matches()) {
            return false;
        }
        try {
            LocalDate.parse(value);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /**
     * Exactly one user-perceived character (one extended grapheme cluster: 👍, 👍🏽, 👨‍👩‍👧, 🇩🇪, 1️⃣ are
     * one each) that is an emoji.
     */
    static boolean isSingleEmoji(String value) {
        if (!ONE_GRAPHEME.matcher(value).matches()) {
            return false;
        }
        return value.codePoints().anyMatch(ContentValidator::isEmojiCodePoint);
    }

    /**
     * Code points that make a grapheme an emoji: the pictographic blocks, regional indicators (flags), the
     * emoji variation selector (❤️, ©️) and the keycap mark (1️⃣). Java 17 has no {@code Character.isEmoji}.
     */
    private static boolean isEmojiCodePoint(int cp) {
        return (cp >= 0x1F000 && cp <= 0x1FAFF) // mahjong … symbols & pictographs extended-A, incl. flags
                || (cp >= 0x2600 && cp <= 0x27BF) // miscellaneous symbols, dingbats
                || (cp >= 0x2300 && cp <= 0x23FF) // ⌚ ⌛ ⏰ …
                || (cp >= 0x2B00 && cp <= 0x2BFF) // ⬆ ⭐ ⭕ …
                || (cp >= 0x2190 && cp <= 0x21FF) // ↔ ↩ …
                || (cp >= 0x25A0 && cp <= 0x25FF) // ▶ ◀ ◻ …
                || cp == 0x2934 || cp == 0x2935 || cp == 0x3030 || cp == 0x303D || cp == 0x3297 || cp == 0x3299
                || cp == 0x00A9 || cp == 0x00AE || cp == 0x203C || cp == 0x2049 || cp == 0x2122 || cp == 0x2139
                || cp == 0x24C2
                || cp == 0xFE0F // emoji presentation selector
                || cp == 0x20E3; // combining enclosing keycap
    }
}
