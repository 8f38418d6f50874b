package dev.switchboard.media.clients;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import dev.switchboard.media.fetching.HttpUrls;

/**
 * Where 360dialog's Cloud API proxy is ({@code switchboard.dialog360.base-url}, {@code SWITCHBOARD_DIALOG360_BASE_URL}:
 * 360dialog, or the local sandbox's {@code http://localhost:8090/360dialog}), for channels that name no base URL.
 */
@ConfigurationProperties("switchboard.dialog360")
public record Dialog360Settings(@DefaultValue("https://waba-v2.360dialog.io") URI baseUrl) {

    public Dialog360Settings {
        if (!HttpUrls.isHttpBase(baseUrl)) {
            throw new IllegalArgumentException("switchboard.dialog360.base-url (SWITCHBOARD_DIALOG360_BASE_URL) must be"
                    + " an absolute http(s) URL, but is " + baseUrl);
        }
    }
}
