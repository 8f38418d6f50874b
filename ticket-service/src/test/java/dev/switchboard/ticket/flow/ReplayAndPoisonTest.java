package dev.switchboard.ticket.flow;

import static dev.switchboard.ticket.flow.TicketTestKit.newCustomer;
import static dev.switchboard.ticket.flow.TicketTestKit.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.test.context.ActiveProfiles;

import dev.switchboard.events.Customer;
import dev.switchboard.events.DeliveryStatus;
import dev.switchboard.events.InboundMessageType;
import dev.switchboard.events.Media;
import dev.switchboard.events.MediaFailure;
import dev.switchboard.events.OutboundRequest;
import dev.switchboard.schemas.EventDeserializer;
import dev.switchboard.schemas.Topics;
import dev.switchboard.testing.Replay;
import dev.switchboard.testing.SharedKafka;
import dev.switchboard.testing.TopicTail;
import dev.switchboard.testing.UseSharedKafka;
import dev.switchboard.testing.UseSharedPostgres;

/**
 * Meta's redeliveries and an operator's full replay of the input topics leave exactly the same tickets, articles,
 * reactions and media outcomes and send nothing again; a record that cannot be applied is parked on the dead-letter topic and
 * the partition moves on.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@UseSharedKafka
@UseSharedPostgres
@ActiveProfiles("flow")
class ReplayAndPoisonTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final List<String> LISTENERS = List.of("ticket-inbound-messages", "ticket-inbound-statuses",
            "ticket-outbound-results", "ticket-media-events");

    @Value("${local.server.port}")
    private int port;

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private KafkaListenerEndpointRegistry listeners;

    @BeforeAll
    static void topics() {
        TicketTestKit.createTopics();
    }

    @Test
    void redeliveriesAndAFullReplayOfTheInputTopicsLeaveIdenticalStateAndSendNothingAgain() throws Exception {
        try (TicketTestKit kit = new TicketTestKit(port)) {
            String ana = newCustomer();
            String ben = newCustomer();
            Instant t0 = Instant.now().minusSeconds(600);
            var first = text("shop", ana, "wamid.R.1." + ana, "first", t0).build();
            kit.send(first);
            kit.send(first); // Meta's redelivery
            kit.send(text("shop", ana, "wamid.R.2." + ana, "second", t0.plusSeconds(1)).build());
            kit.send(text("club", ben, "wamid.R.1." + ben, "hello", t0.plusSeconds(2)).build());
            kit.send(TicketTestKit.reaction("shop", ana, "wamid.R.3." + ana, "wamid.R.1." + ana, "🙏", t0.plusSeconds(3)));
            kit.send(first);
            // media-service's outcomes, one before its message: a stored file, then a late failure that must not win
            var photo = TicketTestKit.media("shop", ana, "wamid.R.4." + ana, InboundMessageType.IMAGE,
                    Media.newBuilder().setId("meta-media-r").setMimeType("image/jpeg").build(), t0.plusSeconds(4));
            String sha256 = "ab".repeat(32);
            kit.send(TicketTestKit.stored(photo, sha256, 1234, "image/jpeg"));
            kit.send(photo);
            kit.send(TicketTestKit.failed(photo, MediaFailure.EXPIRED, "gone"));
            await().atMost(WAIT).until(() -> kit.tickets("shop", ana).size() == 1 && kit.tickets("club", ben).size() == 1
                    && articleCount() >= 5);

            long ticketId = kit.tickets("club", ben).get(0).path("id").asLong();
            long articleId = kit.post("/api/tickets/" + ticketId + "/articles", "{\"type\":\"text\",\"text\":\"hi Ben\"}")
                    .body().path("id").asLong();
            OutboundRequest request;
            try (TopicTail<SpecificRecord> out = TopicTail.fromBeginning(SharedKafka.bootstrapServers(),
                    new EventDeserializer(), Topics.OUTBOUND_REQUESTS.name())) {
                await().atMost(WAIT).until(() -> out.values(Topics.OUTBOUND_REQUESTS.name(), OutboundRequest.class)
                        .stream().anyMatch(r -> String.valueOf(articleId).equals(r.getArticleId())));
                request = out.values(Topics.OUTBOUND_REQUESTS.name(), OutboundRequest.class).stream()
                        .filter(r -> String.valueOf(articleId).equals(r.getArticleId())).findFirst().orElseThrow();
            }
            kit.send(TicketTestKit.status("club", ben, "wamid.OUT." + ben, DeliveryStatus.DELIVERED, Instant.now()));
            kit.send(TicketTestKit.accepted(request, "wamid.OUT." + ben));
            kit.send(TicketTestKit.status("club", ben, "wamid.OUT." + ben, DeliveryStatus.READ, Instant.now()));
            kit.send(TicketTestKit.status("club", ben, "wamid.NOT.OURS", DeliveryStatus.SENT, Instant.now()));
            await().atMost(WAIT).until(() -> "read".equals(jdbc.sql("select status from article where id = ?")
                    .param(articleId).query(String.class).single()));
            await().atMost(WAIT).until(this::nothingLeftToConsume);
            await().atMost(WAIT).until(() -> jdbc.sql("select count(*) from outbox").query(Long.class).single() == 0);
            Map<String, List<String>> before = snapshot();
            assertThat(before.get("article")).filteredOn(row -> row.contains("wamid.R.1." + ana)).hasSize(1);
            assertThat(before.get("media_outcome")).filteredOn(row -> row.contains("wamid.R.4." + ana))
                    .singleElement().asString().contains("stored", sha256);

            try (TopicTail<SpecificRecord> requests = TopicTail.fromNow(SharedKafka.bootstrapServers(),
                    new EventDeserializer(), Topics.OUTBOUND_REQUESTS.name())) {
                replayEverything();
                await().atMost(WAIT).until(this::nothingLeftToConsume);
                await().atMost(WAIT).until(() -> jdbc.sql("select count(*) from outbox").query(Long.class).single() == 0);

                assertThat(snapshot()).isEqualTo(before);
                assertThat(requests.records()).isEmpty();
            }
        }
    }

    @Test
    void aPoisonRecordIsParkedOnTheDeadLetterTopicAndThePartitionMovesOn() {
        try (TicketTestKit kit = new TicketTestKit(port);
             TopicTail<byte[]> dlt = TopicTail.fromNow(SharedKafka.bootstrapServers(), new ByteArrayDeserializer(),
                     Topics.INBOUND_MESSAGES.deadLetterTopic())) {
            String waId = newCustomer();
            String key = "club:" + waId;
            byte[] garbage = "not an avro event".getBytes(StandardCharsets.UTF_8);
            var noSender = text("club", waId, "wamid.P.0." + waId, "who am I?", Instant.now()).build();
            noSender.setCustomer(Customer.newBuilder().setName("nobody").build());

            kit.sendBytes(Topics.INBOUND_MESSAGES.name(), key, garbage);
            kit.send(Topics.INBOUND_MESSAGES.name(), key, noSender);
            kit.send(text("club", waId, "wamid.P.1." + waId, "after the poison", Instant.now()).build());

            await().atMost(WAIT).until(() -> kit.tickets("club", waId).size() == 1);
            await().atMost(WAIT).untilAsserted(() -> {
                List<ConsumerRecord<String, byte[]>> parked = dlt.records().stream()
                        .filter(r -> key.equals(r.key())).toList();
                assertThat(parked).hasSize(2);
                assertThat(parked.get(0).value()).isEqualTo(garbage);
                assertThat(new String(parked.get(0).headers().lastHeader("kafka_dlt-exception-fqcn").value(),
                        StandardCharsets.UTF_8)).isNotBlank();
                assertThat(parked.get(1).value()).isNotNull();
            });
            var article = kit.get("/api/tickets/" + kit.tickets("club", waId).get(0).path("id").asLong())
                    .body().path("articles").get(0);
            assertThat(article.path("messageId").asString()).isEqualTo("wamid.P.1." + waId);
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private long articleCount() {
        return jdbc.sql("select count(*) from article").query(Long.class).single();
    }

    /** Every row of every table an event changes, as text, in a stable order. */
    private Map<String, List<String>> snapshot() {
        Map<String, List<String>> tables = new java.util.LinkedHashMap<>();
        for (String table : List.of("conversation", "ticket", "article", "reaction", "pending_status", "media_outcome")) {
            tables.put(table, jdbc.sql("select t::text from " + table + " t order by t::text").query(String.class).list());
        }
        return tables;
    }

    /** What an operator does to replay: stop the consumers, move their groups to offset zero, start them again. */
    private void replayEverything() throws Exception {
        Replay.fromTheStart(LISTENERS.stream().map(listeners::getListenerContainer).toList());
    }

    private boolean nothingLeftToConsume() throws Exception {
        try (Admin admin = SharedKafka.admin()) {
            for (String id : LISTENERS) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin
                        .listConsumerGroupOffsets(listeners.getListenerContainer(id).getGroupId())
                        .partitionsToOffsetAndMetadata().get();
                if (committed.isEmpty()) {
                    return false;
                }
                Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
                committed.keySet().forEach(p -> latest.put(p, OffsetSpec.latest()));
                var ends = admin.listOffsets(latest).all().get();
                for (var entry : committed.entrySet()) {
                    if (entry.getValue() == null || entry.getValue().offset() < ends.get(entry.getKey()).offset()) {
                        return false;
                    }
                }
            }
            return true;
        }
    }

}
