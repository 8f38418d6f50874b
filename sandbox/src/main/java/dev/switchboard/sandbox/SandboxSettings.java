package dev.switchboard.sandbox;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code switchboard.sandbox.*}: where webhooks go and how the fake WhatsApp behaves. Checked at start.
 *
 * @param ingressUrl          ingress-service's base URL; Meta webhooks go to {@code {it}/webhooks/whatsapp/{channelId}}
 *                            ({@code SWITCHBOARD_SANDBOX_INGRESS_URL})
 * @param status              when the statuses of an accepted send are posted
 * @param webhooks            how webhooks are posted and retried
 * @param maxRecordedMessages how many requests {@code GET /sandbox/messages} keeps (the oldest go first)
 * @param twilioWindowError   how a Twilio free-form send outside the window fails: {@code callback} (as Twilio
 *                            does: 201, then an undelivered callback with 63016) or {@code response} (a 400 with 63016)
 * @param media               where and how long media files are kept
 */
@ConfigurationProperties("switchboard.sandbox")
public record SandboxSettings(@DefaultValue("http://localhost:8080") URI ingressUrl,
                              @DefaultValue Status status,
                              @DefaultValue Webhooks webhooks,
                              @DefaultValue("5000") int maxRecordedMessages,
                              @DefaultValue("callback") TwilioWindowError twilioWindowError,
                              @DefaultValue Media media) {

    public SandboxSettings {
        List<String> problems = new ArrayList<>();
        if (ingressUrl == null || !ingressUrl.isAbsolute() || ingressUrl.getHost() == null) {
            problems.add("switchboard.sandbox.ingress-url (SWITCHBOARD_SANDBOX_INGRESS_URL): an absolute http(s) URL"
                    + " such as http://localhost:8080, not " + ingressUrl);
        }
        positiveOrZero(problems, "status.sent-after", status.sentAfter());
        positiveOrZero(problems, "status.delivered-after", status.deliveredAfter());
        positiveOrZero(problems, "status.read-after", status.readAfter());
        if (webhooks.maxAttempts() < 1 || webhooks.maxAttempts() > 20) {
            problems.add("switchboard.sandbox.webhooks.max-attempts: 1 to 20, not " + webhooks.maxAttempts());
        }
        positive(problems, "webhooks.first-retry-after", webhooks.firstRetryAfter());
        positive(problems, "webhooks.timeout", webhooks.timeout());
        positive(problems, "media.retention", media.retention());
        positive(problems, "media.url-validity", media.urlValidity());
        positive(problems, "media.link-timeout", media.linkTimeout());
        if (media.publicUrl() != null && (!media.publicUrl().isAbsolute() || media.publicUrl().getHost() == null)) {
            problems.add("switchboard.sandbox.media.public-url: an absolute http(s) URL such as http://localhost:8090,"
                    + " not " + media.publicUrl());
        }
        if (maxRecordedMessages < 1) {
            problems.add("switchboard.sandbox.max-recorded-messages: at least 1, not " + maxRecordedMessages);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid sandbox settings:\n  - " + String.join("\n  - ", problems));
        }
    }

    /** The base URL without a trailing slash. */
    public String ingressBase() {
        String url = ingressUrl.toString();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /**
     * @param sentAfter      from the accepted send to {@code sent} (or to {@code failed})
     * @param deliveredAfter from {@code sent} to {@code delivered}
     * @param readAfter      from {@code delivered} to {@code read}
     * @param read           false: the customer never reads (no {@code read} status)
     */
    public record Status(@DefaultValue("200ms") Duration sentAfter, @DefaultValue("200ms") Duration deliveredAfter,
                         @DefaultValue("200ms") Duration readAfter, @DefaultValue("true") boolean read) {
    }

    /**
     * @param maxAttempts     posts of one webhook before giving up (Meta retries a webhook not answered 200)
     * @param firstRetryAfter wait before the second attempt; doubled for each further one
     * @param timeout         connect and answer timeout of one attempt
     */
    public record Webhooks(@DefaultValue("4") int maxAttempts, @DefaultValue("1s") Duration firstRetryAfter,
                           @DefaultValue("5s") Duration timeout) {
    }

    /**
     * @param directory   where the files go; empty: a new temp directory, deleted when the sandbox stops
     * @param retention   how long a media id (and a Twilio media URL) stays downloadable
     * @param urlValidity how long a download URL of the Graph lookup is valid (Meta: 5 minutes)
     * @param linkTimeout how long the fetch of a send's link may wait for an answer
     * @param publicUrl   the sandbox's base URL in the URLs it hands out; empty: the one the request came to
     */
    public record Media(String directory, @DefaultValue("30d") Duration retention,
                        @DefaultValue("5m") Duration urlValidity, @DefaultValue("30s") Duration linkTimeout,
                        URI publicUrl) {
    }

    public enum TwilioWindowError { CALLBACK, RESPONSE }

    private static void positiveOrZero(List<String> problems, String key, Duration value) {
        if (value == null || value.isNegative()) {
            problems.add("switchboard.sandbox." + key + ": a duration of zero or more (e.g. 200ms), not " + value);
        }
    }

    private static void positive(List<String> problems, String key, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            problems.add("switchboard.sandbox." + key + ": a positive duration (e.g. 1s), not " + value);
        }
    }
}
