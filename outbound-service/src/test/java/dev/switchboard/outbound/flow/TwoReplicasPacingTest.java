package dev.switchboard.outbound.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.switchboard.events.Customer;
import dev.switchboard.events.OutboundKind;
import dev.switchboard.events.OutboundRequest;
import dev.switchboard.events.OutboundResult;
import dev.switchboard.events.OutboundText;
import dev.switchboard.events.OutboundType;
import dev.switchboard.outbound.OutboundApplication;
import dev.switchboard.schemas.EventDeserializer;
import dev.switchboard.schemas.EventSerializer;
import dev.switchboard.schemas.Keys;
import dev.switchboard.schemas.Topic;
import dev.switchboard.schemas.Topics;
import dev.switchboard.testing.SharedKafka;
import dev.switchboard.testing.SharedPostgres;
import dev.switchboard.testing.TopicTail;

/**
 * Two replicas of outbound-service on one broker and one database, the second joining while the first is busy:
 * together they never send faster than the number's limit, and every request is sent exactly once.
 */
class TwoReplicasPacingTest {

    private static final int LIMIT = 20;
    private static final int REQUESTS = 150;

    @Test
    void twoReplicasTogetherStayWithinOneNumbersLimit() throws Exception {
        String requestsTopic = Topics.OUTBOUND_REQUESTS.name();
        List<NewTopic> topics = new ArrayList<>();
        for (Topic<?> topic : Topics.ALL) {
            topics.add(new NewTopic(topic.name(), 3, (short) 1).configs(topic.configs()));
            topics.add(new NewTopic(topic.deadLetterTopic(), 3, (short) 1));
        }
        SharedKafka.createTopics(topics);
        String database = SharedPostgres.createDatabase();
        String groupPrefix = "pacing-" + UUID.randomUUID();

        try (StubProvider graph = new StubProvider();
             TopicTail<SpecificRecord> results = TopicTail.fromNow(SharedKafka.bootstrapServers(),
                     new EventDeserializer(), Topics.OUTBOUND_RESULTS.name());
             KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                     ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new EventSerializer<>());
             ConfigurableApplicationContext first = replica(database, groupPrefix, graph)) {

            // The first sends of a JVM pay for the HTTP client's start; they would arrive bunched. Warm it first.
            List<String> warmUp = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                OutboundRequest request = request("warm", "4916" + (10_000_000 + i), "warm-up " + i);
                warmUp.add(request.getRequestId());
                producer.send(new ProducerRecord<>(requestsTopic, Keys.channel("warm"), request));
            }
            producer.flush();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(results.values(Topics.OUTBOUND_RESULTS.name(), OutboundResult.class))
                            .extracting(OutboundResult::getRequestId).containsAll(warmUp));

            List<String> ids = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                OutboundRequest request = request("pace", "4915" + (10_000_000 + i), "message " + i);
                ids.add(request.getRequestId());
                producer.send(new ProducerRecord<>(requestsTopic, Keys.channel("pace"), request));
            }
            producer.flush();
            // The second replica joins while the first is sending: the channel may move between them.
            await().atMost(Duration.ofSeconds(30)).until(() -> paced(graph).size() >= LIMIT);
            try (ConfigurableApplicationContext second = replica(database, groupPrefix, graph)) {
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                        assertThat(results.values(Topics.OUTBOUND_RESULTS.name(), OutboundResult.class))
                                .extracting(OutboundResult::getRequestId).containsAll(ids));
                assertThat(second.isActive()).isTrue();
            }

            List<Long> times = paced(graph).stream().map(StubProvider.Call::nanos).sorted().toList();
            assertThat(times).as(() -> "sent more than once: " + paced(graph).stream()
                    .collect(java.util.stream.Collectors.groupingBy(StubProvider.Call::recipient,
                            java.util.stream.Collectors.counting()))
                    .entrySet().stream().filter(e -> e.getValue() > 1).toList()).hasSize(REQUESTS);
            assertThat(paced(graph).stream().map(StubProvider.Call::recipient).distinct()).hasSize(REQUESTS);
            // Measured where WhatsApp would measure it, on arrival: the dispatcher spaces its sends exactly (PaceTest),
            // but on a crowded machine the HTTP client can hold one back and let it arrive next to the following
            // one, so a second may see one or two more. Two replicas sending at once would show twice the limit.
            double seconds = (times.get(times.size() - 1) - times.get(0)) / 1e9;
            assertThat((times.size() - 1) / seconds).isLessThanOrEqualTo(LIMIT);
            assertThat(maxInAnySecond(times)).as(() -> "send times (ms): " + times.stream()
                    .map(t -> String.valueOf((t - times.get(0)) / 1_000_000)).toList())
                    .isLessThanOrEqualTo(LIMIT + LIMIT / 10);
        }
    }

    private static List<StubProvider.Call> paced(StubProvider graph) {
        return graph.calls().stream().filter(c -> c.path().contains("/333/")).toList();
    }

    private static OutboundRequest request(String channelId, String waId, String text) {
        return OutboundRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString())
                .setKind(OutboundKind.NOTIFICATION)
                .setChannelId(channelId)
                .setRecipient(Customer.newBuilder().setWaId(waId).build())
                .setRequestedAt(Instant.now())
                .setType(OutboundType.TEXT)
                .setText(OutboundText.newBuilder().setBody(text).build())
                .build();
    }

    /** The most sends in any window [t, t + 1 s) starting at a send. */
    private static int maxInAnySecond(List<Long> sortedNanos) {
        int max = 0;
        int start = 0;
        for (int end = 0; end < sortedNanos.size(); end++) {
            while (sortedNanos.get(end) - sortedNanos.get(start) >= TimeUnit.SECONDS.toNanos(1)) {
                start++;
            }
            max = Math.max(max, end - start + 1);
        }
        return max;
    }

    private static ConfigurableApplicationContext replica(String database, String groupPrefix, StubProvider graph) {
        return new SpringApplicationBuilder(OutboundApplication.class).run(
                "--server.port=0",
                "--spring.kafka.bootstrap-servers=" + SharedKafka.bootstrapServers(),
                "--spring.datasource.url=" + database,
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=postgres",
                "--switchboard.kafka.group-prefix=" + groupPrefix,
                "--switchboard.graph.base-url=" + graph.baseUrl(),
                // A send that times out may have been delivered and is retried: on a crowded test machine that
                // would show as a second send, which is not what this test is about.
                "--switchboard.sending.request-timeout=60s",
                "--logging.level.dev.switchboard.outbound.dispatch=DEBUG",
                "--switchboard.channels.pace.provider=meta",
                "--switchboard.channels.pace.throughput=" + LIMIT,
                "--switchboard.channels.pace.tier=unlimited",
                "--switchboard.channels.pace.meta.phone-number-ids=333",
                "--switchboard.channels.pace.meta.access-token=pace-token",
                "--switchboard.channels.warm.provider=meta",
                "--switchboard.channels.warm.tier=unlimited",
                "--switchboard.channels.warm.meta.phone-number-ids=444",
                "--switchboard.channels.warm.meta.access-token=warm-token");
    }
}
