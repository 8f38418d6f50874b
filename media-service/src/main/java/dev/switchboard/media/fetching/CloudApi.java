package dev.switchboard.media.fetching;

import java.net.URI;

/**
 * Where a Cloud API serves media and how it is authorised: Meta's Graph API ({@code {graph}/{version}}, a bearer
 * token, the download URL used as given), or a BSP proxy of it such as 360dialog ({@code {baseUrl}}, its API key
 * header, and the download URL's scheme, host and port replaced by the base URL's, whose path is kept in front: Meta's
 * {@code https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=…} becomes
 * {@code {baseUrl}/whatsapp_business/attachments/?mid=…}). The same lookup JSON, checks and answers either way.
 *
 * @param name            the API in outcome details ("Graph", "360dialog")
 * @param base            media ids are looked up at {@code {base}/{media-id}}
 * @param credential      sent with the lookup and the download
 * @param downloadViaBase whether download URLs are rewritten onto {@code base}
 */
public record CloudApi(String name, String base, Credential credential, boolean downloadViaBase) {

    public CloudApi {
        base = base.replaceAll("/+$", "");
    }

    /** Meta's Graph API: {@code GET {graph}/{version}/{media-id}} with the bearer token. */
    public static CloudApi graph(URI graphBaseUrl, String version, String accessToken) {
        return new CloudApi("Graph", graphBaseUrl.toString().replaceAll("/+$", "") + "/" + version,
                Credential.bearer(accessToken), false);
    }

    /** 360dialog: {@code GET {baseUrl}/{media-id}} with {@code D360-API-KEY}; downloads through the base URL. */
    public static CloudApi dialog360(URI baseUrl, String apiKey) {
        return new CloudApi("360dialog", baseUrl.toString(), Credential.dialog360(apiKey), true);
    }

    public URI lookup(String mediaId) {
        return URI.create(base + "/" + mediaId);
    }

    /**
     * Where to download a file the lookup (or the webhook) names.
     *
     * @throws IllegalArgumentException when {@code url} is no URL
     */
    public URI download(String url) {
        URI given = URI.create(url.trim());
        if (!downloadViaBase) {
            return given;
        }
        String path = given.getRawPath() == null || given.getRawPath().isEmpty() ? "/" : given.getRawPath();
        return URI.create(base + path + (given.getRawQuery() == null ? "" : "?" + given.getRawQuery()));
    }

    @Override
    public String toString() {
        return "CloudApi[" + name + " " + base + "]";
    }
}
