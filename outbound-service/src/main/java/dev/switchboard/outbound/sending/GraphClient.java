package dev.switchboard.outbound.sending;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

import dev.switchboard.events.OutboundRequest;
import dev.switchboard.outbound.channel.OutboundChannels;

/**
 * Meta's Cloud API: {@code POST {graphBaseUrl}/{graphApiVersion}/{phone-number-id}/messages} with the channel's
 * bearer token and the body of {@link GraphMessageBodies}; the answer is read by {@link GraphResponses}. The same for
 * 360dialog's Cloud API proxy, {@code POST {base-url}/messages} with {@code D360-API-KEY} ({@link CloudApiEndpoints}):
 * 360dialog relays Meta's answers and errors, so they are read and judged alike. One attempt per call, never an
 * exception (see {@link ProviderClient}).
 */
public final class GraphClient implements ProviderClient {

    private final HttpClient http;
    private final CloudApiEndpoints endpoints;
    private final Duration requestTimeout;
    private final Clock clock;

    /**
     * @param http           shared by every channel (its connections are pooled per host)
     * @param graphBaseUrl   {@code https://graph.facebook.com}, or the sandbox (a path is kept)
     * @param requestTimeout how long to wait for the answer of one send
     */
    public GraphClient(HttpClient http, URI graphBaseUrl, Duration requestTimeout) {
        this(http, new CloudApiEndpoints(graphBaseUrl, CloudApiEndpoints.DIALOG360_BASE_URL), requestTimeout);
    }

    /** @param endpoints the Graph API's and 360dialog's base URLs */
    public GraphClient(HttpClient http, CloudApiEndpoints endpoints, Duration requestTimeout) {
        this(http, endpoints, requestTimeout, Clock.systemUTC());
    }

    GraphClient(HttpClient http, CloudApiEndpoints endpoints, Duration requestTimeout, Clock clock) {
        this.http = Objects.requireNonNull(http, "http");
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
        this.clock = clock;
    }

    @Override
    public CompletableFuture<SendOutcome> send(OutboundChannels.Channel channel, OutboundRequest request) {
        try {
            if (!CloudApiEndpoints.speaksCloudApi(channel)) {
                return done(SendOutcome.Rejected.notSendable("not a Cloud API channel",
                        "the Cloud API client was given a " + (channel == null ? null : channel.provider()) + " channel"));
            }
            String body = GraphMessageBodies.json(request);
            CloudApiEndpoints.Target target = endpoints.target(channel, request.getBusinessNumberId());
            HttpRequest post = HttpRequest.newBuilder(target.messages())
                    .timeout(requestTimeout)
                    .header(target.authHeader(), target.authValue())
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                    .build();
            return ProviderHttp.exchange(http, post, requestTimeout, clock,
                    (response, retryAfter) -> GraphResponses.outcome(request, response.statusCode(), response.body(),
                            retryAfter));
        } catch (UnsendableRequestException e) {
            return done(e.toOutcome());
        } catch (RuntimeException e) {
            return done(ProviderHttp.failure(e, requestTimeout));
        }
    }

    /** Where a channel's messages go from its first number: {@code {base}/{version}/{phone-number-id}/messages}. */
    URI messagesUri(OutboundChannels.Channel channel) {
        return endpoints.target(channel, null).messages();
    }

    private static CompletableFuture<SendOutcome> done(SendOutcome outcome) {
        return CompletableFuture.completedFuture(outcome);
    }

    static String withoutTrailingSlash(String url) {
        String result = url;
        while (result.endsWith("/")) {
            result = result.substring(0, result.length() - 1);
        }
        return result;
    }
}
