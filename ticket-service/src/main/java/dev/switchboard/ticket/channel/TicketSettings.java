package dev.switchboard.ticket.channel;

import java.util.List;
import java.util.Locale;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param optOutKeywords a customer message that is exactly one of these (ignoring case and surrounding space) stops
 *                       business-initiated messages and reminders to that customer
 * @param optInKeywords  … and one of these starts them again
 * @param agentApiToken  the bearer token of the agent API ({@code SWITCHBOARD_AGENT_API_TOKEN})
 */
@ConfigurationProperties("switchboard.ticket")
public record TicketSettings(@DefaultValue({"STOP", "UNSUBSCRIBE"}) List<String> optOutKeywords,
                             @DefaultValue("START") List<String> optInKeywords,
                             String agentApiToken) {

    public TicketSettings {
        optOutKeywords = optOutKeywords.stream().map(k -> k.trim().toUpperCase(Locale.ROOT)).toList();
        optInKeywords = optInKeywords.stream().map(k -> k.trim().toUpperCase(Locale.ROOT)).toList();
        if (agentApiToken == null || agentApiToken.length() < 8) {
            throw new IllegalArgumentException("switchboard.ticket.agent-api-token (SWITCHBOARD_AGENT_API_TOKEN) must be"
                    + " set to a secret of at least 8 characters: agents authenticate with it");
        }
    }

    public boolean isOptOut(String text) {
        return text != null && optOutKeywords.contains(text.trim().toUpperCase(Locale.ROOT));
    }

    public boolean isOptIn(String text) {
        return text != null && optInKeywords.contains(text.trim().toUpperCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return "TicketSettings[optOutKeywords=" + optOutKeywords + ", optInKeywords=" + optInKeywords
                + ", agentApiToken=******]";
    }
}
