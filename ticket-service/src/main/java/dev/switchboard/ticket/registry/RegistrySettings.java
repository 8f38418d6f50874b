package dev.switchboard.ticket.registry;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The channel registry's settings ({@code switchboard.registry.*}, README "Channel registry").
 *
 * @param publicWebhookUrl       ingress as Meta, Twilio and 360dialog reach it ({@code SWITCHBOARD_PUBLIC_WEBHOOK_URL});
 *                               the callback URLs handed to providers and admins are built from it
 * @param graphBaseUrl           Meta's Graph API ({@code SWITCHBOARD_GRAPH_BASE_URL})
 * @param graphApiVersion        the Graph API version of the onboarding and health calls
 * @param twilioBaseUrl          Twilio's REST API ({@code SWITCHBOARD_TWILIO_BASE_URL})
 * @param twilioMessagingBaseUrl Twilio's Senders API ({@code SWITCHBOARD_TWILIO_MESSAGING_BASE_URL})
 * @param dialog360BaseUrl       360dialog's Cloud API proxy ({@code SWITCHBOARD_DIALOG360_BASE_URL})
 * @param healthInterval         how often each registry channel's credentials and numbers are checked
 * @param providerTimeout        how long one provider call may take
 * @param publishWait            how long a create waits to see its channel on the channels topic before it asks
 *                               Meta to subscribe (Meta verifies the callback, so ingress must know the channel)
 */
@ConfigurationProperties("switchboard.registry")
public record RegistrySettings(URI publicWebhookUrl,
                               @DefaultValue("https://graph.facebook.com") URI graphBaseUrl,
                               @DefaultValue("v23.0") String graphApiVersion,
                               @DefaultValue("https://api.twilio.com") URI twilioBaseUrl,
                               @DefaultValue("https://messaging.twilio.com") URI twilioMessagingBaseUrl,
                               @DefaultValue("https://waba-v2.360dialog.io") URI dialog360BaseUrl,
                               @DefaultValue("15m") Duration healthInterval,
                               @DefaultValue("20s") Duration providerTimeout,
                               @DefaultValue("15s") Duration publishWait) {

    public RegistrySettings {
        if (healthInterval.isZero() || healthInterval.isNegative()) {
            throw new IllegalArgumentException("switchboard.registry.health-interval must be positive, not " + healthInterval);
        }
        if (publicWebhookUrl != null && publicWebhookUrl.toString().isBlank()) {
            publicWebhookUrl = null;
        }
    }

    /** Without a trailing slash. */
    static String base(URI uri) {
        String text = uri.toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    /**
     * The admin API's bearer tokens ({@code switchboard.admin.tokens}, {@code SWITCHBOARD_ADMIN_TOKEN}, comma-separated
     * to rotate): never agent tokens.
     */
    @ConfigurationProperties("switchboard.admin")
    public record Admin(List<String> tokens) {

        public Admin {
            tokens = tokens == null ? List.of() : tokens.stream().map(String::trim).filter(t -> !t.isEmpty()).toList();
        }

        @Override
        public String toString() {
            return "Admin[tokens=" + tokens.size() + "]";
        }
    }
}
