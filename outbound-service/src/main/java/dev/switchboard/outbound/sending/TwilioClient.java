package dev.switchboard.outbound.sending;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

import dev.switchboard.events.OutboundRequest;
import dev.switchboard.events.OutboundType;
import dev.switchboard.outbound.channel.OutboundChannels;

/**
 * Twilio's Messages API: {@code POST {twilioBaseUrl}/2010-04-01/Accounts/{AccountSid}/Messages.json}, HTTP Basic
 * (Account SID : auth token), the form of {@link TwilioMessageForms}; the answer is read by {@link TwilioResponses}.
 *
 * <p>A mark-as-read is answered {@code Accepted(null, "unsupported")} without a call: the Messages API has no read
 * receipt. (Twilio's Public Beta typing indicator, {@code POST https://messaging.twilio.com/v2/Indicators/Typing.json},
 * marks a message read as a side effect; it lives on another host and is not used here.) Whatever the Messages API
 * cannot carry is refused before sending: see {@link TwilioMessageForms}.
 */
public final class TwilioClient implements ProviderClient {

    /** The providerStatus of a request the channel has no operation for, accepted and skipped. */
    public static final String UNSUPPORTED = "unsupported";

    private final HttpClient http;
    private final String baseUrl;
    private final Duration requestTimeout;
    private final Clock clock;

    /**
     * @param http           shared by every channel
     * @param twilioBaseUrl  {@code https://api.twilio.com}, or the sandbox (a path is kept)
     * @param requestTimeout how long to wait for the answer of one send
     */
    public TwilioClient(HttpClient http, URI twilioBaseUrl, Duration requestTimeout) {
        this(http, twilioBaseUrl, requestTimeout, Clock.systemUTC());
    }

    TwilioClient(HttpClient http, URI twilioBaseUrl, Duration requestTimeout, Clock clock) {
        this.http = Objects.requireNonNull(http, "http");
        this.baseUrl = GraphClient.withoutTrailingSlash(Objects.requireNonNull(twilioBaseUrl, "twilioBaseUrl").toString());
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
        this.clock = clock;
    }

    @Override
    public CompletableFuture<SendOutcome> send(OutboundChannels.Channel channel, OutboundRequest request) {
        try {
            if (channel == null || channel.provider() != OutboundChannels.Provider.TWILIO || channel.twilio() == null) {
                return done(SendOutcome.Rejected.notSendable("not a Twilio channel",
                        "the Twilio client was given a " + (channel == null ? null : channel.provider()) + " channel"));
            }
            if (request.getType() == OutboundType.MARK_READ) {
                return done(new SendOutcome.Accepted(null, UNSUPPORTED));
            }
            String form = TwilioMessageForms.encode(TwilioMessageForms.of(request,
                    channel.senderFor(request.getBusinessNumberId())));
            OutboundChannels.Twilio twilio = channel.twilio();
            String credentials = Base64.getEncoder().encodeToString(
                    (twilio.accountSid() + ":" + twilio.authToken()).getBytes(StandardCharsets.UTF_8));
            HttpRequest post = HttpRequest.newBuilder(messagesUri(channel))
                    .timeout(requestTimeout)
                    .header("Authorization", "Basic " + credentials)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8))
                    .build();
            return ProviderHttp.exchange(http, post, requestTimeout, clock,
                    (response, retryAfter) -> TwilioResponses.outcome(response.statusCode(), response.body(), retryAfter));
        } catch (UnsendableRequestException e) {
            return done(e.toOutcome());
        } catch (RuntimeException e) {
            return done(ProviderHttp.failure(e, requestTimeout));
        }
    }

    /** {@code {base}/2010-04-01/Accounts/{AccountSid}/Messages.json}. */
    URI messagesUri(OutboundChannels.Channel channel) {
        return URI.create(baseUrl + "/2010-04-01/Accounts/" + channel.twilio().accountSid() + "/Messages.json");
    }

    private static CompletableFuture<SendOutcome> done(SendOutcome outcome) {
        return CompletableFuture.completedFuture(outcome);
    }
}
