package dev.switchboard.kit.channels;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import dev.switchboard.events.ChannelConfig;
import dev.switchboard.schemas.EventDeserializer;
import dev.switchboard.schemas.Topics;

/**
 * Follows the compacted channels topic ({@link Topics#CHANNELS}) and keeps the latest {@link ChannelConfig} of every
 * channel id: how each service learns of channels added, changed or disabled at runtime, within a poll.
 *
 * <p>It reads with its own consumer, without a group and from the beginning, so every replica of every service sees
 * every channel. {@link #start()} waits (up to {@code startupWait}) until the topic has been read to the end offsets
 * it found, so that a service does not answer webhooks before it knows its channels; a missing topic counts as
 * empty, and the feed picks it up when it appears. A record it cannot read is logged and skipped: one bad record
 * must not hide every later channel.
 */
public class ChannelFeed implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ChannelFeed.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration TOPIC_RETRY = Duration.ofSeconds(2);

    private final Map<String, Object> consumerConfig;
    private final String topic;
    private final Duration startupWait;
    private final EventDeserializer<ChannelConfig> deserializer = new EventDeserializer<>();
    private final Map<String, ChannelConfig> channels = new ConcurrentHashMap<>();
    private final List<ChannelListener> listeners = new CopyOnWriteArrayList<>();
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final Object lifecycle = new Object();

    private volatile boolean running;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    /**
     * @param consumerConfig the service's consumer settings (bootstrap servers, security); group and
     *                       deserializers are the feed's own
     * @param startupWait    how long {@link #start()} waits to have read the topic to its end
     */
    public ChannelFeed(Map<String, Object> consumerConfig, Duration startupWait) {
        this(consumerConfig, Topics.CHANNELS.name(), startupWait);
    }

    ChannelFeed(Map<String, Object> consumerConfig, String topic, Duration startupWait) {
        Map<String, Object> config = new HashMap<>(consumerConfig);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "channel-feed-" + Long.toHexString(System.nanoTime()));
        this.consumerConfig = config;
        this.topic = topic;
        this.startupWait = startupWait;
    }

    /** The channel as the topic last described it; empty when the registry never wrote it (or removed it). */
    public Optional<ChannelConfig> find(String channelId) {
        return Optional.ofNullable(channels.get(channelId));
    }

    /** Every channel of the topic, by id (a snapshot). */
    public Map<String, ChannelConfig> all() {
        return Map.copyOf(channels);
    }

    /** Whether the topic has been read to the end offsets found at start. */
    public boolean isCaughtUp() {
        return caughtUp.getCount() == 0;
    }

    /**
     * Adds a listener and tells it at once of every channel known so far. Listeners run on the feed's thread; one that
     * throws is logged and does not stop the feed or the other listeners.
     */
    public void addListener(ChannelListener listener) {
        synchronized (channels) {
            listeners.add(listener);
            channels.forEach((id, config) -> notify(listener, id, config));
        }
    }

    @Override
    public void start() {
        synchronized (lifecycle) {
            if (running) {
                return;
            }
            running = true;
            thread = new Thread(this::follow, "channel-feed");
            thread.setDaemon(true);
            thread.start();
        }
        try {
            if (!caughtUp.await(startupWait.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("channel feed: {} not read to its end within {}; starting with the channels known so far"
                        + " (the file's, and {} from the topic), the rest follow as they are read", topic, startupWait,
                        channels.size());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stop() {
        Thread running;
        synchronized (lifecycle) {
            if (!this.running) {
                return;
            }
            this.running = false;
            running = thread;
        }
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        try {
            running.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Early: the services' listeners and web servers start after the feed knows the channels. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000;
    }

    private void follow() {
        try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(consumerConfig, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer = kafka;
            List<TopicPartition> partitions = awaitPartitions(kafka);
            if (partitions == null) {
                return;
            }
            kafka.assign(partitions);
            kafka.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = kafka.endOffsets(partitions);
            while (running) {
                for (ConsumerRecord<String, byte[]> record : kafka.poll(POLL)) {
                    apply(record);
                }
                if (!isCaughtUp() && partitions.stream().allMatch(p -> kafka.position(p) >= ends.get(p))) {
                    log.info("channel feed: {} read to its end, {} channels", topic, channels.size());
                    caughtUp.countDown();
                }
            }
        } catch (WakeupException e) {
            if (running) {
                log.error("channel feed: woken up while running; channel changes are no longer followed", e);
            }
        } catch (RuntimeException e) {
            log.error("channel feed: stopped following {}; channel changes are no longer followed", topic, e);
        } finally {
            consumer = null;
        }
    }

    /** The topic's partitions once it exists; null when stopped first. A missing topic counts as read. */
    private List<TopicPartition> awaitPartitions(KafkaConsumer<String, byte[]> kafka) {
        boolean reported = false;
        while (running) {
            try {
                List<PartitionInfo> infos = kafka.partitionsFor(topic, Duration.ofSeconds(5));
                if (infos != null && !infos.isEmpty()) {
                    return infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
                }
                if (!reported) {
                    log.info("channel feed: no topic {} yet; only the file's channels until it appears", topic);
                    reported = true;
                }
                caughtUp.countDown();
            } catch (WakeupException e) {
                throw e;
            } catch (RuntimeException e) {
                if (!reported) {
                    log.warn("channel feed: cannot read {} yet ({}); retrying", topic, e.toString());
                    reported = true;
                }
            }
            try {
                Thread.sleep(TOPIC_RETRY.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        String channelId = record.key();
        if (channelId == null) {
            log.error("channel feed: {}-{}@{} has no key (a channel id); skipped", record.topic(), record.partition(),
                    record.offset());
            return;
        }
        ChannelConfig config = null;
        if (record.value() != null) {
            try {
                config = deserializer.deserialize(record.topic(), record.value());
            } catch (RuntimeException e) {
                log.error("channel feed: {}-{}@{} (channel {}) is not a readable ChannelConfig; skipped: {}",
                        record.topic(), record.partition(), record.offset(), channelId, e.getMessage());
                return;
            }
        }
        synchronized (channels) {
            if (config == null) {
                channels.remove(channelId);
            } else {
                channels.put(channelId, config);
            }
            for (ChannelListener listener : listeners) {
                notify(listener, channelId, config);
            }
        }
    }

    private static void notify(ChannelListener listener, String channelId, ChannelConfig config) {
        try {
            listener.changed(channelId, config);
        } catch (RuntimeException e) {
            log.error("channel feed: a listener failed on the change of channel {}", channelId, e);
        }
    }
}
