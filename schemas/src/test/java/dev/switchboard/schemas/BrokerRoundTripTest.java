package dev.switchboard.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.switchboard.events.Provider;
import dev.switchboard.events.RawWebhook;
import dev.switchboard.testing.SharedKafka;

/** Every event type through its real topic on a real broker, with the serde that services configure. */
class BrokerRoundTripTest {

    private static final int EVENTS_PER_TOPIC = 20;

    @BeforeAll
    static void createTopicsFromTheCatalogue() {
        SharedKafka.createTopics(Topics.ALL.stream()
                .map(t -> new NewTopic(t.name(), 3, (short) 1).configs(t.configs()))
                .toList());
    }

    static Stream<Topic<?>> topics() {
        return Topics.ALL.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topics")
    void everyEventTypeRoundTripsThroughItsTopic(Topic<?> topic) {
        List<SpecificRecord> sent = new ArrayList<>();
        try (KafkaProducer<String, SpecificRecord> producer = producer()) {
            for (long seed = 0; seed < EVENTS_PER_TOPIC; seed++) {
                SpecificRecord event = RandomEvents.specific(topic.valueType(), seed, seed % 2 == 0);
                sent.add(event);
                producer.send(new ProducerRecord<>(topic.name(), "key-" + seed, event));
            }
            producer.flush();
        }

        List<ConsumerRecord<String, SpecificRecord>> received = consumeAll(topic.name(), EVENTS_PER_TOPIC);

        assertThat(received).extracting(ConsumerRecord::value).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(received).allSatisfy(r ->
                assertThat(r.value()).isEqualTo(sent.get(Integer.parseInt(r.key().substring("key-".length())))));
    }

    @Test
    void theRawTopicTakesAWebhookAtMetasSizeLimit() {
        byte[] body = new byte[5 * 1024 * 1024];
        java.util.Arrays.fill(body, (byte) 'x');
        RawWebhook raw = RawWebhook.newBuilder()
                .setWebhookId(UUID.randomUUID().toString())
                .setProvider(Provider.META)
                .setChannelId("demo")
                .setReceivedAt(Instant.parse("2026-11-21T10:15:30.123Z"))
                .setContentType("application/json")
                .setBody(ByteBuffer.wrap(body))
                .build();
        String topic = "roundtrip.raw.large";
        SharedKafka.createTopics(List.of(new NewTopic(topic, 1, (short) 1).configs(Topics.WEBHOOKS_RAW.configs())));

        try (KafkaProducer<String, SpecificRecord> producer = producer()) {
            producer.send(new ProducerRecord<>(topic, Keys.channel("demo"), raw));
            producer.flush();
        }

        assertThat(consumeAll(topic, 1)).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("demo");
            assertThat(((RawWebhook) r.value()).getBody().remaining()).isEqualTo(body.length);
            assertThat(r.value()).isEqualTo(raw);
        });
    }

    static KafkaProducer<String, SpecificRecord> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 * 1024 * 1024,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, EventSerializer.class));
    }

    static List<ConsumerRecord<String, SpecificRecord>> consumeAll(String topic, int expected) {
        return consumeAll(topic, expected, new EventDeserializer<SpecificRecord>());
    }

    static <V> List<ConsumerRecord<String, V>> consumeAll(
            String topic, int expected, org.apache.kafka.common.serialization.Deserializer<V> values) {
        List<ConsumerRecord<String, V>> received = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "roundtrip-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 16 * 1024 * 1024,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024),
                new StringDeserializer(), values)) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                return received.size() >= expected;
            });
        }
        assertThat(received).hasSize(expected);
        return received;
    }
}
