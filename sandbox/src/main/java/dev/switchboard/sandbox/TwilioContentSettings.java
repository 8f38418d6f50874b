package dev.switchboard.sandbox;

import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code switchboard.sandbox.twilio-content.<AccountSid>}: a Twilio account's Content API templates; an account
 * without an entry has {@code TwilioContent}'s demo templates.
 *
 * @param twilioContent per account SID, its templates
 */
@ConfigurationProperties("switchboard.sandbox")
public record TwilioContentSettings(Map<String, List<Template>> twilioContent) {

    public TwilioContentSettings {
        twilioContent = twilioContent == null ? Map.of() : Map.copyOf(twilioContent);
    }

    /**
     * One Content template with its WhatsApp approval.
     *
     * @param sid          HX + 32 hex (default: derived from the account and name)
     * @param friendlyName its name
     * @param language     e.g. en
     * @param body         the {@code twilio/text} body, with {@code {{1}}} placeholders
     * @param variables    the placeholders' sample values ({@code {"1":"Ana"}})
     * @param status       WhatsApp approval: approved (default), pending, rejected, paused, …
     * @param category     UTILITY (default), MARKETING, AUTHENTICATION
     */
    public record Template(String sid, String friendlyName, String language, String body,
                           Map<String, String> variables, String status, String category) {
    }
}
