package dev.switchboard.ingress.webhook;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * {@code switchboard.webhooks} (counter: provider, channel, outcome), {@code switchboard.webhooks.events}
 * (counter: channel, kind = message|status|account_event|problem), {@code switchboard.webhook.kept_raw} (counter:
 * channel, field, reason: what is deliberately not typed) and {@code switchboard.webhooks.publish} (timer: how long
 * Kafka took to acknowledge a webhook).
 */
@Component
public class WebhookMetrics {

    /** Requests for channels that do not exist are counted under one tag value: ids chosen by strangers would
     * otherwise create a time series each. */
    public static final String UNKNOWN_CHANNEL = "unknown";

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    public WebhookMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void outcome(String provider, String channel, Outcome outcome) {
        // Looked up once per (provider, channel, outcome): building a meter id on every request costs more than
        // the increment.
        counters.computeIfAbsent(provider + '\u0000' + channel + '\u0000' + outcome.tag, key -> Counter.builder("switchboard.webhooks")
                .description("Webhook requests by outcome")
                .tags("provider", provider, "channel", channel, "outcome", outcome.tag)
                .register(registry)).increment();
    }

    /** Events count under their own channel (a change routed to another channel counts there), problems under
     * the channel of the URL called. */
    public void parsed(String channel, ParsedWebhook parsed) {
        parsed.messages().forEach(m -> count(m.getChannelId(), "message", 1));
        parsed.statuses().forEach(s -> count(s.getChannelId(), "status", 1));
        parsed.accountEvents().forEach(e -> count(e.getChannelId(), "account_event", 1));
        count(channel, "problem", parsed.problems().size());
        parsed.keptRaw().forEach(this::keptRaw);
    }

    private void keptRaw(ParsedWebhook.KeptRaw kept) {
        // field comes from the verified body, whose sender is Meta: a handful of values, not a stranger's choice.
        counters.computeIfAbsent("kept\u0000" + kept.channelId() + '\u0000' + kept.field() + '\u0000' + kept.reason(),
                key -> Counter.builder("switchboard.webhook.kept_raw")
                        .description("Parts of verified webhooks kept raw by design (not typed, or refused)")
                        .tags("channel", kept.channelId(), "field", kept.field(), "reason", kept.reason().tag())
                        .register(registry)).increment();
    }

    public void published(String channel, long nanos) {
        timers.computeIfAbsent(channel, c -> Timer.builder("switchboard.webhooks.publish")
                .description("Time from a verified webhook to Kafka's acknowledgement of all its records")
                .tags("channel", c)
                .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    private void count(String channel, String kind, int n) {
        if (n > 0) {
            counters.computeIfAbsent("events\u0000" + channel + '\u0000' + kind, key -> Counter.builder("switchboard.webhooks.events")
                    .description("Typed events and problems found in verified webhooks")
                    .tags("channel", channel, "kind", kind)
                    .register(registry)).increment(n);
        }
    }

    public enum Outcome {
        ACCEPTED("accepted"), VERIFIED("verified"), BAD_SIGNATURE("bad_signature"), BAD_VERIFY_TOKEN("bad_verify_token"),
        UNKNOWN_CHANNEL("unknown_channel"), CHANNEL_DISABLED("channel_disabled"), TOO_LARGE("too_large"),
        UNAVAILABLE("unavailable"), SECRET_UNAVAILABLE("secret_unavailable");

        private final String tag;

        Outcome(String tag) {
            this.tag = tag;
        }
    }
}
