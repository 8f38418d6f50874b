package dev.switchboard.ticket.registry;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.switchboard.events.FailureKind;
import dev.switchboard.events.OutboundResult;
import dev.switchboard.kit.loop.BackgroundLoop;

/**
 * Checks every enabled registry channel each {@code switchboard.registry.health-interval} (thread
 * {@code channel-health}), and a channel at once when outbound-service reports its credentials refused
 * ({@code CHANNEL_UNAVAILABLE}, or Meta's 190) or a quality event arrives.
 */
@Component
public class ChannelHealthLoop extends BackgroundLoop {

    private static final Logger log = LoggerFactory.getLogger(ChannelHealthLoop.class);
    /** How often the loop looks for channels due when none is urgent. */
    private static final Duration ROUND = Duration.ofSeconds(30);

    private final ChannelStore store;
    private final ChannelHealthCheck check;
    private final ChannelMetrics metrics;
    private final RegistrySettings settings;
    private final Clock clock;
    private final Set<String> urgent = ConcurrentHashMap.newKeySet();

    ChannelHealthLoop(ChannelStore store, ChannelHealthCheck check, ChannelMetrics metrics, RegistrySettings settings,
                      Clock clock) {
        super(Options.named("channel-health").backOff(Duration.ofSeconds(5), Duration.ofMinutes(5)));
        this.store = store;
        this.check = check;
        this.metrics = metrics;
        this.settings = settings;
        this.clock = clock;
    }

    /** Checks the channel at the loop's next turn (at once, unless a round is running). */
    public void checkSoon(String channelId) {
        urgent.add(channelId);
        wakeUp();
    }

    /**
     * The hook of outbound results (ticket-service's results listener): a send refused for the channel's credentials
     * has the channel checked at once, unless its last check already found them refused.
     */
    public void afterResults(List<ConsumerRecord<String, SpecificRecord>> records) {
        for (ConsumerRecord<String, SpecificRecord> record : records) {
            if (record.value() instanceof OutboundResult result && credentialsSuspect(result)) {
                store.find(result.getChannelId())
                        .filter(stored -> !ChannelHealthCheck.refused(stored.config()))
                        .ifPresent(stored -> checkSoon(stored.id()));
            }
        }
    }

    static boolean credentialsSuspect(OutboundResult result) {
        return result.getFailureKind() == FailureKind.CHANNEL_UNAVAILABLE
                || (result.getError() != null && result.getError().getCode() == 190);
    }

    @Override
    protected Duration runOnce() {
        List<String> due = new ArrayList<>(urgent);
        urgent.removeAll(due);
        for (String id : store.dueForCheck(clock.instant().minus(settings.healthInterval()))) {
            if (!due.contains(id)) {
                due.add(id);
            }
        }
        for (String id : due) {
            try {
                check.check(id);
            } catch (RuntimeException e) {
                log.warn("channel health: checking channel {} failed: {}", id, e.toString());
            }
        }
        metrics.refresh();
        return ROUND.compareTo(settings.healthInterval()) < 0 ? ROUND : settings.healthInterval();
    }
}
