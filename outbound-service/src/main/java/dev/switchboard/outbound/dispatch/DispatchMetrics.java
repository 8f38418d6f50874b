package dev.switchboard.outbound.dispatch;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import dev.switchboard.events.OutboundResult;
import dev.switchboard.events.ProviderError;
import dev.switchboard.outbound.sending.ErrorClassifier;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * {@code switchboard.outbound.sends} (attempts), {@code .results} (by outcome and failure kind),
 * {@code .errors} (by provider error code), {@code .retries}, {@code .number.pauses} (after 130429 or 131057, by reason), {@code .rate.wait} (time waiting for the number's
 * throughput), {@code .quota.waits}, {@code .queue.depth} and {@code .held} (gauges per channel),
 * {@code .channel.healthy}; and the
 * {@code outboundChannels} health indicator, DOWN while a channel's token is refused.
 */
@Component("outboundChannels")
public class DispatchMetrics implements HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(DispatchMetrics.class);

    private final MeterRegistry registry;
    private final Map<String, String> unhealthy = new ConcurrentHashMap<>();
    private final Set<String> gauged = ConcurrentHashMap.newKeySet();

    public DispatchMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void attempt(String channel) {
        Counter.builder("switchboard.outbound.sends").description("HTTP sends to the provider").tag("channel", channel)
                .register(registry).increment();
    }

    void outcome(String channel, ErrorClassifier.Verdict verdict, ProviderError error) {
        if (error != null) {
            Counter.builder("switchboard.outbound.errors").description("Provider errors by code")
                    .tags("channel", channel, "code", String.valueOf(error.getCode()), "verdict", verdict.name().toLowerCase())
                    .register(registry).increment();
        }
        if (verdict == ErrorClassifier.Verdict.ACCEPTED && unhealthy.remove(channel) != null) {
            log.info("channel {} is sending again", channel);
        }
    }

    void retry(String channel, ProviderError error) {
        Counter.builder("switchboard.outbound.retries").description("Sends scheduled again after a retryable error")
                .tags("channel", channel, "code", error == null ? "none" : String.valueOf(error.getCode()))
                .register(registry).increment();
    }

    void rateWait(String channel, long nanos) {
        Timer.builder("switchboard.outbound.rate.wait").description("Waiting for the number's throughput limit")
                .tag("channel", channel).register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** @param reason throughput (130429) or maintenance (131057) */
    void numberPaused(String channel, String reason) {
        Counter.builder("switchboard.outbound.number.pauses")
                .description("Times a number stopped, or stopped for longer, after a 130429 (reason throughput) or a"
                        + " 131057 (reason maintenance)")
                .tags("channel", channel, "reason", reason)
                .register(registry).increment();
    }

    void quotaWait(String channel) {
        Counter.builder("switchboard.outbound.quota.waits").description("Business-initiated sends postponed by the tier")
                .tag("channel", channel).register(registry).increment();
    }

    void done(String channel, OutboundResult result) {
        Counter.builder("switchboard.outbound.results").description("Requests done, by outcome")
                .tags("channel", channel, "outcome", result.getOutcome().name().toLowerCase(),
                        "failure", result.getFailureKind() == null ? "none" : result.getFailureKind().name().toLowerCase())
                .register(registry).increment();
    }

    void channelUnhealthy(String channel, String why) {
        if (unhealthy.put(channel, String.valueOf(why)) == null) {
            log.error("channel {} cannot send: the provider refuses its credentials or permissions, or they do not open"
                    + " here ({})", channel, why);
        }
        if (gauged.add(channel)) {
            registry.gauge("switchboard.outbound.channel.healthy", io.micrometer.core.instrument.Tags.of("channel", channel),
                    unhealthy, m -> m.containsKey(channel) ? 0 : 1);
        }
    }

    /** Requests queued for a disabled channel, held until it is enabled (0 while it is not disabled). */
    void held(String channel, java.util.function.Supplier<Number> held) {
        io.micrometer.core.instrument.Gauge.builder("switchboard.outbound.held", held, h -> h.get().doubleValue())
                .description("Requests of a disabled channel, held until it is enabled").tag("channel", channel)
                .strongReference(true).register(registry);
    }

    void queueDepth(String channel, java.util.function.Supplier<Number> depth) {
        // A strong reference: the registry holds gauges' objects weakly, and nothing else holds this supplier.
        io.micrometer.core.instrument.Gauge.builder("switchboard.outbound.queue.depth", depth, d -> d.get().doubleValue())
                .tag("channel", channel).strongReference(true).register(registry);
    }

    @Override
    public Health health() {
        if (unhealthy.isEmpty()) {
            return Health.up().build();
        }
        return Health.down().withDetail("channels", Map.copyOf(unhealthy)).build();
    }
}
