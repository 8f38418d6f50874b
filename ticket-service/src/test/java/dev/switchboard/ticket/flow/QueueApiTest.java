package dev.switchboard.ticket.flow;

import static dev.switchboard.ticket.flow.TicketTestKit.newCustomer;
import static dev.switchboard.ticket.flow.TicketTestKit.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

import dev.switchboard.testing.UseSharedKafka;
import dev.switchboard.testing.UseSharedPostgres;
import dev.switchboard.ticket.flow.TicketTestKit.Answer;
import tools.jackson.databind.JsonNode;

/**
 * The queue routes over HTTP with the static agent token (an admin): filters, assignment, notes, unread and the
 * last article, article authors, canned responses rendered for a ticket. Who sees what is QueueRulesTest's.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@UseSharedKafka
@UseSharedPostgres
@ActiveProfiles("flow")
class QueueApiTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Value("${local.server.port}")
    private int port;
    @Autowired
    private JdbcClient jdbc;

    private TicketTestKit kit;

    @BeforeAll
    static void topics() {
        TicketTestKit.createTopics();
    }

    @BeforeEach
    void start() {
        kit = new TicketTestKit(port);
    }

    @AfterEach
    void stop() {
        kit.close();
    }

    @Test
    void aTicketIsAssignedNotedAnsweredAndReadInTheQueue() {
        String waId = newCustomer();
        Instant sentAt = Instant.now().minusSeconds(30).truncatedTo(ChronoUnit.SECONDS);
        kit.send(text("club", waId, "wamid.Q1." + waId, "Is my table booked?", sentAt).build());
        JsonNode ticket = kit.awaitOneTicket("club", waId);
        long id = ticket.path("id").asLong();
        assertThat(ticket.path("assignee").isNull()).isTrue();
        assertThat(ticket.path("unread").asInt()).isEqualTo(1);
        assertThat(ticket.path("lastArticle").path("direction").asString()).isEqualTo("inbound");
        assertThat(ticket.path("lastArticle").path("text").asString()).isEqualTo("Is my table booked?");
        assertThat(ticket.path("lastArticle").path("status").asString()).isEqualTo("received");

        long agentId = agent("club");
        long outsider = agent("elsewhere");
        assertThat(listIds("?group=club&assignee=none&customer=" + waId)).containsExactly(id);

        Answer refused = kit.post("/api/tickets/" + id + "/assign", "{\"agentId\":" + outsider + "}");
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body().path("error").asString()).isEqualTo("invalid_assignee");
        assertThat(refused.body().path("details").get(0).path("field").asString()).isEqualTo("agentId");
        assertThat(kit.post("/api/tickets/" + id + "/assign", "{}").status()).isEqualTo(422);

        Answer assigned = kit.post("/api/tickets/" + id + "/assign", "{\"agentId\":" + agentId + "}");
        assertThat(assigned.status()).isEqualTo(200);
        assertThat(assigned.body().path("id").asLong()).isEqualTo(id);
        assertThat(assigned.body().path("assignee").path("id").asLong()).isEqualTo(agentId);
        assertThat(assigned.body().path("assignee").path("name").asString()).isEqualTo("Agent of club");
        assertThat(listIds("?assignee=" + agentId + "&customer=" + waId)).containsExactly(id);
        assertThat(listIds("?assignee=none&customer=" + waId)).isEmpty();
        assertThat(listIds("?group=elsewhere&customer=" + waId)).isEmpty();
        assertThat(kit.get("/api/tickets?assignee=someone").status()).isEqualTo(422);

        Answer note = kit.post("/api/tickets/" + id + "/notes", "{\"text\":\"Regular guest, table 4\"}");
        assertThat(note.status()).isEqualTo(201);
        assertThat(note.body().path("text").asString()).isEqualTo("Regular guest, table 4");
        assertThat(note.body().path("author").path("login").asString()).isEqualTo("api");
        assertThat(note.body().path("author").path("id").isNull()).isTrue();
        assertThat(note.body().path("createdAt").isString()).isTrue();
        Answer empty = kit.post("/api/tickets/" + id + "/notes", "{\"text\":\"\"}");
        assertThat(empty.status()).isEqualTo(422);
        assertThat(empty.body().path("error").asString()).isEqualTo("invalid_note");

        Answer reply = kit.post("/api/tickets/" + id + "/articles", "{\"type\":\"text\",\"text\":\"Yes, at eight.\"}");
        assertThat(reply.status()).isEqualTo(202);
        assertThat(reply.body().path("author").path("login").asString()).isEqualTo("api");

        JsonNode shown = kit.get("/api/tickets/" + id).body();
        assertThat(shown.path("notes")).singleElement()
                .satisfies(n -> assertThat(n.path("id").asLong()).isEqualTo(note.body().path("id").asLong()));
        assertThat(shown.path("articles").get(0).has("author")).isFalse();
        assertThat(shown.path("articles").get(1).path("author").path("name").asString()).isEqualTo("api");
        assertThat(shown.path("unread").asInt()).isZero();
        assertThat(shown.path("lastArticle").path("id").asLong()).isEqualTo(reply.body().path("id").asLong());

        kit.send(text("club", waId, "wamid.Q2." + waId, "Thanks!", Instant.now()).build());
        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode listed = kit.tickets("club", waId).get(0);
            assertThat(listed.path("unread").asInt()).isEqualTo(1);
            assertThat(listed.path("lastArticle").path("text").asString()).isEqualTo("Thanks!");
            assertThat(listed.path("assignee").path("id").asLong()).isEqualTo(agentId);
        });

        Answer unassigned = kit.post("/api/tickets/" + id + "/assign", "{\"agentId\":null}");
        assertThat(unassigned.body().path("assignee").isNull()).isTrue();
    }

    @Test
    void cannedResponsesAreRenderedForTheTicket() {
        String waId = newCustomer();
        kit.send(text("club", waId, "wamid.C1." + waId, "Hello", Instant.now()).build());
        long id = kit.awaitOneTicket("club", waId).path("id").asLong();
        String name = "Welcome " + UUID.randomUUID();
        jdbc.sql("insert into canned_response (name, text, group_name, created_at, updated_at) values (?, ?, 'club', now(), now())")
                .params(name, "Hi {{customer.name|there}}, this is {{agent.name}} about #{{ticket.id}}.").update();

        Answer listed = kit.get("/api/canned-responses?ticketId=" + id);
        assertThat(listed.status()).isEqualTo(200);
        JsonNode item = listed.body().path("items").valueStream()
                .filter(i -> i.path("name").asString().equals(name)).findFirst().orElseThrow();
        assertThat(item.path("group").asString()).isEqualTo("club");
        assertThat(item.path("rendered").asString()).isEqualTo("Hi Ana " + waId + ", this is api about #" + id + ".");
        assertThat(kit.get("/api/canned-responses").body().path("items").valueStream()
                .filter(i -> i.path("name").asString().equals(name))).singleElement()
                .satisfies(i -> assertThat(i.has("rendered")).isFalse());

        Answer missing = kit.get("/api/canned-responses?ticketId=" + Long.MAX_VALUE);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body().path("error").asString()).isEqualTo("not_found");
        assertThat(kit.post("/api/tickets/" + Long.MAX_VALUE + "/notes", "{\"text\":\"x\"}").status()).isEqualTo(404);
        assertThat(kit.post("/api/tickets/" + Long.MAX_VALUE + "/assign", "{\"agentId\":null}").status()).isEqualTo(404);
    }

    private java.util.List<Long> listIds(String query) {
        Answer answer = kit.get("/api/tickets" + query);
        assertThat(answer.status()).isEqualTo(200);
        return answer.body().path("items").valueStream().map(t -> t.path("id").asLong()).toList();
    }

    /** An enabled agent of {@code group}, as a row (agents' own API is another part's). */
    private long agent(String group) {
        Timestamp now = Timestamp.from(Instant.now());
        long id = jdbc.sql("insert into agent (login, name, role, created_at, updated_at) values (?, ?, 'agent', ?, ?)"
                        + " returning id")
                .params("agent-" + UUID.randomUUID(), "Agent of " + group, now, now).query(Long.class).single();
        jdbc.sql("insert into agent_group (agent_id, group_name) values (?, ?)").params(id, group).update();
        return id;
    }
}
