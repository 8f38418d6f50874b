package dev.switchboard.ticket.content;

import static dev.switchboard.ticket.content.ContentLimits.TWILIO_VARIABLES_MAX;
import static dev.switchboard.ticket.content.ContentLimits.TWILIO_VARIABLE_KEY_MAX;
import static dev.switchboard.ticket.content.ContentLimits.TWILIO_VARIABLE_VALUE_MAX;
import static dev.switchboard.ticket.content.Problems.present;

import java.util.Map;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

/** {@code {"type":"template","template":{"contentSid":"HX…","contentVariables":{"1":"Jane"}}}} (Twilio channels). */
record TwilioTemplateRule(Problems problems) {

    /** Twilio Content SID: {@code ^HX[0-9a-fA-F]{32}$} (Twilio Content API resource). */
    private static final Pattern CONTENT_SID = Pattern.compile("HX[0-9a-fA-F]{32}");


    /** Checks the template object (with a present {@code contentSid}). */
    void check(JsonNode template) {
        String sid = problems.string(template, "template", "contentSid", true);
        if (sid != null && !CONTENT_SID.matcher(sid).matches()) {
            problems.add("template.contentSid", "must be a Twilio Content SID: HX followed by 32 hex digits");
        }
        // With a Content SID the name is only a label (Twilio's friendly_name) and the language is optional.
        problems.string(template, "template", "name", false);
        TemplateRule.language(problems, template, false);
        if (present(template.get("components"))) {
            problems.add("template.components", "can't be combined with contentSid (use contentVariables)");
        }
        JsonNode variables = problems.object(template, "template", "contentVariables", false);
        if (variables == null) {
            return;
        }
        if (variables.size() > TWILIO_VARIABLES_MAX) {
            problems.add("template.contentVariables",
                    "too many variables: at most " + TWILIO_VARIABLES_MAX + " (has " + variables.size() + ")");
        }
        for (Map.Entry<String, JsonNode> variable : variables.properties()) {
            String path = "template.contentVariables." + variable.getKey();
            if (variable.getKey().isEmpty() || Problems.length(variable.getKey()) > TWILIO_VARIABLE_KEY_MAX) {
                problems.add(path, "variable names must have 1 to " + TWILIO_VARIABLE_KEY_MAX + " characters");
            }
            if (!variable.getValue().isString()) {
                problems.add(path, "must be a string");
            } else {
                problems.maxLength(path, variable.getValue().stringValue(), TWILIO_VARIABLE_VALUE_MAX);
            }
        }
    }
}
