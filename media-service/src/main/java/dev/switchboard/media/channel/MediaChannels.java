package dev.switchboard.media.channel;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.switchboard.media.fetching.HttpUrls;

/**
 * What media-service needs of each channel, from the {@code switchboard.channels.<channelId>} file every service
 * reads: the provider and the credentials files are fetched with. Every problem is reported at start, naming its
 * property. The channels topic's record of a channel wins over this file ({@link LiveChannels}).
 */
@ConfigurationProperties("switchboard")
public record MediaChannels(Map<String, Channel> channels) {

    public MediaChannels {
        channels = channels == null ? Map.of() : Map.copyOf(channels);
        List<String> problems = channels.entrySet().stream()
                .flatMap(entry -> entry.getValue().problems("switchboard.channels." + entry.getKey()).stream())
                .sorted().toList();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("media-service cannot fetch with these channel settings:\n  - "
                    + String.join("\n  - ", problems));
        }
    }

    public Optional<Channel> find(String channelId) {
        return Optional.ofNullable(channels.get(channelId));
    }

    public enum Provider { META, TWILIO, DIALOG360 }

    /**
     * @param provider  meta, twilio or dialog360
     * @param meta      Cloud API: the token files are fetched with, and optionally the Graph version
     * @param twilio    Twilio: the account whose Basic auth fetches MediaUrls
     * @param dialog360 360dialog: the API key files are fetched with, and optionally its base URL
     */
    public record Channel(Provider provider, Meta meta, Twilio twilio, Dialog360 dialog360) {

        List<String> problems(String at) {
            List<String> problems = new ArrayList<>();
            if (provider == null) {
                problems.add(at + ".provider: required, one of meta, twilio, dialog360");
            } else if (provider == Provider.DIALOG360) {
                if (dialog360 == null || dialog360.apiKey() == null || dialog360.apiKey().isBlank()) {
                    problems.add(at + ".dialog360.api-key: required (360dialog's D360-API-KEY of the number; media is"
                            + " downloaded with it)");
                }
                if (dialog360 != null && dialog360.baseUrl() != null && !HttpUrls.isHttpBase(dialog360.baseUrl())) {
                    problems.add(at + ".dialog360.base-url: an absolute http(s) URL, not " + dialog360.baseUrl());
                }
            } else if (provider == Provider.META) {
                if (meta == null || meta.accessToken() == null || meta.accessToken().isBlank()) {
                    problems.add(at + ".meta.access-token: required (a system user token with"
                            + " whatsapp_business_messaging; media is downloaded with it)");
                }
                if (meta != null && meta.graphApiVersion() != null && !meta.graphApiVersion().matches("v[0-9]+\\.[0-9]+")) {
                    problems.add(at + ".meta.graph-api-version: like v23.0, not " + meta.graphApiVersion());
                }
            } else {
                if (twilio == null || twilio.accountSid() == null || !twilio.accountSid().matches("AC[0-9a-fA-F]{32}")) {
                    problems.add(at + ".twilio.account-sid: required, AC followed by 32 hex digits");
                }
                if (twilio == null || twilio.authToken() == null || twilio.authToken().isBlank()) {
                    problems.add(at + ".twilio.auth-token: required (MediaUrls are fetched with the account's Basic auth)");
                }
            }
            return problems;
        }
    }

    /**
     * @param accessToken     bearer token of the Graph API (never logged)
     * @param graphApiVersion e.g. v23.0; when absent, {@code switchboard.graph.version}
     */
    public record Meta(String accessToken, String graphApiVersion) {
        @Override
        public String toString() {
            return "Meta[accessToken=******, graphApiVersion=" + graphApiVersion + "]";
        }
    }

    public record Twilio(String accountSid, String authToken) {
        @Override
        public String toString() {
            return "Twilio[accountSid=" + accountSid + ", authToken=******]";
        }
    }

    /**
     * @param apiKey  360dialog's {@code D360-API-KEY} (never logged)
     * @param baseUrl e.g. https://waba-v2.360dialog.io; when absent, {@code switchboard.dialog360.base-url}
     */
    public record Dialog360(String apiKey, URI baseUrl) {
        @Override
        public String toString() {
            return "Dialog360[apiKey=******, baseUrl=" + baseUrl + "]";
        }
    }
}
