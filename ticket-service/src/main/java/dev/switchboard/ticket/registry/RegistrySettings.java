package dev.switchboard.ticket.registry;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import dev.switchboard.ticket.channel.ProviderUrls;

/**
 * The channel registry's settings ({@code switchboard.registry.*}, README "Channel registry"); the providers' base URLs
 * are {@link dev.switchboard.ticket.channel.ProviderUrls}.
 *
 * @param publicWebhookUrl       ingress as Meta, Twilio and 360dialog reach it ({@code SWITCHBOARD_PUBLIC_WEBHOOK_URL});
 *                               the callback URLs handed to providers and admins are built from it
 * @param healthInterval         how often each registry channel's credentials and numbers are checked
 * @param providerTimeout        how long one provider call may take
 * @param publishWait            how long a create waits to see its channel on the channels topic before it asks
 *                               Meta to subscribe (Meta verifies the callback, so ingress must know the channel)
 */
@ConfigurationProperties("switchboard.registry")
public record RegistrySettings(URI publicWebhookUrl,
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
        return ProviderUrls.withoutTrailingSlash(uri.toString());
    }
}
