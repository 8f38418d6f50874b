package dev.switchboard.ticket.template;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How template catalogues are synced ({@code switchboard.templates.*}).
 *
 * @param syncInterval         every channel's catalogue is synced this often (and at start, on a channel change, on
 *                             request and on a status event for an unknown template)
 * @param graphBaseUrl         Meta's Graph API ({@code SWITCHBOARD_GRAPH_BASE_URL})
 * @param graphVersion         its version, unless the channel names one ({@code SWITCHBOARD_GRAPH_VERSION})
 * @param dialog360BaseUrl     360dialog's API, unless the channel names one ({@code SWITCHBOARD_DIALOG360_BASE_URL})
 * @param twilioContentBaseUrl Twilio's Content API ({@code SWITCHBOARD_TWILIO_CONTENT_BASE_URL})
 * @param requestTimeout       one listing request's limit
 */
@ConfigurationProperties("switchboard.templates")
public record TemplateSettings(@DefaultValue("1h") Duration syncInterval,
                               @DefaultValue("https://graph.facebook.com") String graphBaseUrl,
                               @DefaultValue("v23.0") String graphVersion,
                               @DefaultValue("https://waba-v2.360dialog.io") String dialog360BaseUrl,
                               @DefaultValue("https://content.twilio.com") String twilioContentBaseUrl,
                               @DefaultValue("20s") Duration requestTimeout) {

    public TemplateSettings {
        if (syncInterval.isZero() || syncInterval.isNegative()) {
            throw new IllegalArgumentException("switchboard.templates.sync-interval must be positive, not " + syncInterval);
        }
        graphBaseUrl = trimSlash(graphBaseUrl);
        dialog360BaseUrl = trimSlash(dialog360BaseUrl);
        twilioContentBaseUrl = trimSlash(twilioContentBaseUrl);
    }

    static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
