package dev.switchboard.ticket.flow;

import static dev.switchboard.ticket.flow.TicketTestKit.newCustomer;
import static dev.switchboard.ticket.flow.TicketTestKit.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;

import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

import dev.switchboard.events.OutboundRequest;
import dev.switchboard.events.TicketEvent;
import dev.switchboard.schemas.EventDeserializer;
import dev.switchboard.schemas.Topics;
import dev.switchboard.testing.SharedKafka;
import dev.switchboard.testing.TopicTail;
import dev.switchboard.testing.UseSharedKafka;
import dev.switchboard.testing.UseSharedPostgres;
import dev.switchboard.ticket.outbox.OutboxRelay;

/**
 * The process dies after the database committed an agent's reply and before anything reached Kafka (here: the
 * relay never ran). The reply and its request are both in the database; the next relay, in this process or
 * another replica, publishes the request. Nothing is lost and nothing exists without its counterpart.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "switchboard.outbox.enabled=false")
@UseSharedKafka
@UseSharedPostgres
@ActiveProfiles("flow")
@DirtiesContext
class OutboxCrashTest {

    @Value("${local.server.port}")
    private int port;

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private OutboxRelay relay;

    @BeforeAll
    static void topics() {
        TicketTestKit.createTopics();
    }

    @Test
    void aReplyCommittedBeforeACrashIsPublishedByTheNextRelay() {
        try (TicketTestKit kit = new TicketTestKit(port);
             TopicTail<SpecificRecord> out = TopicTail.fromNow(SharedKafka.bootstrapServers(), new EventDeserializer(),
                     Topics.OUTBOUND_REQUESTS.name(), Topics.TICKET_EVENTS.name())) {
            String waId = newCustomer();
            kit.send(text("club", waId, "wamid.C." + waId, "hello", Instant.now()).build());
            await().atMost(Duration.ofSeconds(20)).until(() -> kit.tickets("club", waId).size() == 1);
            long ticketId = kit.tickets("club", waId).get(0).path("id").asLong();

            // (This context read the whole inbound topic, so other tests' welcome requests may wait in the outbox too.)
            long before = requestsWaiting();
            long articleId = kit.post("/api/tickets/" + ticketId + "/articles", "{\"type\":\"text\",\"text\":\"on its way\"}")
                    .body().path("id").asLong();

            // Committed together: the pending article and the request that will send it.
            assertThat(jdbc.sql("select status from article where id = ?").param(articleId).query(String.class).single())
                    .isEqualTo("pending");
            assertThat(requestsWaiting()).isEqualTo(before + 1);
            assertThat(out.records()).isEmpty();

            // The relay comes back (a restart or another replica) and publishes what was committed, in order.
            while (relay.relayOnce() > 0) {
                // drain
            }

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(out.values(Topics.OUTBOUND_REQUESTS.name(), OutboundRequest.class))
                        .filteredOn(r -> String.valueOf(articleId).equals(r.getArticleId()))
                        .singleElement().satisfies(r -> {
                            assertThat(r.getArticleId()).isEqualTo(String.valueOf(articleId));
                            assertThat(r.getText().getBody()).isEqualTo("on its way");
                        });
                assertThat(out.values(Topics.TICKET_EVENTS.name(), TicketEvent.class))
                        .filteredOn(e -> e.getTicketId().equals(String.valueOf(ticketId)))
                        .extracting(e -> e.getType().name()).containsSubsequence("TICKET_OPENED", "ARTICLE_ADDED", "ARTICLE_ADDED");
            });
            assertThat(jdbc.sql("select count(*) from outbox").query(Long.class).single()).isZero();
        }
    }

    private long requestsWaiting() {
        return jdbc.sql("select count(*) from outbox where topic = ?").param(Topics.OUTBOUND_REQUESTS.name())
                .query(Long.class).single();
    }
}
