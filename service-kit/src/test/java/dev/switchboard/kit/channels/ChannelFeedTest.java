package dev.switchboard.kit.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import dev.switchboard.events.ChannelConfig;
import dev.switchboard.events.Provider;
import dev.switchboard.schemas.EventSerializer;
import dev.switchboard.testing.SharedKafka;

/** The feed against the real broker: what it knows at start, what it learns later, and what it skips. */
class ChannelFeedTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final AtomicInteger TOPICS = new AtomicInteger();

    @Test
    void knowsEveryChannelOfTheTopicWhenStartReturns() {
        String topic = newTopic();
        send(topic, "acme", config("acme", 1, true));
        send(topic, "globex", config("globex", 1, true));
        send(topic, "acme", config("acme", 2, false));

        ChannelFeed feed = feed(topic);
        try {
            feed.start();

            assertThat(feed.isCaughtUp()).isTrue();
            assertThat(feed.all()).containsOnlyKeys("acme", "globex");
            assertThat(feed.find("acme")).hasValueSatisfying(c -> {
                assertThat(c.getRevision()).isEqualTo(2);
                assertThat(c.getEnabled()).isFalse();
            });
        } finally {
            feed.stop();
        }
    }

    @Test
    void followsChangesAndRemovalsAndTellsItsListeners() {
        String topic = newTopic();
        send(topic, "acme", config("acme", 1, true));
        ChannelFeed feed = feed(topic);
        List<String> changes = new CopyOnWriteArrayList<>();
        try {
            feed.start();
            feed.addListener((id, config) -> changes.add(id + (config == null ? " removed" : " r" + config.getRevision())));

            send(topic, "acme", config("acme", 2, true));
            send(topic, "initech", config("initech", 1, true));
            send(topic, "acme", (ChannelConfig) null);

            await().atMost(WAIT).untilAsserted(() -> assertThat(changes)
                    .containsExactly("acme r1", "acme r2", "initech r1", "acme removed"));
            assertThat(feed.find("acme")).isEmpty();
            assertThat(feed.find("initech")).isPresent();
        } finally {
            feed.stop();
        }
    }

    @Test
    void skipsARecordItCannotReadAndGoesOn() {
        String topic = newTopic();
        send(topic, "acme", "not avro at all".getBytes(StandardCharsets.UTF_8));
        send(topic, "globex", config("globex", 1, true));
        ChannelFeed feed = feed(topic);
        try {
            feed.start();

            assertThat(feed.all()).containsOnlyKeys("globex");
        } finally {
            feed.stop();
        }
    }

    @Test
    void aMissingTopicCountsAsEmptyAndIsFollowedOnceItAppears() {
        String topic = "kit.channel-feed-missing-" + TOPICS.incrementAndGet() + ".v1";
        ChannelFeed feed = feed(topic);
        try {
            feed.start();
            assertThat(feed.isCaughtUp()).isTrue();
            assertThat(feed.all()).isEmpty();

            SharedKafka.createTopics(List.of(new NewTopic(topic, 2, (short) 1)));
            send(topic, "acme", config("acme", 1, true));

            await().atMost(WAIT).untilAsserted(() -> assertThat(feed.find("acme")).isPresent());
        } finally {
            feed.stop();
        }
    }

    private static String newTopic() {
        String topic = "kit.channel-feed-" + TOPICS.incrementAndGet() + ".v1";
        SharedKafka.createTopics(List.of(new NewTopic(topic, 3, (short) 1)
                .configs(Map.of("cleanup.policy", "compact"))));
        return topic;
    }

    private static ChannelFeed feed(String topic) {
        return new ChannelFeed(Map.of("bootstrap.servers", SharedKafka.bootstrapServers()), topic, WAIT);
    }

    static ChannelConfig config(String id, long revision, boolean enabled) {
        return ChannelConfig.newBuilder().setChannelId(id).setRevision(revision).setUpdatedAt(Instant.now())
                .setProvider(Provider.META).setEnabled(enabled).build();
    }

    private static void send(String topic, String key, ChannelConfig config) {
        send(topic, key, config == null ? null : new EventSerializer<ChannelConfig>().serialize(topic, config));
    }

    private static void send(String topic, String key, byte[] value) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
