package dev.switchboard.outbound.clients;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the providers' APIs are: Meta's Graph API, Twilio's REST API and 360dialog's Cloud API proxy, or the local
 * sandbox.
 *
 * @param graph     {@code switchboard.graph.base-url} ({@code SWITCHBOARD_GRAPH_BASE_URL})
 * @param twilio    {@code switchboard.twilio.base-url} ({@code SWITCHBOARD_TWILIO_BASE_URL})
 * @param dialog360 {@code switchboard.dialog360.base-url} ({@code SWITCHBOARD_DIALOG360_BASE_URL}): for 360dialog
 *                  channels that name no base URL of their own
 */
@ConfigurationProperties("switchboard")
public record ProviderEndpoints(Endpoint graph, Endpoint twilio, Endpoint dialog360) {

    public record Endpoint(URI baseUrl) {
    }

    public ProviderEndpoints {
        requireHttpUrl(graph, "switchboard.graph.base-url (SWITCHBOARD_GRAPH_BASE_URL)");
        requireHttpUrl(twilio, "switchboard.twilio.base-url (SWITCHBOARD_TWILIO_BASE_URL)");
        requireHttpUrl(dialog360, "switchboard.dialog360.base-url (SWITCHBOARD_DIALOG360_BASE_URL)");
    }

    private static void requireHttpUrl(Endpoint endpoint, String name) {
        URI url = endpoint == null ? null : endpoint.baseUrl();
        if (url == null || !url.isAbsolute() || url.getHost() == null
                || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
            throw new IllegalArgumentException(name + " must be an absolute http(s) URL, but is " + url);
        }
    }

    public URI graphBaseUrl() {
        return graph.baseUrl();
    }

    public URI twilioBaseUrl() {
        return twilio.baseUrl();
    }

    public URI dialog360BaseUrl() {
        return dialog360.baseUrl();
    }
}
