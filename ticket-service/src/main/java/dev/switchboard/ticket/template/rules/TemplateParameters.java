package dev.switchboard.ticket.template.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

/**
 * The parameters a send of a template must carry, derived from the components Meta (or 360dialog) lists, or from
 * Twilio's variables.
 *
 * @param header  the header, or null when the template has none
 * @param body    the body's variables
 * @param buttons every button, in order, with the parameter a send gives it (null: none)
 * @param checked false for carousel and limited-time-offer templates, whose cards are not checked
 */
public record TemplateParameters(Header header, Body body, List<Button> buttons, boolean checked) {

    /** {@code {{1}}}, {@code {{ first_name }}}. */
    private static final Pattern VARIABLE = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_]+)\\s*}}");

    /**
     * @param format TEXT, IMAGE, VIDEO, DOCUMENT, LOCATION, …
     * @param count  parameters a send gives it: 1 for a media or location header, 0 or 1 for a text one
     * @param names  the named variable of a TEXT header (NAMED format), else empty
     */
    public record Header(String format, int count, List<String> names) {

        /** The parameter type a send gives: text, image, video, document, location; null when it takes none. */
        public String parameterType() {
            return count == 0 ? null : format.toLowerCase(Locale.ROOT);
        }

        public boolean media() {
            return List.of("IMAGE", "VIDEO", "DOCUMENT").contains(format);
        }
    }

    /**
     * @param count the body's distinct variables
     * @param names their names when the template's parameters are named (or Twilio's variables), else empty
     */
    public record Body(int count, List<String> names) {
    }

    /**
     * @param index     the button's position (what a send's button component names)
     * @param type      Meta's button type: URL, QUICK_REPLY, COPY_CODE, OTP, PHONE_NUMBER, FLOW, …
     * @param subType   the send's {@code sub_type} for it (url, quick_reply, copy_code, flow, …); null: takes none
     * @param parameter the send's parameter type (text, payload, coupon_code, action); null: takes none
     * @param required  whether a send must give it (a dynamic URL suffix, a code) or may (a quick reply's payload)
     */
    public record Button(int index, String type, String subType, String parameter, boolean required) {
    }

    static TemplateParameters of(Template template) {
        if (template.source() == Template.Source.TWILIO) {
            List<String> names = new ArrayList<>();
            if (template.variables() != null && template.variables().isObject()) {
                template.variables().properties().forEach(variable -> names.add(variable.getKey()));
            }
            return new TemplateParameters(null, new Body(names.size(), names), List.of(), true);
        }
        Header header = null;
        Body body = new Body(0, List.of());
        List<Button> buttons = new ArrayList<>();
        boolean checked = true;
        JsonNode components = template.components();
        if (components != null && components.isArray()) {
            for (JsonNode component : components) {
                String type = upper(component.path("type").asString(""));
                switch (type) {
                    case "HEADER" -> header = header(component);
                    case "BODY" -> {
                        List<String> variables = variables(component.path("text").asString(""));
                        body = new Body(variables.size(), template.named() || named(variables) ? variables : List.of());
                    }
                    case "BUTTONS" -> {
                        JsonNode list = component.path("buttons");
                        for (int i = 0; i < list.size(); i++) {
                            buttons.add(button(i, list.get(i)));
                        }
                    }
                    case "CAROUSEL", "LIMITED_TIME_OFFER" -> checked = false;
                    default -> {
                        // FOOTER and others take no parameters
                    }
                }
            }
        }
        return new TemplateParameters(header, body, List.copyOf(buttons), checked);
    }

    private static Header header(JsonNode component) {
        String format = upper(component.path("format").asString("TEXT"));
        if (format.equals("TEXT")) {
            List<String> variables = variables(component.path("text").asString(""));
            return new Header(format, variables.size(), named(variables) ? variables : List.of());
        }
        // IMAGE, VIDEO, DOCUMENT and LOCATION headers take their media or place at send time.
        return new Header(format, 1, List.of());
    }

    private static Button button(int index, JsonNode button) {
        String type = upper(button.path("type").asString(""));
        return switch (type) {
            case "URL" -> variables(button.path("url").asString("")).isEmpty()
                    ? new Button(index, type, null, null, false)
                    : new Button(index, type, "url", "text", true);
            case "QUICK_REPLY" -> new Button(index, type, "quick_reply", "payload", false);
            case "COPY_CODE" -> new Button(index, type, "copy_code", "coupon_code", true);
            // Authentication templates: the code goes in as the button's text parameter (sub_type url).
            case "OTP" -> new Button(index, type, "url", "text", true);
            case "FLOW" -> new Button(index, type, "flow", "action", false);
            case "CATALOG" -> new Button(index, type, "catalog", "action", false);
            case "MPM" -> new Button(index, type, "mpm", "action", true);
            default -> new Button(index, type, null, null, false);
        };
    }

    /** The distinct variables of a text, in order of appearance. */
    static List<String> variables(String text) {
        Set<String> found = new LinkedHashSet<>();
        Matcher matcher = VARIABLE.matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return List.copyOf(found);
    }

    /** Named variables ({@code {{first_name}}}) rather than positional ones ({@code {{1}}}). */
    private static boolean named(List<String> variables) {
        return variables.stream().anyMatch(v -> !v.matches("\\d+"));
    }

    private static String upper(String value) {
        return value.toUpperCase(Locale.ROOT);
    }

    /**
     * The API's view: {@code {"header":{"format","count"},"body":{"count"} or {"count","names"},
     * "buttons":[{"index","type","parameter"}]}}.
     */
    public Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>();
        if (header != null) {
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("format", header.format());
            h.put("count", header.count());
            if (!header.names().isEmpty()) {
                h.put("names", header.names());
            }
            out.put("header", h);
        } else {
            out.put("header", null);
        }
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("count", body.count());
        if (!body.names().isEmpty()) {
            b.put("names", body.names());
        }
        out.put("body", b);
        out.put("buttons", buttons.stream().map(button -> {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("index", button.index());
            one.put("type", button.type());
            one.put("subType", button.subType());
            one.put("parameter", button.parameter());
            one.put("required", button.required());
            return one;
        }).toList());
        return out;
    }
}
