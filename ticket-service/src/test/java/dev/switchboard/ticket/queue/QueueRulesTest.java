package dev.switchboard.ticket.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.avro.specific.SpecificRecord;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

import dev.switchboard.events.OutboundRequest;
import dev.switchboard.events.TicketEvent;
import dev.switchboard.events.TicketEventType;
import dev.switchboard.schemas.EventDeserializer;
import dev.switchboard.schemas.Topics;
import dev.switchboard.schemas.testing.TestEvents;
import dev.switchboard.testing.SharedKafka;
import dev.switchboard.testing.TopicTail;
import dev.switchboard.testing.UseSharedKafka;
import dev.switchboard.testing.UseSharedPostgres;
import dev.switchboard.ticket.access.Caller;
import dev.switchboard.ticket.agent.AgentActions;
import dev.switchboard.ticket.agent.Refusal;
import dev.switchboard.ticket.canned.CannedResponses;
import dev.switchboard.ticket.note.Notes;
import dev.switchboard.ticket.store.TicketRepository;
import dev.switchboard.ticket.store.TicketRepository.TicketRow;
import dev.switchboard.ticket.store.TicketState;
import tools.jackson.databind.json.JsonMapper;

/**
 * The queue's rules driven with explicit callers (agents inserted as rows, the static token), against the real
 * PostgreSQL: who sees which ticket, assignment, unread counts, notes, authors, canned responses. Every test uses
 * groups of its own, so the lists it reads hold only its tickets.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@UseSharedKafka
@UseSharedPostgres
@ActiveProfiles("flow")
class QueueRulesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Caller ADMIN = Caller.staticToken("api");

    @Autowired
    private Queue queue;
    @Autowired
    private Notes notes;
    @Autowired
    private AgentActions actions;
    @Autowired
    private CannedResponses canned;
    @Autowired
    private TicketRepository tickets;
    @Autowired
    private JdbcClient jdbc;

    private TopicTail<SpecificRecord> events;
    private String g1;
    private String g2;

    @BeforeAll
    static void topics() {
        TestEvents.createCatalogueTopics(2);
    }

    @BeforeEach
    void start() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        g1 = "g1-" + suffix;
        g2 = "g2-" + suffix;
        events = TopicTail.fromNow(SharedKafka.bootstrapServers(), new EventDeserializer(), Topics.TICKET_EVENTS.name(),
                Topics.OUTBOUND_REQUESTS.name());
    }

    @AfterEach
    void stop() {
        events.close();
    }

    @Test
    void aTicketOfAnotherGroupDoesNotExistForAnAgent() {
        Caller ana = agent("agent", true, g1);
        Caller ben = agent("agent", true, g2);
        TicketRow mine = ticket(g1);
        TicketRow theirs = ticket(g2);
        TicketRow groupless = ticket(null);

        assertThat(queue.ticket(ana, mine.id())).isEqualTo(mine);
        notFound(() -> queue.ticket(ana, theirs.id()));
        notFound(() -> actions.reply(ana, theirs.id(), JSON.readTree("{\"type\":\"text\",\"text\":\"hi\"}")));
        notFound(() -> actions.checkCanReplyWithFiles(ana, theirs.id()));
        notFound(() -> actions.close(ana, theirs.id()));
        notFound(() -> actions.reopen(ana, theirs.id()));
        notFound(() -> queue.assign(ana, theirs.id(), ana.agentId()));
        notFound(() -> notes.add(ana, theirs.id(), "a note"));
        notFound(() -> canned.list(ana, theirs.id()));
        notFound(() -> queue.ticket(ana, groupless.id()));
        notFound(() -> queue.ticket(ana, Long.MAX_VALUE));
        assertThat(queue.ticket(ben, theirs.id())).isEqualTo(theirs);
        assertThat(queue.ticket(ADMIN, groupless.id())).isEqualTo(groupless);

        assertThat(ids(queue.list(ana, filter(null, null), 200, 0))).contains(mine.id())
                .doesNotContain(theirs.id(), groupless.id());
        assertThat(ids(queue.list(ana, filter(g2, null), 200, 0))).isEmpty();
        assertThat(ids(queue.list(ben, filter(g2, null), 200, 0))).containsExactly(theirs.id());
        assertThat(ids(queue.list(ADMIN, filter(g1, null), 200, 0))).containsExactly(mine.id());

        // a conversation started on a channel of a group the agent cannot see: as if the channel did not exist
        assertThatThrownBy(() -> actions.start(ana, "shop", TestEvents.newCustomer(), null,
                JSON.readTree("{\"type\":\"text\",\"text\":\"hi\"}")))
                .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.reason()).isEqualTo(Refusal.Reason.UNKNOWN_CHANNEL));
    }

    @Test
    void aTicketIsAssignedOnlyToAnEnabledAgentWhoSeesItsGroup() {
        Caller ana = agent("agent", true, g1);
        Caller cleo = agent("agent", true, g1);
        Caller ben = agent("agent", true, g2);
        Caller gone = agent("agent", false, g1);
        Caller boss = agent("admin", true);
        TicketRow ticket = ticket(g1);
        TicketRow other = ticket(g1);

        invalidAssignee(() -> queue.assign(ana, ticket.id(), ben.agentId()));
        invalidAssignee(() -> queue.assign(ana, ticket.id(), gone.agentId()));
        invalidAssignee(() -> queue.assign(ana, ticket.id(), Long.MAX_VALUE));
        assertThat(queue.facts(ana, ticket).assignee()).isNull();

        // an agent may assign to anyone who can see the ticket, an admin of no group included
        queue.assign(ana, ticket.id(), cleo.agentId());
        assertThat(queue.facts(ana, ticket).assignee()).isEqualTo(new AgentRef(cleo.agentId(), cleo.login(), cleo.name()));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(events(ticket.id()))
                .anySatisfy(e -> {
                    assertThat(e.getType()).isEqualTo(TicketEventType.TICKET_ASSIGNED);
                    assertThat(e.getAgent()).isEqualTo(ana.login());
                    assertThat(e.getAssignee()).isEqualTo(cleo.login());
                }));
        queue.assign(ADMIN, other.id(), boss.agentId());
        assertThat(queue.facts(ADMIN, other).assignee().login()).isEqualTo(boss.login());

        assertThat(ids(queue.list(cleo, filter(g1, "me"), 200, 0))).containsExactly(ticket.id());
        assertThat(ids(queue.list(ana, filter(g1, "me"), 200, 0))).isEmpty();
        assertThat(ids(queue.list(ana, filter(g1, String.valueOf(boss.agentId())), 200, 0))).containsExactly(other.id());
        assertThat(ids(queue.list(ana, filter(g1, "none"), 200, 0))).isEmpty();
        assertThat(ids(queue.list(ADMIN, filter(g1, "me"), 200, 0))).isEmpty();
        assertThatThrownBy(() -> queue.list(ana, filter(g1, "alice"), 200, 0)).isInstanceOf(Refusal.class);

        queue.assign(cleo, ticket.id(), null);
        assertThat(queue.facts(ana, ticket).assignee()).isNull();
        assertThat(ids(queue.list(ana, filter(g1, "none"), 200, 0))).containsExactly(ticket.id());
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(events(ticket.id()))
                .anySatisfy(e -> {
                    assertThat(e.getType()).isEqualTo(TicketEventType.TICKET_ASSIGNED);
                    assertThat(e.getAgent()).isEqualTo(cleo.login());
                    assertThat(e.getAssignee()).isNull();
                }));
    }

    @Test
    void unreadCountsTheCustomersArticlesAfterEachAgentsLastView() {
        Caller ana = agent("agent", true, g1);
        Caller cleo = agent("agent", true, g1);
        TicketRow ticket = ticket(g1);
        article(ticket, "inbound", "Hello?");
        long second = article(ticket, "inbound", "x".repeat(200));

        Queue.Facts facts = queue.facts(ana, ticket);
        assertThat(facts.unread()).isEqualTo(2);
        assertThat(facts.lastArticle().id()).isEqualTo(second);
        assertThat(facts.lastArticle().text()).hasSize(140);
        assertThat(facts.lastArticle().status()).isEqualTo("received");

        queue.viewed(ana, ticket.id(), second);
        assertThat(queue.facts(ana, ticket).unread()).isZero();
        assertThat(queue.facts(cleo, ticket).unread()).isEqualTo(2);
        article(ticket, "inbound", "Anyone?");
        assertThat(queue.facts(ana, ticket).unread()).isEqualTo(1);
        queue.viewed(ana, ticket.id(), second); // an older view never moves the mark back
        assertThat(queue.facts(ana, ticket).unread()).isEqualTo(1);

        // a static token has no views: what came after the newest outbound article is unread
        assertThat(queue.facts(ADMIN, ticket).unread()).isEqualTo(3);
        article(ticket, "outbound", "We are here.");
        long after = article(ticket, "inbound", "Great");
        assertThat(queue.facts(ADMIN, ticket).unread()).isEqualTo(1);
        assertThat(queue.facts(ADMIN, ticket).lastArticle().id()).isEqualTo(after);
    }

    @Test
    void notesAreKeptWithTheirAuthorAndAnnouncedButNeverSent() {
        Caller ana = agent("agent", true, g1);
        TicketRow ticket = ticket(g1);

        for (String bad : new String[] {null, " ", "x".repeat(10_001)}) {
            assertThatThrownBy(() -> notes.add(ana, ticket.id(), bad)).isInstanceOfSatisfying(Refusal.class,
                    r -> assertThat(r.reason()).isEqualTo(Refusal.Reason.INVALID_NOTE));
        }
        Notes.Note note = notes.add(ana, ticket.id(), "Customer is a VIP");
        notes.add(ADMIN, ticket.id(), "x".repeat(10_000));

        assertThat(notes.of(ticket.id())).extracting(Notes.Note::author).containsExactly(
                new AgentRef(ana.agentId(), ana.login(), ana.name()), new AgentRef(null, "api", "api"));
        assertThat(notes.of(ticket.id()).get(0)).isEqualTo(note);
        assertThat(tickets.articles(ticket.id())).isEmpty();
        // a reply after the notes: its request is relayed after anything the notes could have written (one key)
        openWindow(ticket);
        long reply = actions.reply(ana, ticket.id(), JSON.readTree("{\"type\":\"text\",\"text\":\"Hi\"}")).id();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(requests(ticket.id()))
                .extracting(OutboundRequest::getArticleId).containsExactly(String.valueOf(reply)));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(events(ticket.id()))
                .anySatisfy(e -> {
                    assertThat(e.getType()).isEqualTo(TicketEventType.NOTE_ADDED);
                    assertThat(e.getAgent()).isEqualTo(ana.login());
                }));
    }

    @Test
    void everyReplyNamesItsAuthor() {
        Caller ana = agent("agent", true, g1);
        TicketRow ticket = ticket(g1);
        openWindow(ticket);

        long byAna = actions.reply(ana, ticket.id(), JSON.readTree("{\"type\":\"text\",\"text\":\"Hi\"}")).id();
        long byToken = actions.reply(ADMIN, ticket.id(), JSON.readTree("{\"type\":\"text\",\"text\":\"Hi again\"}")).id();
        actions.close(ana, ticket.id());

        assertThat(queue.authors(ticket.id())).containsExactlyInAnyOrderEntriesOf(Map.of(
                byAna, new AgentRef(ana.agentId(), ana.login(), ana.name()), byToken, new AgentRef(null, "api", "api")));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(events(ticket.id()))
                .extracting(e -> e.getType() + ":" + e.getAgent())
                .contains(TicketEventType.ARTICLE_ADDED + ":" + ana.login(), TicketEventType.ARTICLE_ADDED + ":api",
                        TicketEventType.TICKET_CLOSED + ":" + ana.login()));
    }

    @Test
    void cannedResponsesAreThoseOfTheCallersGroupsRenderedForATicket() {
        Caller ana = agent("agent", true, g1);
        TicketRow ticket = ticket(g1);
        String global = "Greeting " + g1;
        canned.create(global, "Hi {{customer.name|there}}, {{agent.name}} here (#{{ticket.id}}, {{channel.id}}, "
                + "{{customer.waId}}).", null);
        canned.create("Ours", "For " + g1, g1);
        canned.create("Theirs", "For " + g2, g2);
        canned.create("Ours", "Same name, other group", g2);

        assertThat(canned.list(ana, null)).extracting(l -> l.response().text())
                .contains("For " + g1).doesNotContain("For " + g2, "Same name, other group");
        assertThat(canned.list(ADMIN, null)).extracting(l -> l.response().text()).contains("For " + g1, "For " + g2);
        List<CannedResponses.Listed> forTicket = canned.list(ana, ticket.id());
        assertThat(forTicket).extracting(l -> l.response().group()).containsOnly(null, g1);
        assertThat(forTicket).filteredOn(l -> l.response().name().equals(global)).singleElement()
                .satisfies(l -> assertThat(l.rendered()).isEqualTo("Hi there, " + ana.name() + " here (#" + ticket.id()
                        + ", shop, " + ticket.customerId() + ")."));

        invalidCanned(() -> canned.create("Bad", "Hi {{customer.email}}", g1), "text");
        invalidCanned(() -> canned.create("Ours", "again", g1), "name");
        invalidCanned(() -> canned.create(" ", "", g1), "name");
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private Caller agent(String role, boolean enabled, String... groups) {
        String login = "agent-" + UUID.randomUUID().toString().substring(0, 12);
        Instant now = Instant.now();
        long id = jdbc.sql("""
                        insert into agent (login, name, role, enabled, created_at, updated_at)
                        values (?, ?, ?, ?, ?, ?) returning id
                        """)
                .params(login, "Name of " + login, role, enabled, Timestamp.from(now),
                        Timestamp.from(now))
                .query(Long.class).single();
        for (String group : groups) {
            jdbc.sql("insert into agent_group (agent_id, group_name) values (?, ?)").params(id, group).update();
        }
        return new Caller(id, login, "Name of " + login, "admin".equals(role) ? Caller.Role.ADMIN : Caller.Role.AGENT,
                Set.of(groups));
    }

    /** A new customer's open ticket on the channel "shop", in {@code group}. */
    private TicketRow ticket(String group) {
        String waId = TestEvents.newCustomer();
        tickets.upsertConversation("shop", waId, waId, null, null, Instant.now());
        return tickets.createTicket("shop", waId, group, Instant.now());
    }

    /** As if the customer had just written: free text may be sent. */
    private void openWindow(TicketRow ticket) {
        jdbc.sql("update conversation set last_customer_message_at = ? where channel_id = ? and customer_id = ?")
                .params(Timestamp.from(Instant.now()), ticket.channelId(), ticket.customerId()).update();
    }

    private long article(TicketRow ticket, String direction, String text) {
        return jdbc.sql("""
                        insert into article (ticket_id, channel_id, direction, type, status, text, created_at)
                        values (?, ?, ?, 'text', ?, ?, now()) returning id
                        """)
                .params(ticket.id(), ticket.channelId(), direction, direction.equals("inbound") ? "received" : "sent", text)
                .query(Long.class).single();
    }

    private static Queue.Filter filter(String group, String assignee) {
        return new Queue.Filter(TicketState.OPEN, null, null, group, assignee);
    }

    private static List<Long> ids(List<TicketRow> rows) {
        return rows.stream().map(TicketRow::id).toList();
    }

    private List<TicketEvent> events(long ticketId) {
        return events.values(Topics.TICKET_EVENTS.name(), TicketEvent.class).stream()
                .filter(e -> e.getTicketId().equals(String.valueOf(ticketId))).toList();
    }

    private List<OutboundRequest> requests(long ticketId) {
        return events.values(Topics.OUTBOUND_REQUESTS.name(), OutboundRequest.class).stream()
                .filter(r -> String.valueOf(ticketId).equals(r.getTicketId())).toList();
    }

    private static void notFound(ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(Refusal.class,
                r -> assertThat(r.reason()).isEqualTo(Refusal.Reason.NOT_FOUND));
    }

    private static void invalidAssignee(ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(Refusal.class, r -> {
            assertThat(r.reason()).isEqualTo(Refusal.Reason.INVALID_ASSIGNEE);
            assertThat(r.details()).extracting(d -> d.field()).containsExactly("agentId");
        });
    }

    private static void invalidCanned(ThrowingCallable call, String field) {
        assertThatThrownBy(call).isInstanceOfSatisfying(Refusal.class, r -> {
            assertThat(r.reason()).isEqualTo(Refusal.Reason.INVALID_CANNED_RESPONSE);
            assertThat(r.details()).extracting(d -> d.field()).contains(field);
        });
    }
}
