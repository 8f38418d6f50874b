package dev.switchboard.ticket.template;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How template catalogues are synced ({@code switchboard.templates.*}); where the providers are is
 * {@link dev.switchboard.ticket.channel.ProviderUrls}.
 *
 * @param syncInterval         every channel's catalogue is synced this often (and at start, on a channel change, on
 *                             request and on a status event for an unknown template)
 * @param requestTimeout       one listing request's limit
 */
@ConfigurationProperties("switchboard.templates")
public record TemplateSettings(@DefaultValue("1h") Duration syncInterval,
                               @DefaultValue("20s") Duration requestTimeout) {

    public TemplateSettings {
        if (syncInterval.isZero() || syncInterval.isNegative()) {
            throw new IllegalArgumentException("switchboard.templates.sync-interval must be positive, not " + syncInterval);
        }
    }
}
