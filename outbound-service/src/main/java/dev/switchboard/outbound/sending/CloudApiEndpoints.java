package dev.switchboard.outbound.sending;

import java.net.URI;
import java.util.Objects;

import dev.switchboard.outbound.channel.GraphVersions;
import dev.switchboard.outbound.channel.OutboundChannels;
import dev.switchboard.outbound.channel.OutboundChannels.Provider;

/**
 * Where a channel's Cloud API calls go and how they authenticate. The messages and their answers are the same either
 * way ({@link GraphMessageBodies}, {@link GraphResponses}); only this differs:
 * <ul>
 * <li>Meta: {@code {graph-base}/{version}/{phone-number-id}/messages} (the version is the channel's, else the
 * service's, see {@link GraphVersions}) and {@code …/media}, {@code Authorization: Bearer
 * <token>}; the phone_number_id is the number the request names when it is one of the channel's, else the first;</li>
 * <li>360dialog (Cloud API proxy): {@code {base-url}/messages} and {@code {base-url}/media}, header {@code D360-API-KEY}
 * (no bearer, no phone_number_id in the path: 360dialog's key is one number's). The base URL is the channel's, else
 * {@code switchboard.dialog360.base-url}.</li>
 * </ul>
 */
public final class CloudApiEndpoints {

    /** 360dialog's Cloud API (docs.360dialog.com, "Upload, retrieve or delete media", "Messaging API"). */
    public static final URI DIALOG360_BASE_URL = URI.create("https://waba-v2.360dialog.io");

    private final String graphBaseUrl;
    private final String dialog360BaseUrl;
    private final String graphVersion;

    /** With the Graph API version {@link GraphVersions#DEFAULT} for channels that name none. */
    public CloudApiEndpoints(URI graphBaseUrl, URI dialog360BaseUrl) {
        this(graphBaseUrl, dialog360BaseUrl, GraphVersions.DEFAULT);
    }

    /** @param graphVersion the Graph API version of Meta channels that name none */
    public CloudApiEndpoints(URI graphBaseUrl, URI dialog360BaseUrl, String graphVersion) {
        if (!GraphVersions.isVersion(graphVersion)) {
            throw new IllegalArgumentException("the Graph API version must be like " + GraphVersions.DEFAULT + ", not "
                    + graphVersion);
        }
        this.graphVersion = graphVersion;
        this.graphBaseUrl = GraphClient.withoutTrailingSlash(Objects.requireNonNull(graphBaseUrl, "graphBaseUrl").toString());
        this.dialog360BaseUrl = GraphClient.withoutTrailingSlash(
                Objects.requireNonNull(dialog360BaseUrl, "dialog360BaseUrl").toString());
    }

    /** One channel's (and number's) endpoint: everything before {@code /messages}, and its credential header. */
    public record Target(String base, String authHeader, String authValue) {

        public URI messages() {
            return URI.create(base + "/messages");
        }

        public URI media() {
            return URI.create(base + "/media");
        }

        @Override
        public String toString() {
            return "Target[" + base + ", " + authHeader + ": ******]";
        }
    }

    /** Whether the channel speaks the Cloud API (Meta, 360dialog) with what a call needs. */
    public static boolean speaksCloudApi(OutboundChannels.Channel channel) {
        return channel != null && (channel.provider() == Provider.META && channel.meta() != null
                || channel.provider() == Provider.DIALOG360 && channel.dialog360() != null);
    }

    /**
     * @param businessNumberId the number to send from (Meta), or null: the channel's first
     * @throws IllegalArgumentException when the channel is not a Cloud API channel ({@link #speaksCloudApi})
     */
    public Target target(OutboundChannels.Channel channel, String businessNumberId) {
        if (!speaksCloudApi(channel)) {
            throw new IllegalArgumentException("not a Cloud API channel: " + (channel == null ? null : channel.provider()));
        }
        if (channel.provider() == Provider.DIALOG360) {
            String base = channel.dialog360().baseUrl();
            return new Target(base == null || base.isBlank() ? dialog360BaseUrl : GraphClient.withoutTrailingSlash(base),
                    "D360-API-KEY", channel.dialog360().apiKey());
        }
        String version = channel.meta().graphApiVersion() == null ? graphVersion : channel.meta().graphApiVersion();
        return new Target(graphBaseUrl + "/" + version + "/" + channel.senderFor(businessNumberId),
                "Authorization", "Bearer " + channel.meta().accessToken());
    }
}
