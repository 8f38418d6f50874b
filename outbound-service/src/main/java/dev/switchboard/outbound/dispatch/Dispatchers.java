package dev.switchboard.outbound.dispatch;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import dev.switchboard.kit.kafka.RawBytesKafka;
import dev.switchboard.outbound.channel.ChannelState;
import dev.switchboard.outbound.channel.LiveChannels;
import dev.switchboard.outbound.queue.SendQueue;
import dev.switchboard.outbound.queue.TierContacts;
import dev.switchboard.schemas.Keys;
import dev.switchboard.schemas.Topics;

/**
 * Runs a {@link ChannelDispatcher} for every channel whose partition of the requests topic this replica owns.
 * Requests are keyed by channel, so Kafka's assignment decides which replica paces which channel: one place per
 * channel, however many replicas run. A revoked channel's dispatcher stops (and its sends in flight finish)
 * before Kafka hands the partition to another replica. Channels added to the channels topic get a dispatcher as soon
 * as the feed reads them ({@link LiveChannels}); a channel removed from it (and not in the file) loses its dispatcher,
 * its queued requests stay queued.
 */
@Component
public class Dispatchers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Dispatchers.class);
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);

    private final Completions completions;
    private final LiveChannels channels;
    private final SendQueue queue;
    private final TierContacts tierContacts;
    private final javax.sql.DataSource dataSource;
    private final ProviderClients clients;
    private final OutboundSettings settings;
    private final DispatchMetrics metrics;
    private final Clock clock;
    private final KafkaTemplate<String, byte[]> kafka;
    private final Set<TopicPartition> owned = ConcurrentHashMap.newKeySet();
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private final Set<String> gauged = ConcurrentHashMap.newKeySet();
    /** Channel changes are applied here, not on the channel feed's thread (stopping a dispatcher takes a while). */
    private final ExecutorService changes = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "channel-changes");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean started;

    private record Running(ChannelDispatcher dispatcher, Thread thread) {
    }

    /** What a channel's dispatcher paces with: messages per second and tier (250, 2K, …, UNLIMITED). */
    public record Pacing(int throughput, String tier) {
    }

    public Dispatchers(LiveChannels channels, SendQueue queue, TierContacts tierContacts, javax.sql.DataSource dataSource,
                       ProviderClients clients, OutboundSettings settings, DispatchMetrics metrics, Clock clock,
                       RawBytesKafka bytesKafka, Completions completions) {
        this.completions = completions;
        this.channels = channels;
        this.queue = queue;
        this.tierContacts = tierContacts;
        this.dataSource = dataSource;
        this.clients = clients;
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
        this.kafka = bytesKafka.template();
        channels.ids().forEach(this::gauge);
        channels.addListener(channelId -> changes.execute(() -> changed(channelId)));
    }

    /** A channel changed on the channels topic: it gets (or loses) its dispatcher, which looks at it at once. */
    private synchronized void changed(String channelId) {
        try {
            gauge(channelId);
            reconcile();
            wakeUp(channelId);
        } catch (RuntimeException e) {
            log.error("could not apply the change of channel {}", channelId, e);
        }
    }

    private void gauge(String channelId) {
        if (gauged.add(channelId)) {
            metrics.queueDepth(channelId, () -> queue.depth(channelId));
            metrics.held(channelId, () -> channels.find(channelId).orElse(null) instanceof ChannelState.Held
                    ? queue.depth(channelId) : 0);
        }
    }

    /** What the channel's dispatcher in this replica paces with now; empty when it runs elsewhere or cannot send. */
    public Optional<Pacing> pacing(String channelId) {
        Running current = running.get(channelId);
        return current == null ? Optional.empty() : Optional.ofNullable(current.dispatcher().pacing());
    }

    /** Each of the channel's numbers' messages per second as its dispatcher in this replica paces it now; empty if none. */
    public Map<String, Integer> numberPacing(String channelId) {
        Running current = running.get(channelId);
        return current == null ? Map.of() : current.dispatcher().numberPacing();
    }

    /** The partition of the requests topic that carries a channel's requests (Kafka's default partitioner). */
    int partitionOf(String channelId, int partitions) {
        return BuiltInPartitioner.partitionForKey(Keys.channel(channelId).getBytes(StandardCharsets.UTF_8), partitions);
    }

    public synchronized void assigned(Collection<TopicPartition> partitions) {
        owned.addAll(partitions.stream().filter(p -> p.topic().equals(Topics.OUTBOUND_REQUESTS.name())).toList());
        reconcile();
    }

    public synchronized void revoked(Collection<TopicPartition> partitions) {
        owned.removeAll(partitions);
        reconcile();
    }

    /** New requests for a channel were queued: its dispatcher, if here, looks at once. */
    public void wakeUp(String channelId) {
        Running current = running.get(channelId);
        if (current != null) {
            current.dispatcher().wakeUp();
        }
    }

    private void reconcile() {
        if (!started) {
            return;
        }
        int partitions = owned.isEmpty() ? 0 : kafka.partitionsFor(Topics.OUTBOUND_REQUESTS.name()).size();
        Set<String> known = channels.ids();
        for (String channelId : known) {
            gauge(channelId);
            boolean mine = partitions > 0 && owned.contains(
                    new TopicPartition(Topics.OUTBOUND_REQUESTS.name(), partitionOf(channelId, partitions)));
            if (mine && !running.containsKey(channelId)) {
                ChannelDispatcher dispatcher = new ChannelDispatcher(channelId, () -> channels.find(channelId), queue,
                        tierContacts, dataSource, clients, settings, metrics, clock, completions);
                Thread thread = new Thread(dispatcher, "dispatch-" + channelId);
                thread.start();
                running.put(channelId, new Running(dispatcher, thread));
            } else if (!mine && running.containsKey(channelId)) {
                stop(channelId);
            }
        }
        Set.copyOf(running.keySet()).stream().filter(id -> !known.contains(id)).forEach(this::stop);
    }

    private void stop(String channelId) {
        Running current = running.remove(channelId);
        current.dispatcher().stop();
        try {
            current.thread().join(STOP_GRACE.plusSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("stopped dispatching channel {}", channelId);
    }

    @Override
    public synchronized void start() {
        started = true;
        reconcile();
    }

    @Override
    public synchronized void stop() {
        started = false;
        Set.copyOf(running.keySet()).forEach(this::stop);
    }

    @Override
    public boolean isRunning() {
        return started;
    }

    /** Stops after the Kafka listeners (no new requests) and before the producer and database go. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 4096;
    }
}
