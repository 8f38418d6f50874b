package dev.switchboard.ticket.template.rules;

import java.util.Locale;

import tools.jackson.databind.JsonNode;

/**
 * One template of a channel's catalogue, as its provider listed it.
 *
 * @param id              Meta's template id; Twilio's Content SID; 360dialog's id, else {@code name:language}
 * @param source          whose listing it comes from (how components and variables read)
 * @param name            Meta's name; Twilio's friendly name
 * @param language        en_US, de, …; "" when the provider gives none
 * @param category        MARKETING, UTILITY, AUTHENTICATION, … (may be null)
 * @param status          upper case: APPROVED, PENDING, REJECTED, PAUSED, DISABLED, …
 * @param reason          why it was rejected, paused or disabled (null when none)
 * @param parameterFormat POSITIONAL or NAMED (Meta's parameter_format); null: positional
 * @param components      Meta's components array; Twilio's {@code types} object
 * @param variables       Twilio's variables object ({@code {"1": "example"}}); null for Meta and 360dialog
 */
public record Template(String id, Source source, String name, String language, String category, String status,
                       String reason, String parameterFormat, JsonNode components, JsonNode variables) {

    public static final String APPROVED = "APPROVED";

    /** Where a catalogue comes from. */
    public enum Source {
        META, DIALOG360, TWILIO;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Source ofWire(String value) {
            return valueOf(value.toUpperCase(Locale.ROOT));
        }
    }

    public boolean approved() {
        return APPROVED.equals(status);
    }

    public boolean named() {
        return "NAMED".equalsIgnoreCase(parameterFormat);
    }

    /** What parameters a send of this template must carry, derived from its components (or Twilio's variables). */
    public TemplateParameters parameters() {
        return TemplateParameters.of(this);
    }

    /** {@code order_update (en_US)}: how problems name it. */
    public String label() {
        return language.isEmpty() ? name : name + " (" + language + ")";
    }

    /**
     * The status after one of Meta's {@code message_template_status_update} events: the event names the new status,
     * except REINSTATED (approved again) and FLAGGED (a warning: the template stays sendable until Meta pauses or
     * disables it), which keeps the status: then null.
     */
    public static String statusAfterEvent(String event) {
        String upper = event == null ? "" : event.trim().toUpperCase(Locale.ROOT);
        return switch (upper) {
            case "REINSTATED" -> APPROVED;
            case "FLAGGED", "" -> null;
            default -> upper;
        };
    }
}
