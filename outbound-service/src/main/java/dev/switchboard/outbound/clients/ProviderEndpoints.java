package dev.switchboard.outbound.clients;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.switchboard.outbound.channel.GraphVersions;

/**
 * Where the providers' APIs are: Meta's Graph API, Twilio's REST API and 360dialog's Cloud API proxy, or the local
 * sandbox.
 *
 * @param graph     {@code switchboard.graph.base-url} ({@code SWITCHBOARD_GRAPH_BASE_URL}) and
 *                  {@code switchboard.graph.version} ({@code SWITCHBOARD_GRAPH_VERSION}: the Graph API version of Meta
 *                  channels that name none; default {@value GraphVersions#DEFAULT})
 * @param twilio    {@code switchboard.twilio.base-url} ({@code SWITCHBOARD_TWILIO_BASE_URL})
 * @param dialog360 {@code switchboard.dialog360.base-url} ({@code SWITCHBOARD_DIALOG360_BASE_URL}): for 360dialog
 *                  channels that name no base URL of their own
 */
@ConfigurationProperties("switchboard")
public record ProviderEndpoints(Endpoint graph, Endpoint twilio, Endpoint dialog360) {

    /** @param version only the Graph API's: null means {@value GraphVersions#DEFAULT} */
    public record Endpoint(URI baseUrl, String version) {
    }

    public ProviderEndpoints {
        requireHttpUrl(graph, "switchboard.graph.base-url (SWITCHBOARD_GRAPH_BASE_URL)");
        if (graph.version() != null && !GraphVersions.isVersion(graph.version())) {
            throw new IllegalArgumentException("switchboard.graph.version (SWITCHBOARD_GRAPH_VERSION) must be a Graph"
                    + " API version like " + GraphVersions.DEFAULT + " (v<major>.<minor>), but is '" + graph.version() + "'");
        }
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

    /** The Graph API version of Meta channels that name none. */
    public String graphVersion() {
        return graph.version() == null ? GraphVersions.DEFAULT : graph.version();
    }

    public URI twilioBaseUrl() {
        return twilio.baseUrl();
    }

    public URI dialog360BaseUrl() {
        return dialog360.baseUrl();
    }
}
