package dev.switchboard.ticket.flow;

import static dev.switchboard.ticket.flow.TicketTestKit.newCustomer;
import static dev.switchboard.ticket.flow.TicketTestKit.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import dev.switchboard.events.Call;
import dev.switchboard.events.Customer;
import dev.switchboard.events.InboundMessage;
import dev.switchboard.events.InboundMessageType;
import dev.switchboard.events.OutboundKind;
import dev.switchboard.events.OutboundRequest;
import dev.switchboard.events.SystemChange;
import dev.switchboard.events.SystemChangeKind;
import dev.switchboard.events.TicketEvent;
import dev.switchboard.events.TicketEventType;
import dev.switchboard.schemas.EventDeserializer;
import dev.switchboard.schemas.Topics;
import dev.switchboard.testing.SharedKafka;
import dev.switchboard.testing.TopicTail;
import dev.switchboard.testing.UseSharedKafka;
import dev.switchboard.testing.UseSharedPostgres;
import dev.switchboard.ticket.flow.TicketTestKit.Answer;
import tools.jackson.databind.JsonNode;

/**
 * One customer, several identities (wa_id, BSUID, parent BSUID, a changed number or BSUID): one conversation, one
 * ticket, one welcome, through a real broker and a real PostgreSQL. Messages under different identities are
 * published under different keys, as ingress does, so they may be applied by different listener threads.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@UseSharedKafka
@UseSharedPostgres
@ActiveProfiles("flow")
class IdentityFlowTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Value("${local.server.port}")
    private int port;

    private TicketTestKit kit;
    private TopicTail<SpecificRecord> out;

    @BeforeAll
    static void topics() {
        TicketTestKit.createTopics();
    }

    @BeforeEach
    void start() {
        kit = new TicketTestKit(port);
        out = TopicTail.fromNow(SharedKafka.bootstrapServers(), new EventDeserializer(),
                Topics.OUTBOUND_REQUESTS.name(), Topics.TICKET_EVENTS.name());
    }

    @AfterEach
    void stop() {
        out.close();
        kit.close();
    }

    @Test
    void aPhoneCustomerWhoThenWritesBsuidOnlyKeepsTheirTicketAndIsWelcomedOnce() {
        String waId = newCustomer();
        String bsuid = newBsuid();
        Instant t0 = Instant.now().minusSeconds(120).truncatedTo(ChronoUnit.SECONDS);

        kit.send(message("shop", "wamid.A." + waId, customer(waId, bsuid, null), "Hello", t0));
        long ticketId = awaitOneTicket("shop", waId).path("id").asLong();
        kit.send(message("shop", "wamid.B." + waId, customer(null, bsuid, null).setUsername("ana.w").build(),
                "It's me again", t0.plusSeconds(60)));

        awaitArticles(ticketId, articles -> assertThat(articles).extracting(a -> a.path("text").asString())
                .containsExactly("Hello", "Hi! An agent will be with you shortly.", "It's me again"));
        JsonNode ticket = awaitOneTicket("shop", bsuid);
        assertThat(ticket.path("id").asLong()).isEqualTo(ticketId);
        assertThat(ticket.path("customer").path("waId").asString()).isEqualTo(waId);
        assertThat(ticket.path("customer").path("userId").asString()).isEqualTo(bsuid);
        assertThat(ticket.path("customer").path("username").asString()).isEqualTo("ana.w");
        // the window runs from the BSUID-only message: it is the customer's
        assertThat(Instant.parse(ticket.path("window").path("expiresAt").asString()))
                .isEqualTo(t0.plusSeconds(60).plus(Duration.ofHours(24)));
        assertThat(kit.tickets("shop", waId)).hasSize(1);
        OutboundRequest welcome = awaitRequest(r -> r.getKind() == OutboundKind.WELCOME
                && (waId.equals(r.getRecipient().getWaId()) || bsuid.equals(r.getRecipient().getUserId())));
        assertThat(welcome.getRequestId()).isEqualTo("welcome:shop:" + waId);
        // every event names the conversation's key and the customer's other ids
        await().atMost(WAIT).untilAsserted(() -> assertThat(ticketEvents(ticketId))
                .filteredOn(e -> e.getType() == TicketEventType.ARTICLE_ADDED).hasSize(3)
                .allSatisfy(e -> assertThat(e.getCustomerKey()).isEqualTo(waId))
                .last().satisfies(e -> assertThat(e.getAliases()).containsExactly(bsuid)));
    }

    @Test
    void aBsuidOnlyCustomerWhoThenWritesWithTheirNumberKeepsTheirTicket() {
        String waId = newCustomer();
        String bsuid = newBsuid();
        Instant t0 = Instant.now().minusSeconds(120).truncatedTo(ChronoUnit.SECONDS);

        kit.send(message("shop", "wamid.A." + waId, customer(null, bsuid, null).build(), "Hi", t0));
        long ticketId = awaitOneTicket("shop", bsuid).path("id").asLong();
        kit.send(message("shop", "wamid.B." + waId, customer(waId, bsuid, null).build(), "My number", t0.plusSeconds(5)));

        awaitArticles(ticketId, articles -> assertThat(articles).hasSize(3));
        JsonNode ticket = awaitOneTicket("shop", waId);
        assertThat(ticket.path("id").asLong()).isEqualTo(ticketId);
        assertThat(ticket.path("customer").path("waId").asString()).isEqualTo(waId);
        OutboundRequest welcome = awaitRequest(r -> r.getKind() == OutboundKind.WELCOME
                && bsuid.equals(r.getRecipient().getUserId()));
        assertThat(welcome.getRequestId()).as("the conversation keeps the key it was created with")
                .isEqualTo("welcome:shop:" + bsuid);
        assertThat(kit.articles(ticketId)).filteredOn(a -> a.path("direction").asString().equals("outbound"))
                .hasSize(1);
    }

    @Test
    void aParentBsuidLeadsToItsCustomer() {
        String waId = newCustomer();
        String bsuid = newBsuid();
        String parent = "US.ENT." + bsuid.substring(3);
        String otherChild = newBsuid();
        Instant t0 = Instant.now().minusSeconds(120).truncatedTo(ChronoUnit.SECONDS);

        kit.send(message("club", "wamid.A." + waId, customer(waId, bsuid, parent).build(), "Hi", t0));
        long ticketId = awaitOneTicket("club", waId).path("id").asLong();
        kit.send(message("club", "wamid.B." + waId, customer(null, otherChild, parent).build(), "From the other app",
                t0.plusSeconds(5)));

        awaitArticles(ticketId, articles -> assertThat(articles).hasSize(2));
        assertThat(awaitOneTicket("club", otherChild).path("id").asLong()).isEqualTo(ticketId);
        assertThat(awaitOneTicket("club", parent).path("id").asLong()).isEqualTo(ticketId);
    }

    @Test
    void aNumberChangeKeepsTheTicketAndTheOldNumberBecomesSomeoneElses() {
        String oldNumber = newCustomer();
        String newNumber = newCustomer();
        String bsuid = newBsuid();
        Instant t0 = Instant.now().minusSeconds(600).truncatedTo(ChronoUnit.SECONDS);

        kit.send(message("shop", "wamid.A." + oldNumber, customer(oldNumber, bsuid, null).build(), "Hello", t0));
        long ticketId = awaitOneTicket("shop", oldNumber).path("id").asLong();
        kit.send(system("shop", "wamid.SYS." + oldNumber, customer(oldNumber, null, null).build(),
                SystemChange.newBuilder().setKind(SystemChangeKind.USER_CHANGED_NUMBER)
                        .setBody("User A changed from " + oldNumber + " to " + newNumber).setNewWaId(newNumber).build(),
                t0.plusSeconds(100)));
        // (the new number's messages come under another key: had one come first, the notice would merge the two)
        awaitArticles(ticketId, articles -> assertThat(articles).hasSize(3));
        kit.send(message("shop", "wamid.B." + newNumber, customer(newNumber, null, null).build(), "New phone",
                t0.plusSeconds(200)));

        awaitArticles(ticketId, articles -> assertThat(articles).extracting(a -> a.path("type").asString())
                .containsExactly("text", "text", "system", "text"));
        JsonNode ticket = awaitOneTicket("shop", newNumber);
        assertThat(ticket.path("id").asLong()).isEqualTo(ticketId);
        assertThat(ticket.path("customer").path("waId").asString()).isEqualTo(newNumber);

        // The old number, recycled: someone else, with a conversation (and a welcome) of their own.
        String stranger = newBsuid();
        kit.send(message("shop", "wamid.C." + oldNumber, customer(oldNumber, stranger, null).build(), "Who is this?",
                t0.plusSeconds(300)));
        JsonNode theirs = awaitOneTicket("shop", stranger);
        assertThat(theirs.path("id").asLong()).isNotEqualTo(ticketId);
        assertThat(theirs.path("customer").path("waId").asString()).isEqualTo(oldNumber);
        awaitArticles(theirs.path("id").asLong(), articles -> assertThat(articles).hasSize(2));
        awaitRequest(r -> r.getKind() == OutboundKind.WELCOME && r.getRequestId().equals("welcome:shop:" + oldNumber + "~2"));
        assertThat(kit.articles(ticketId)).hasSize(4);
        // tickets by the old number: the first customer's (the conversation keyed by it) and the stranger's
        assertThat(kit.tickets("shop", oldNumber)).hasSize(2);
    }

    @Test
    void aBsuidChangeWithItsPreviousBsuidKeepsTheTicket() {
        String waId = newCustomer();
        String before = newBsuid();
        String after = newBsuid();
        Instant t0 = Instant.now().minusSeconds(600).truncatedTo(ChronoUnit.SECONDS);

        kit.send(message("club", "wamid.A." + waId, customer(null, before, null).build(), "Hello", t0));
        long ticketId = awaitOneTicket("club", before).path("id").asLong();
        // user_changed_user_id carries no contacts: the sender is the previous BSUID
        kit.send(system("club", "wamid.SYS." + waId, customer(null, before, null).setName(null).build(),
                SystemChange.newBuilder().setKind(SystemChangeKind.USER_CHANGED_USER_ID).setPreviousUserId(before)
                        .setNewUserId(after).build(), t0.plusSeconds(100)));
        awaitArticles(ticketId, articles -> assertThat(articles).hasSize(2));
        kit.send(message("club", "wamid.B." + waId, customer(null, after, null).build(), "Still me", t0.plusSeconds(200)));

        awaitArticles(ticketId, articles -> assertThat(articles).hasSize(3));
        JsonNode ticket = awaitOneTicket("club", after);
        assertThat(ticket.path("id").asLong()).isEqualTo(ticketId);
        assertThat(ticket.path("customer").path("userId").asString()).isEqualTo(after);
        // the system notice opened no window of its own
        assertThat(Instant.parse(ticket.path("window").path("expiresAt").asString()))
                .isEqualTo(t0.plusSeconds(200).plus(Duration.ofHours(24)));
    }

    @Test
    void twoConversationsOfOneCustomerAreMergedOnceIntoTheOlder() {
        String waId = newCustomer();
        String bsuid = newBsuid();
        Instant t0 = Instant.now().minusSeconds(600).truncatedTo(ChronoUnit.SECONDS);

        kit.send(message("shop", "wamid.A." + waId, customer(waId, null, null).build(), "By phone", t0));
        long older = awaitOneTicket("shop", waId).path("id").asLong();
        kit.send(message("shop", "wamid.B." + waId, customer(null, bsuid, null).build(), "STOP", t0.plusSeconds(100)));
        long younger = awaitOneTicket("shop", bsuid).path("id").asLong();
        assertThat(younger).isNotEqualTo(older);

        InboundMessage both = message("shop", "wamid.C." + waId, customer(waId, bsuid, null).build(), "Both",
                t0.plusSeconds(50));
        kit.send(both);

        await().atMost(WAIT).untilAsserted(() -> assertThat(kit.get("/api/tickets/" + younger).body()
                .path("state").asString()).isEqualTo("closed"));
        JsonNode closed = kit.get("/api/tickets/" + younger).body();
        assertThat(closed.path("notes")).singleElement().satisfies(n -> assertThat(n.path("text").asString())
                .startsWith("Merged into #" + older));
        JsonNode kept = kit.get("/api/tickets/" + older).body();
        assertThat(kept.path("state").asString()).isEqualTo("open");
        assertThat(kept.path("articles")).extracting(a -> a.path("text").asString())
                .containsExactly("By phone", "Hi! An agent will be with you shortly.", "Both");
        // the newest of both windows, and the BSUID conversation's opt-out
        assertThat(Instant.parse(kept.path("window").path("expiresAt").asString()))
                .isEqualTo(t0.plusSeconds(100).plus(Duration.ofHours(24)));
        assertThat(kept.path("customer").path("optedOut").asBoolean()).isTrue();
        // both tickets are the customer's now, by either id
        assertThat(kit.tickets("shop", bsuid)).extracting(t -> t.path("id").asLong()).containsExactlyInAnyOrder(older, younger);
        await().atMost(WAIT).untilAsserted(() -> assertThat(ticketEvents(older))
                .filteredOn(e -> e.getType() == TicketEventType.CUSTOMER_MERGED).singleElement().satisfies(e -> {
                    assertThat(e.getCustomerKey()).isEqualTo(waId);
                    assertThat(e.getAliases()).containsExactly(bsuid);
                }));
        assertThat(ticketEvents(younger)).filteredOn(e -> e.getType() == TicketEventType.TICKET_CLOSED).hasSize(1);

        // A replay of all three merges nothing twice; a later message lands on the kept ticket.
        kit.send(message("shop", "wamid.A." + waId, customer(waId, null, null).build(), "By phone", t0));
        kit.send(message("shop", "wamid.B." + waId, customer(null, bsuid, null).build(), "STOP", t0.plusSeconds(100)));
        kit.send(both);
        kit.send(message("shop", "wamid.D." + waId, customer(null, bsuid, null).build(), "After", t0.plusSeconds(300)));
        awaitArticles(older, articles -> assertThat(articles).extracting(a -> a.path("text").asString())
                .containsExactly("By phone", "Hi! An agent will be with you shortly.", "Both", "After"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(ticketEvents(older))
                .filteredOn(e -> e.getType() == TicketEventType.ARTICLE_ADDED).hasSize(4));
        assertThat(out.values(Topics.TICKET_EVENTS.name(), TicketEvent.class))
                .filteredOn(e -> e.getType() == TicketEventType.CUSTOMER_MERGED && waId.equals(e.getCustomerKey()))
                .hasSize(1);
        assertThat(kit.get("/api/tickets/" + younger).body().path("articles")).hasSize(2);
    }

    @Test
    void aCallIsOnTheTimelineButOpensNoWindowAndSendsNoWelcome() {
        String waId = newCustomer();
        Instant longAgo = Instant.now().minus(Duration.ofHours(30)).truncatedTo(ChronoUnit.SECONDS);
        kit.send(message("club", "wamid.A." + waId, customer(waId, null, null).build(), "Hi", longAgo));
        long ticketId = awaitOneTicket("club", waId).path("id").asLong();

        kit.send(text("club", waId, "wacid.CALL." + waId, null, Instant.now().minusSeconds(10))
                .setType(InboundMessageType.CALL)
                .setCall(Call.newBuilder().setCallId("wacid.CALL." + waId).setEvent("terminate")
                        .setDirection("USER_INITIATED").setStatus("COMPLETED").setDurationSeconds(33L).build())
                .build());

        awaitArticles(ticketId, articles -> assertThat(articles).last().satisfies(a -> {
            assertThat(a.path("type").asString()).isEqualTo("call");
            assertThat(a.path("text").asString()).isEqualTo("Voice call, completed, 33 s");
        }));
        assertThat(kit.get("/api/tickets/" + ticketId).body().path("window").path("open").asBoolean()).isFalse();
    }

    @Test
    void customersAreFoundByNumberUsernameAndName() {
        String waId = newCustomer();
        String bsuid = newBsuid();
        String tag = Long.toString(Math.abs(UUID.randomUUID().getMostSignificantBits()), 36);
        kit.send(message("club", "wamid.A." + waId, customer(waId, bsuid, null).setName("Zoë " + tag)
                .setUsername("zoe_" + tag).build(), "Hi", Instant.now().minusSeconds(30)));
        long ticketId = awaitOneTicket("club", waId).path("id").asLong();

        for (String q : List.of("+" + waId.substring(0, waId.length() - 2), "@ZOE_" + tag, "zoë " + tag, "zoe_" + tag)) {
            Answer found = kit.get("/api/customers?channelId=club&q=" + java.net.URLEncoder.encode(q,
                    java.nio.charset.StandardCharsets.UTF_8));
            assertThat(found.status()).as(q).isEqualTo(200);
            assertThat(found.body().path("items")).as(q).anySatisfy(item -> {
                assertThat(item.path("customerId").asString()).isEqualTo(waId);
                assertThat(item.path("userId").asString()).isEqualTo(bsuid);
                assertThat(item.path("username").asString()).isEqualTo("zoe_" + tag);
                assertThat(item.path("ticketId").asLong()).isEqualTo(ticketId);
            });
        }
        assertThat(kit.get("/api/customers?channelId=shop&q=@zoe_" + tag).body().path("items")).isEmpty();
        assertThat(kit.get("/api/customers?q=%20").status()).isEqualTo(422);
    }

    @Test
    void aConversationIsStartedByBsuid() {
        String waId = newCustomer();
        String bsuid = newBsuid();
        String template = "{\"type\":\"template\",\"template\":{\"name\":\"promo\",\"language\":\"en\"}}";
        kit.send(message("club", "wamid.A." + waId, customer(waId, bsuid, null).build(), "Hi",
                Instant.now().minusSeconds(30)));
        long ticketId = awaitOneTicket("club", waId).path("id").asLong();

        // a known BSUID: the customer's conversation and open ticket
        Answer known = kit.post("/api/tickets", "{\"channelId\":\"club\",\"customer\":{\"userId\":\"" + bsuid
                + "\"},\"article\":" + template + "}");
        assertThat(known.status()).isEqualTo(201);
        assertThat(known.body().path("id").asLong()).isEqualTo(ticketId);

        // an unknown one: a new conversation keyed by it, sent to it
        String stranger = newBsuid();
        Answer started = kit.post("/api/tickets", "{\"channelId\":\"club\",\"customer\":{\"userId\":\"" + stranger
                + "\"},\"article\":" + template + "}");
        assertThat(started.status()).isEqualTo(201);
        assertThat(started.body().path("customer").path("userId").asString()).isEqualTo(stranger);
        long articleId = started.body().path("articles").get(0).path("id").asLong();
        OutboundRequest request = awaitRequest(r -> String.valueOf(articleId).equals(r.getArticleId()));
        assertThat(request.getRecipient().getUserId()).isEqualTo(stranger);
        assertThat(request.getRecipient().getWaId()).isNull();

        Answer invalid = kit.post("/api/tickets", "{\"channelId\":\"club\",\"customer\":{\"userId\":\"not a bsuid\"},"
                + "\"article\":" + template + "}");
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.body().path("details").get(0).path("field").asString()).isEqualTo("customer.userId");
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** A BSUID in Meta's format: a country, a period, digits. */
    static String newBsuid() {
        return "US.1" + Math.floorMod(UUID.randomUUID().getMostSignificantBits(), 1_000_000_000_000_000L);
    }

    private static Customer.Builder customer(String waId, String userId, String parentUserId) {
        return Customer.newBuilder().setWaId(waId).setUserId(userId).setParentUserId(parentUserId)
                .setName("Ana " + (waId != null ? waId : userId));
    }

    private static InboundMessage message(String channelId, String messageId, Customer.Builder customer, String text,
                                          Instant sentAt) {
        return message(channelId, messageId, customer.build(), text, sentAt);
    }

    private static InboundMessage message(String channelId, String messageId, Customer customer, String text,
                                          Instant sentAt) {
        return text(channelId, "0", messageId, text, sentAt).setCustomer(customer).build();
    }

    private static InboundMessage system(String channelId, String messageId, Customer customer, SystemChange change,
                                         Instant sentAt) {
        return text(channelId, "0", messageId, null, sentAt).setCustomer(customer).setType(InboundMessageType.SYSTEM)
                .setSystem(change).build();
    }

    private JsonNode awaitOneTicket(String channelId, String customer) {
        return kit.awaitOneTicket(channelId, customer);
    }

    private void awaitArticles(long ticketId, java.util.function.Consumer<List<JsonNode>> assertion) {
        await().atMost(WAIT).untilAsserted(() -> assertion.accept(kit.articles(ticketId)));
    }

    private OutboundRequest awaitRequest(java.util.function.Predicate<OutboundRequest> which) {
        return TicketTestKit.awaitRequest(out, which);
    }

    private List<TicketEvent> ticketEvents(long ticketId) {
        return out.values(Topics.TICKET_EVENTS.name(), TicketEvent.class).stream()
                .filter(e -> e.getTicketId().equals(String.valueOf(ticketId))).toList();
    }
}
