package dev.switchboard.sandbox.webhook;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.switchboard.sandbox.channel.Channel;
import dev.switchboard.sandbox.channel.Provider;

/**
 * Where a channel's webhooks go, as the provider decides it:
 * <ul>
 * <li>360dialog: the URL (and headers) set with {@code POST /360dialog/v1/configs/webhook}, unsigned (360dialog
 * signs nothing);</li>
 * <li>Meta: the {@code override_callback_uri} its WABA was subscribed with (verified first), else, for a channel of
 * the channel file, ingress's {@code /webhooks/whatsapp/{channelId}}; signed with the app secret. An account of
 * {@code switchboard.sandbox.accounts} has no other callback URL: its webhooks go nowhere until subscribed;</li>
 * <li>Twilio: the channel's public URL (status callbacks: the send's StatusCallback, else it + /status).</li>
 * </ul>
 */
public final class WebhookRoutes {

    /**
     * Where one webhook goes.
     *
     * @param url       the URL
     * @param appSecret Meta's signing key; null: not signed (360dialog)
     * @param headers   further headers to send (360dialog's configured ones)
     */
    public record Route(String url, String appSecret, Map<String, String> headers) {
    }

    /**
     * A 360dialog number's webhook.
     *
     * @param url     where its webhooks go
     * @param headers sent with each one
     */
    public record Dialog360Webhook(String url, Map<String, String> headers) {
    }

    private final String ingressBase;
    private final Map<String, String> overrides = new ConcurrentHashMap<>();
    private final Map<String, Dialog360Webhook> dialog360 = new ConcurrentHashMap<>();

    /** @param ingressBase ingress's base URL, without a trailing slash */
    public WebhookRoutes(String ingressBase) {
        this.ingressBase = ingressBase;
    }

    /** From now on the WABA's webhooks go to this URL (a verified {@code override_callback_uri}). */
    public void override(String wabaId, String url) {
        overrides.put(wabaId, url);
    }

    /** The WABA's override is gone (its app unsubscribed). */
    public void removeOverride(String wabaId) {
        overrides.remove(wabaId);
    }

    public Optional<String> overrideOf(String wabaId) {
        return Optional.ofNullable(wabaId == null ? null : overrides.get(wabaId));
    }

    public void dialog360(String channelId, Dialog360Webhook webhook) {
        dialog360.put(channelId, webhook);
    }

    public Optional<Dialog360Webhook> dialog360Of(String channelId) {
        return Optional.ofNullable(dialog360.get(channelId));
    }

    /** Where the channel's Cloud API webhooks go; empty when nowhere (see {@link #whyNone}). */
    public Optional<Route> meta(Channel channel) {
        if (channel.dialog360()) {
            return dialog360Of(channel.id()).map(w -> new Route(w.url(), null, w.headers()));
        }
        Optional<String> override = overrideOf(channel.meta().wabaId());
        if (override.isPresent()) {
            return Optional.of(new Route(override.get(), channel.meta().appSecret(), Map.of()));
        }
        return channel.fromFile() ? Optional.of(new Route(ingressBase + "/webhooks/whatsapp/" + channel.id(),
                channel.meta().appSecret(), Map.of())) : Optional.empty();
    }

    /** Why a channel's webhooks go nowhere, and what to call so that they go somewhere. */
    public String whyNone(Channel channel) {
        if (channel.dialog360()) {
            return "360dialog account " + channel.id() + " has no webhook URL yet: set one with POST"
                    + " /360dialog/v1/configs/webhook {\"url\":…} and its D360-API-KEY";
        }
        if (channel.provider() == Provider.TWILIO) {
            return "Twilio account " + channel.id() + " has no public-url (switchboard.sandbox.accounts."
                    + channel.id() + ".public-url): Twilio does not know where its messages go";
        }
        return "account " + channel.id() + " (WABA " + channel.meta().wabaId() + ") has no webhook yet: subscribe"
                + " the app with POST /v23.0/" + channel.meta().wabaId() + "/subscribed_apps"
                + " {\"override_callback_uri\":…,\"verify_token\":…} and its access token, as a channel admin API does";
    }
}
