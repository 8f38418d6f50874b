package dev.switchboard.ticket.channel;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where ticket-service reaches the providers' APIs ({@code switchboard.providers.*}): the channel registry for
 * onboarding and health checks, the template sync for catalogues. One place, so both call the same hosts. Without a
 * trailing slash.
 *
 * @param graphBaseUrl           Meta's Graph API ({@code SWITCHBOARD_GRAPH_BASE_URL})
 * @param graphApiVersion        its version, unless a channel names one ({@code SWITCHBOARD_GRAPH_VERSION})
 * @param twilioBaseUrl          Twilio's REST API ({@code SWITCHBOARD_TWILIO_BASE_URL})
 * @param twilioMessagingBaseUrl Twilio's Senders API ({@code SWITCHBOARD_TWILIO_MESSAGING_BASE_URL})
 * @param twilioContentBaseUrl   Twilio's Content API ({@code SWITCHBOARD_TWILIO_CONTENT_BASE_URL})
 * @param dialog360BaseUrl       360dialog's Cloud API proxy, unless a channel names one
 *                               ({@code SWITCHBOARD_DIALOG360_BASE_URL})
 */
@ConfigurationProperties("switchboard.providers")
public record ProviderUrls(@DefaultValue("https://graph.facebook.com") String graphBaseUrl,
                           @DefaultValue("v27.0") String graphApiVersion,
                           @DefaultValue("https://api.twilio.com") String twilioBaseUrl,
                           @DefaultValue("https://messaging.twilio.com") String twilioMessagingBaseUrl,
                           @DefaultValue("https://content.twilio.com") String twilioContentBaseUrl,
                           @DefaultValue("https://waba-v2.360dialog.io") String dialog360BaseUrl) {

    public ProviderUrls {
        graphBaseUrl = withoutTrailingSlash(graphBaseUrl);
        twilioBaseUrl = withoutTrailingSlash(twilioBaseUrl);
        twilioMessagingBaseUrl = withoutTrailingSlash(twilioMessagingBaseUrl);
        twilioContentBaseUrl = withoutTrailingSlash(twilioContentBaseUrl);
        dialog360BaseUrl = withoutTrailingSlash(dialog360BaseUrl);
    }

    public static String withoutTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
