package dev.switchboard.media.fetching;

import java.net.URI;

/** The checks a configured base URL (Graph, 360dialog) passes before anything is fetched from it. */
public final class HttpUrls {

    private HttpUrls() {
    }

    /** An absolute http(s) URL with a host. */
    public static boolean isHttpBase(URI url) {
        return url != null && url.isAbsolute() && url.getHost() != null
                && ("http".equals(url.getScheme()) || "https".equals(url.getScheme()));
    }
}
