package dev.switchboard.ticket.content;

import static dev.switchboard.ticket.content.ContentLimits.TEMPLATE_BUTTON_INDEX_MAX;
import static dev.switchboard.ticket.content.ContentLimits.TEMPLATE_NAME_MAX;
import static dev.switchboard.ticket.content.Problems.present;

import java.util.List;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

/**
 * {@code {"type":"template","template":{"name","language","components":[…Cloud API…]}}}; a template with a
 * {@code contentSid} is a Twilio one ({@link TwilioTemplateRule}).
 */
record TemplateRule(Problems problems) {

    /** Send-time template component types: header/body/footer/button, plus carousel and limited-time-offer templates. */
    static final List<String> COMPONENT_TYPES = List.of("header", "body", "footer", "button", "carousel",
            "limited_time_offer");

    private static final Pattern NAME = Pattern.compile("[a-z0-9_]+");
    /** Meta's template languages: {@code en}, {@code en_US}, {@code fil}, {@code zh_CN}, … */
    private static final Pattern LANGUAGE_CODE = Pattern.compile("[a-z]{2,3}(_[A-Z]{2})?");


    void check(JsonNode template) {
        if (present(template.get("contentSid"))) {
            new TwilioTemplateRule(problems).check(template);
        } else {
            cloudTemplate(template);
        }
    }

    private void cloudTemplate(JsonNode template) {
        String name = problems.string(template, "template", "name", true);
        if (name != null) {
            if (name.isEmpty()) {
                problems.add("template.name", "must not be empty");
            } else if (!NAME.matcher(name).matches()) {
                problems.add("template.name", "must use only lowercase letters, digits and underscores");
            } else {
                problems.maxLength("template.name", name, TEMPLATE_NAME_MAX);
            }
        }
        String code = language(problems, template, true);
        if (code != null && !LANGUAGE_CODE.matcher(code).matches()) {
            String path = template.get("language").isObject() ? "template.language.code" : "template.language";
            problems.add(path, "must be a language code such as en or en_US");
        }
        if (present(template.get("contentVariables"))) {
            problems.add("template.contentVariables", "only applies together with contentSid");
        }
        JsonNode components = problems.array(template, "template", "components", false);
        if (components != null) {
            problems.eachObject(components, "template.components", this::component);
        }
    }

    /** The language code: {@code "language":"en_US"} or, as in the Cloud API, {@code "language":{"code":"en_US"}}. */
    static String language(Problems problems, JsonNode template, boolean required) {
        JsonNode language = template.get("language");
        if (!present(language)) {
            if (required) {
                problems.add("template.language", "is required");
            }
            return null;
        }
        if (language.isString()) {
            return language.stringValue();
        }
        if (language.isObject()) {
            String code = problems.string(language, "template.language", "code", true);
            JsonNode policy = language.get("policy");
            if (present(policy) && !(policy.isString() && policy.stringValue().equals("deterministic"))) {
                problems.add("template.language.policy", "must be \"deterministic\"");
            }
            return code;
        }
        problems.add("template.language", "must be a language code or an object with a code");
        return null;
    }

    private void component(JsonNode component, String path) {
        String type = problems.string(component, path, "type", true);
        if (type != null && !COMPONENT_TYPES.contains(type)) {
            problems.add(path + ".type", "must be one of: " + String.join(", ", COMPONENT_TYPES));
        }
        if ("button".equals(type)) {
            problems.string(component, path, "sub_type", true);
            buttonIndex(component.get("index"), path + ".index");
        }
        if ("carousel".equals(type)) {
            problems.array(component, path, "cards", true);
        }
        JsonNode parameters = problems.array(component, path, "parameters", false);
        if (parameters != null) {
            problems.eachObject(parameters, path + ".parameters", this::parameter);
        }
    }

    private void buttonIndex(JsonNode index, String path) {
        if (!present(index)) {
            problems.add(path, "is required");
            return;
        }
        Integer value = null;
        if (index.isIntegralNumber() && index.canConvertToInt()) {
            value = index.intValue();
        } else if (index.isString() && index.stringValue().matches("\\d{1,2}")) {
            value = Integer.parseInt(index.stringValue());
        }
        if (value == null || value > TEMPLATE_BUTTON_INDEX_MAX) {
            problems.add(path, "must be a button position from 0 to " + TEMPLATE_BUTTON_INDEX_MAX);
        }
    }

    private void parameter(JsonNode parameter, String path) {
        String type = problems.string(parameter, path, "type", true);
        if (type == null) {
            return;
        }
        switch (type) {
            case "text" -> problems.nonBlank(parameter, path, "text", true);
            case "payload" -> problems.string(parameter, path, "payload", true);
            case "image", "video", "document" -> new MediaRule(problems).reference(parameter, path, type);
            default -> {
                // currency, date_time, location, action, coupon_code, …: passed to WhatsApp as they are
            }
        }
    }
}
