package dev.switchboard.ticket.registry;

import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;

import dev.switchboard.events.BusinessNumber;
import dev.switchboard.events.ChannelConfig;
import dev.switchboard.events.ChannelHealthState;
import dev.switchboard.events.NumberQuality;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

/**
 * The registry channels' health as gauges: {@code switchboard_channel_health{channel,state}} is 1 for the channel's
 * state and 0 for the others; {@code switchboard_channel_number_quality{channel,number,quality}} likewise per number;
 * {@code switchboard_channel_number_throughput{channel,number}} the messages per second the provider grants.
 */
@Component
class ChannelMetrics {

    private final ChannelStore store;
    private final MultiGauge health;
    private final MultiGauge quality;
    private final MultiGauge throughput;

    ChannelMetrics(ChannelStore store, MeterRegistry registry) {
        this.store = store;
        this.health = MultiGauge.builder("switchboard.channel.health")
                .description("1 for the state of a registry channel's last health check, 0 for the other states")
                .register(registry);
        this.quality = MultiGauge.builder("switchboard.channel.number.quality")
                .description("1 for the quality Meta (or Twilio) reports for a channel's number, 0 for the others")
                .register(registry);
        this.throughput = MultiGauge.builder("switchboard.channel.number.throughput")
                .description("messages per second the provider grants a channel's number").baseUnit("messages")
                .register(registry);
    }

    /** Reads every registry channel again (after each change and each health round; channels are few). */
    synchronized void refresh() {
        List<MultiGauge.Row<?>> healthRows = new ArrayList<>();
        List<MultiGauge.Row<?>> qualityRows = new ArrayList<>();
        List<MultiGauge.Row<?>> throughputRows = new ArrayList<>();
        for (ChannelStore.Stored stored : store.all()) {
            ChannelConfig config = stored.config();
            ChannelHealthState state = config.getHealth() == null ? ChannelHealthState.UNCHECKED : config.getHealth().getState();
            for (ChannelHealthState each : ChannelHealthState.values()) {
                healthRows.add(MultiGauge.Row.of(Tags.of("channel", stored.id(), "state", each.name()), each == state ? 1 : 0));
            }
            for (BusinessNumber number : config.getNumbers()) {
                for (NumberQuality each : NumberQuality.values()) {
                    qualityRows.add(MultiGauge.Row.of(Tags.of("channel", stored.id(), "number", number.getId(),
                            "quality", each.name()), each == number.getQuality() ? 1 : 0));
                }
                if (number.getThroughput() != null) {
                    throughputRows.add(MultiGauge.Row.of(Tags.of("channel", stored.id(), "number", number.getId()),
                            number.getThroughput()));
                }
            }
        }
        health.register(healthRows, true);
        quality.register(qualityRows, true);
        throughput.register(throughputRows, true);
    }
}
