package dev.switchboard.media.clients;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import dev.switchboard.media.fetching.HttpUrls;

/**
 * Where Meta's Graph API is ({@code switchboard.graph.base-url}, {@code SWITCHBOARD_GRAPH_BASE_URL}: Meta, or the
 * local sandbox) and its version ({@code switchboard.graph.version}, {@code SWITCHBOARD_GRAPH_VERSION}), which a
 * channel's {@code meta.graph-api-version} overrides.
 */
@ConfigurationProperties("switchboard.graph")
public record GraphSettings(URI baseUrl, @DefaultValue(GraphSettings.DEFAULT_VERSION) String version) {

    /** Meta's Graph API v27.0 (2026-11-04). Versions v23.0 to v27.0 are tested (flow.GraphVersionsTest). */
    public static final String DEFAULT_VERSION = "v27.0";

    public GraphSettings {
        if (!HttpUrls.isHttpBase(baseUrl)) {
            throw new IllegalArgumentException("switchboard.graph.base-url (SWITCHBOARD_GRAPH_BASE_URL) must be an"
                    + " absolute http(s) URL, but is " + baseUrl);
        }
        if (version == null || !version.matches("v[0-9]+\\.[0-9]+")) {
            throw new IllegalArgumentException("switchboard.graph.version (SWITCHBOARD_GRAPH_VERSION) must be like"
                    + " v27.0, not " + version);
        }
    }
}
