package dev.switchboard.ticket.flow;

import static dev.switchboard.ticket.flow.TicketTestKit.newCustomer;
import static dev.switchboard.ticket.flow.TicketTestKit.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import dev.switchboard.events.DeliveryStatus;
import dev.switchboard.events.OutboundKind;
import dev.switchboard.events.OutboundRequest;
import dev.switchboard.events.OutboundType;
import dev.switchboard.events.ProviderError;
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

/** Conversations through a real broker and a real PostgreSQL, driven as ingress, outbound-service and agents would. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@UseSharedKafka
@UseSharedPostgres
@ActiveProfiles("flow")
class ConversationFlowTest {

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
    void aConversationFromFirstMessageToReadReply() {
        String waId = newCustomer();
        Instant sentAt = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS);

        kit.send(text("shop", waId, "wamid.IN." + waId, "Where is my order?", sentAt).build());

        JsonNode ticket = awaitOneTicket("shop", waId);
        assertThat(ticket.path("state").asString()).isEqualTo("open");
        assertThat(ticket.path("group").asString()).isEqualTo("Sales");
        assertThat(ticket.path("customer").path("name").asString()).isEqualTo("Ana " + waId);
        assertThat(ticket.path("window").path("open").asBoolean()).isTrue();
        assertThat(Instant.parse(ticket.path("window").path("expiresAt").asString())).isEqualTo(sentAt.plus(Duration.ofHours(24)));
        long ticketId = ticket.path("id").asLong();

        // The channel welcomes a customer's first message, once, as an outbound article with its request.
        OutboundRequest welcome = awaitRequest(r -> r.getKind() == OutboundKind.WELCOME && r.getRecipient().getWaId().equals(waId));
        assertThat(welcome.getText().getBody()).isEqualTo("Hi! An agent will be with you shortly.");
        assertThat(welcome.getNotAfter()).isEqualTo(sentAt.plus(Duration.ofHours(24)));

        Answer reply = kit.post("/api/tickets/" + ticketId + "/articles", "{\"type\":\"text\",\"text\":\"It ships today.\"}");
        assertThat(reply.status()).isEqualTo(202);
        assertThat(reply.body().path("status").asString()).isEqualTo("pending");
        assertThat(reply.body().path("direction").asString()).isEqualTo("outbound");
        long articleId = reply.body().path("id").asLong();

        OutboundRequest request = awaitRequest(r -> String.valueOf(articleId).equals(r.getArticleId()));
        assertThat(request.getKind()).isEqualTo(OutboundKind.AGENT_REPLY);
        assertThat(request.getType()).isEqualTo(OutboundType.TEXT);
        assertThat(request.getText().getBody()).isEqualTo("It ships today.");
        assertThat(request.getTicketId()).isEqualTo(String.valueOf(ticketId));
        assertThat(request.getBusinessInitiated()).isFalse();
        // … and the customer's message is marked read, as the channel asks.
        OutboundRequest read = awaitRequest(r -> r.getType() == OutboundType.MARK_READ && r.getRecipient().getWaId().equals(waId));
        assertThat(read.getMarkRead().getMessageId()).isEqualTo("wamid.IN." + waId);

        kit.send(TicketTestKit.accepted(request, "wamid.OUT." + waId));
        awaitArticle(ticketId, articleId, a -> assertThat(a.path("status").asString()).isEqualTo("sent"));
        kit.send(TicketTestKit.status("shop", waId, "wamid.OUT." + waId, DeliveryStatus.DELIVERED, Instant.now()));
        awaitArticle(ticketId, articleId, a -> assertThat(a.path("status").asString()).isEqualTo("delivered"));
        kit.send(TicketTestKit.status("shop", waId, "wamid.OUT." + waId, DeliveryStatus.READ, Instant.now()));
        awaitArticle(ticketId, articleId, a -> {
            assertThat(a.path("status").asString()).isEqualTo("read");
            assertThat(a.path("messageId").asString()).isEqualTo("wamid.OUT." + waId);
        });

        await().atMost(WAIT).untilAsserted(() -> assertThat(ticketEvents(ticketId)).extracting(e ->
                        e.getType() + (e.getArticle() == null ? "" : ":" + e.getArticle().getStatus()))
                .containsSubsequence("TICKET_OPENED", "ARTICLE_ADDED:RECEIVED", "ARTICLE_ADDED:PENDING",
                        "ARTICLE_STATUS_CHANGED:SENT", "ARTICLE_STATUS_CHANGED:DELIVERED", "ARTICLE_STATUS_CHANGED:READ"));
    }

    @Test
    void receiptsOutOfOrderOnlyEverMoveTheStatusForward() {
        String waId = newCustomer();
        kit.send(text("club", waId, "wamid.IN." + waId, "hello", Instant.now().minusSeconds(30)).build());
        long ticketId = awaitOneTicket("club", waId).path("id").asLong();
        long articleId = kit.post("/api/tickets/" + ticketId + "/articles", "{\"type\":\"text\",\"text\":\"hi\"}")
                .body().path("id").asLong();
        OutboundRequest request = awaitRequest(r -> String.valueOf(articleId).equals(r.getArticleId()));
        String wamid = "wamid.OUT." + waId;

        // WhatsApp's receipts overtake outbound-service's result, and come in the wrong order.
        kit.send(TicketTestKit.status("club", waId, wamid, DeliveryStatus.READ, Instant.now()));
        kit.send(TicketTestKit.status("club", waId, wamid, DeliveryStatus.DELIVERED, Instant.now()));
        kit.send(TicketTestKit.accepted(request, wamid));
        awaitArticle(ticketId, articleId, a -> assertThat(a.path("status").asString()).isEqualTo("read"));

        // Late and repeated receipts change nothing, and neither does a failure after the read.
        kit.send(TicketTestKit.status("club", waId, wamid, DeliveryStatus.SENT, Instant.now()));
        kit.send(TicketTestKit.status("club", waId, wamid, DeliveryStatus.DELIVERED, Instant.now()));
        kit.send(TicketTestKit.status("club", waId, wamid, DeliveryStatus.FAILED, Instant.now()));
        kit.send(TicketTestKit.accepted(request, wamid));
        String marker = "wamid.MARK." + waId;
        kit.send(text("club", waId, marker, "marker", Instant.now()).build());
        await().atMost(WAIT).until(() -> articles(ticketId).stream().anyMatch(a -> marker.equals(a.path("messageId").asString())));
        assertThat(article(ticketId, articleId).path("status").asString()).isEqualTo("read");
        // The marker's ARTICLE_ADDED event was written after every status change that happened.
        await().atMost(WAIT).until(() -> ticketEvents(ticketId).stream().anyMatch(e -> e.getArticle() != null
                && marker.equals(e.getArticle().getMessageId())));
        assertThat(ticketEvents(ticketId)).filteredOn(e -> e.getType() == TicketEventType.ARTICLE_STATUS_CHANGED)
                .extracting(e -> e.getArticle().getStatus().name()).containsExactly("SENT", "READ");
    }

    @Test
    void aFailedSendCarriesWhatsAppsErrorAndIsFinal() {
        String waId = newCustomer();
        kit.send(text("club", waId, "wamid.IN." + waId, "hello", Instant.now().minusSeconds(30)).build());
        long ticketId = awaitOneTicket("club", waId).path("id").asLong();
        long articleId = kit.post("/api/tickets/" + ticketId + "/articles", "{\"type\":\"text\",\"text\":\"hi\"}")
                .body().path("id").asLong();
        OutboundRequest request = awaitRequest(r -> String.valueOf(articleId).equals(r.getArticleId()));
        String wamid = "wamid.OUT." + waId;
        kit.send(TicketTestKit.accepted(request, wamid));
        kit.send(TicketTestKit.status("club", waId, wamid, DeliveryStatus.FAILED, Instant.now(),
                ProviderError.newBuilder().setCode(131047).setTitle("Re-engagement message")
                        .setMessage("More than 24 hours have passed since the recipient last replied").build()));

        awaitArticle(ticketId, articleId, a -> {
            assertThat(a.path("status").asString()).isEqualTo("failed");
            assertThat(a.path("error").path("code").asInt()).isEqualTo(131047);
            assertThat(a.path("error").path("title").asString()).isEqualTo("Re-engagement message");
        });
        kit.send(TicketTestKit.status("club", waId, wamid, DeliveryStatus.DELIVERED, Instant.now()));
        kit.send(TicketTestKit.status("club", waId, wamid, DeliveryStatus.READ, Instant.now()));
        String marker = "wamid.MARK." + waId;
        kit.send(text("club", waId, marker, "marker", Instant.now()).build());
        await().atMost(WAIT).until(() -> articles(ticketId).stream().anyMatch(a -> marker.equals(a.path("messageId").asString())));
        assertThat(article(ticketId, articleId).path("status").asString()).isEqualTo("failed");
    }

    @Test
    void outsideTheWindowOnlyTemplatesMayBeSent() {
        String waId = newCustomer();
        Instant longAgo = Instant.now().minus(Duration.ofHours(25));
        kit.send(text("club", waId, "wamid.IN." + waId, "hello, yesterday", longAgo).build());
        JsonNode ticket = awaitOneTicket("club", waId);
        assertThat(ticket.path("window").path("open").asBoolean()).isFalse();
        long ticketId = ticket.path("id").asLong();

        Answer text = kit.post("/api/tickets/" + ticketId + "/articles", "{\"type\":\"text\",\"text\":\"too late\"}");
        Answer template = kit.post("/api/tickets/" + ticketId + "/articles",
                "{\"type\":\"template\",\"template\":{\"name\":\"order_update\",\"language\":\"en_US\"}}");

        assertThat(text.status()).isEqualTo(409);
        assertThat(text.body().path("error").asString()).isEqualTo("service_window_closed");
        assertThat(template.status()).isEqualTo(202);
        long articleId = template.body().path("id").asLong();
        OutboundRequest request = awaitRequest(r -> String.valueOf(articleId).equals(r.getArticleId()));
        assertThat(request.getType()).isEqualTo(OutboundType.TEMPLATE);
        assertThat(request.getTemplate().getName()).isEqualTo("order_update");
        assertThat(request.getBusinessInitiated()).isTrue();
        assertThat(articles(ticketId)).hasSize(2);
    }

    @Test
    void whatTheBusinessWritesInTheWhatsAppBusinessAppIsAnOutboundArticleThatOpensNoWindow() {
        String waId = newCustomer();
        kit.send(text("club", waId, "wamid.IN." + waId, "hello, yesterday", Instant.now().minus(Duration.ofHours(25))).build());
        long ticketId = awaitOneTicket("club", waId).path("id").asLong();
        String echoId = "wamid.ECHO." + waId;
        // The echo's receipt overtakes the echo itself.
        kit.send(TicketTestKit.status("club", waId, echoId, DeliveryStatus.DELIVERED, Instant.now()));
        kit.send(text("club", waId, echoId, "we are open again from 9", Instant.now().minusSeconds(5)).setEcho(true).build());

        awaitArticles(ticketId, articles -> assertThat(articles).filteredOn(a -> echoId.equals(a.path("messageId").asString()))
                .singleElement().satisfies(a -> {
                    assertThat(a.path("direction").asString()).isEqualTo("outbound");
                    assertThat(a.path("text").asString()).isEqualTo("we are open again from 9");
                    assertThat(a.path("status").asString()).isEqualTo("delivered");
                }));
        // No customer message: the window stays closed and no welcome goes out.
        Answer text = kit.post("/api/tickets/" + ticketId + "/articles", "{\"type\":\"text\",\"text\":\"still closed?\"}");
        assertThat(text.status()).isEqualTo(409);
        assertThat(text.body().path("error").asString()).isEqualTo("service_window_closed");
        // A redelivered echo changes nothing.
        kit.send(text("club", waId, echoId, "we are open again from 9", Instant.now().minusSeconds(5)).setEcho(true).build());
        String marker = "wamid.MARK." + waId;
        kit.send(text("club", waId, marker, "marker", Instant.now().minus(Duration.ofHours(25))).build());
        awaitArticles(ticketId, articles -> assertThat(articles).anyMatch(a -> marker.equals(a.path("messageId").asString())));
        assertThat(articles(ticketId)).filteredOn(a -> echoId.equals(a.path("messageId").asString())).hasSize(1);
    }

    @Test
    void contentBeyondWhatsAppsLimitsIsRefusedWithFieldDetails() {
        String waId = newCustomer();
        kit.send(text("club", waId, "wamid.IN." + waId, "hello", Instant.now()).build());
        long ticketId = awaitOneTicket("club", waId).path("id").asLong();

        Answer tooLong = kit.post("/api/tickets/" + ticketId + "/articles",
                "{\"type\":\"text\",\"text\":\"" + "x".repeat(4097) + "\"}");
        Answer fourButtons = kit.post("/api/tickets/" + ticketId + "/articles", """
                {"type":"interactive","interactive":{"type":"button","body":{"text":"Pick one"},"action":{"buttons":[
                  {"type":"reply","reply":{"id":"a","title":"A"}},{"type":"reply","reply":{"id":"b","title":"B"}},
                  {"type":"reply","reply":{"id":"c","title":"C"}},{"type":"reply","reply":{"id":"d","title":"D"}}]}}}
                """);

        assertThat(tooLong.status()).isEqualTo(422);
        assertThat(tooLong.body().path("error").asString()).isEqualTo("invalid_message");
        assertThat(tooLong.body().path("details").valueStream().map(d -> d.path("field").asString())).contains("text");
        assertThat(fourButtons.status()).isEqualTo(422);
        assertThat(fourButtons.body().path("details").valueStream().map(d -> d.path("field").asString()))
                .anyMatch(f -> f.startsWith("interactive.action.buttons"));
        assertThat(articles(ticketId)).hasSize(1);
    }

    @Test
    void theAgentApiRefusesRequestsWithoutTheToken() {
        Answer none = kit.call(java.net.http.HttpRequest.newBuilder(kit.uri("/api/tickets")).GET());
        Answer wrong = kit.call(java.net.http.HttpRequest.newBuilder(kit.uri("/api/tickets"))
                .header("Authorization", "Bearer nope").GET());
        assertThat(none.status()).isEqualTo(401);
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(kit.get("/api/tickets").status()).isEqualTo(200);
    }

    @Test
    void aReactionLandsOnTheArticleItReactsTo() {
        String waId = newCustomer();
        Instant t0 = Instant.now().minusSeconds(100);
        kit.send(text("club", waId, "wamid.A." + waId, "photo of the damage", t0).build());
        long ticketId = awaitOneTicket("club", waId).path("id").asLong();

        kit.send(TicketTestKit.reaction("club", waId, "wamid.R1." + waId, "wamid.A." + waId, "👍", t0.plusSeconds(1)));
        awaitArticles(ticketId, a -> assertThat(a).singleElement().satisfies(article ->
                assertThat(article.path("reactions").valueStream().map(r -> r.path("emoji").asString())).containsExactly("👍")));
        kit.send(TicketTestKit.reaction("club", waId, "wamid.R2." + waId, "wamid.A." + waId, "❤️", t0.plusSeconds(2)));
        awaitArticles(ticketId, a -> assertThat(a).singleElement().satisfies(article ->
                assertThat(article.path("reactions").valueStream().map(r -> r.path("emoji").asString())).containsExactly("❤️")));
        // An older reaction delivered late does not undo the newer one; a removal does.
        kit.send(TicketTestKit.reaction("club", waId, "wamid.R1." + waId, "wamid.A." + waId, "👍", t0.plusSeconds(1)));
        kit.send(TicketTestKit.reaction("club", waId, "wamid.R3." + waId, "wamid.A." + waId, "", t0.plusSeconds(3)));
        awaitArticles(ticketId, a -> assertThat(a).singleElement().satisfies(article ->
                assertThat(article.path("reactions").isEmpty()).isTrue()));
    }

    @Test
    void stopEndsBusinessInitiatedMessagesUntilStart() {
        String waId = newCustomer();
        Instant longAgo = Instant.now().minus(Duration.ofHours(30));
        kit.send(text("club", waId, "wamid.STOP." + waId, " stop ", longAgo).build());
        long ticketId = awaitOneTicket("club", waId).path("id").asLong();
        String template = "{\"type\":\"template\",\"template\":{\"name\":\"promo\",\"language\":\"en\"}}";

        await().atMost(WAIT).untilAsserted(() -> assertThat(ticketEvents(ticketId)).extracting(TicketEvent::getType)
                .contains(TicketEventType.CUSTOMER_OPTED_OUT));
        Answer refused = kit.post("/api/tickets/" + ticketId + "/articles", template);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body().path("error").asString()).isEqualTo("recipient_opted_out");
        Answer started = kit.post("/api/tickets", "{\"channelId\":\"club\",\"customer\":{\"waId\":\"" + waId
                + "\"},\"article\":" + template + "}");
        assertThat(started.status()).isEqualTo(409);

        kit.send(text("club", waId, "wamid.START." + waId, "START", longAgo.plusSeconds(60)).build());
        await().atMost(WAIT).untilAsserted(() -> assertThat(ticketEvents(ticketId)).extracting(TicketEvent::getType)
                .contains(TicketEventType.CUSTOMER_OPTED_IN));
        assertThat(kit.post("/api/tickets/" + ticketId + "/articles", template).status()).isEqualTo(202);
    }

    @Test
    void afterACloseTheChannelReopensTheTicketOrOpensANewOne() {
        String reopening = newCustomer();
        String renewing = newCustomer();
        kit.send(text("club", reopening, "wamid.1." + reopening, "one", Instant.now()).build());
        kit.send(text("shop", renewing, "wamid.1." + renewing, "one", Instant.now()).build());
        long clubTicket = awaitOneTicket("club", reopening).path("id").asLong();
        long shopTicket = awaitOneTicket("shop", renewing).path("id").asLong();
        assertThat(kit.post("/api/tickets/" + clubTicket + "/close", "").body().path("state").asString()).isEqualTo("closed");
        assertThat(kit.post("/api/tickets/" + shopTicket + "/close", "").body().path("state").asString()).isEqualTo("closed");

        kit.send(text("club", reopening, "wamid.2." + reopening, "two", Instant.now()).build());
        kit.send(text("shop", renewing, "wamid.2." + renewing, "two", Instant.now()).build());

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(kit.tickets("club", reopening)).singleElement().satisfies(t -> {
                assertThat(t.path("id").asLong()).isEqualTo(clubTicket);
                assertThat(t.path("state").asString()).isEqualTo("open");
            });
            assertThat(kit.tickets("shop", renewing)).hasSize(2).first().satisfies(t -> {
                assertThat(t.path("id").asLong()).isNotEqualTo(shopTicket);
                assertThat(t.path("state").asString()).isEqualTo("open");
            });
        });
        // The old one cannot be reopened while the new one is open.
        Answer reopen = kit.post("/api/tickets/" + shopTicket + "/reopen", "");
        assertThat(reopen.status()).isEqualTo(409);
        assertThat(reopen.body().path("error").asString()).isEqualTo("another_ticket_open");
        // Only the first message of a conversation is welcomed.
        assertThat(out.values(Topics.OUTBOUND_REQUESTS.name(), OutboundRequest.class))
                .filteredOn(r -> r.getKind() == OutboundKind.WELCOME && r.getRecipient().getWaId().equals(renewing)).hasSize(1);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private JsonNode awaitOneTicket(String channelId, String waId) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode tickets = kit.tickets(channelId, waId);
            assertThat(tickets).hasSize(1);
            found[0] = tickets.get(0);
        });
        return found[0];
    }

    private List<JsonNode> articles(long ticketId) {
        return kit.get("/api/tickets/" + ticketId).body().path("articles").valueStream().toList();
    }

    private JsonNode article(long ticketId, long articleId) {
        return articles(ticketId).stream().filter(a -> a.path("id").asLong() == articleId).findFirst().orElseThrow();
    }

    private void awaitArticle(long ticketId, long articleId, java.util.function.Consumer<JsonNode> assertion) {
        await().atMost(WAIT).untilAsserted(() -> assertion.accept(article(ticketId, articleId)));
    }

    private void awaitArticles(long ticketId, java.util.function.Consumer<List<JsonNode>> assertion) {
        await().atMost(WAIT).untilAsserted(() -> assertion.accept(articles(ticketId)));
    }

    private OutboundRequest awaitRequest(java.util.function.Predicate<OutboundRequest> which) {
        return TicketTestKit.awaitRequest(out, which);
    }

    private List<TicketEvent> ticketEvents(long ticketId) {
        return out.values(Topics.TICKET_EVENTS.name(), TicketEvent.class).stream()
                .filter(e -> e.getTicketId().equals(String.valueOf(ticketId))).toList();
    }
}
