package dev.switchboard.ticket.flow;

import static dev.switchboard.ticket.flow.TicketTestKit.newCustomer;
import static dev.switchboard.ticket.flow.TicketTestKit.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

import dev.switchboard.events.AccountAlert;
import dev.switchboard.events.AccountEvent;
import dev.switchboard.events.AccountEventType;
import dev.switchboard.events.ArticleStatus;
import dev.switchboard.events.DeliveryStatus;
import dev.switchboard.events.FailureKind;
import dev.switchboard.events.MessageStatus;
import dev.switchboard.events.OutboundOutcome;
import dev.switchboard.events.OutboundRequest;
import dev.switchboard.events.Pricing;
import dev.switchboard.events.Provider;
import dev.switchboard.events.ProviderError;
import dev.switchboard.events.TicketEvent;
import dev.switchboard.events.TicketEventType;
import dev.switchboard.schemas.EventDeserializer;
import dev.switchboard.schemas.Topics;
import dev.switchboard.testing.SharedKafka;
import dev.switchboard.testing.TopicTail;
import dev.switchboard.testing.UseSharedKafka;
import dev.switchboard.testing.UseSharedPostgres;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.JsonNode;

/**
 * Pricing and marketing limits end to end (real Kafka and PostgreSQL): the pricing of Meta's statuses kept once per
 * message (also when the statuses overtook the send result) and summed in GET /api/billing and the ticket; the split
 * warning before a reply of several files; 131049 retried after 12 h, then 24 h, then given up, never twice for a
 * redelivered failure, and not at all for a customer who stopped marketing messages (131050).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@UseSharedKafka
@UseSharedPostgres
@ActiveProfiles("flow")
class BillingFlowTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String TEMPLATE = "{\"type\":\"template\",\"template\":{\"name\":\"spring_sale\",\"language\":\"en\"}}";

    @Value("${local.server.port}")
    private int port;
    @Autowired
    private JdbcClient jdbc;
    @Autowired
    private MeterRegistry meters;

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
    void thePricingOfStatusesIsKeptOncePerMessageAndSummedPerTicketAndDay() {
        String waId = newCustomer();
        long ticketId = ticketOf("club", waId);
        double counted = billableCounter();
        long billedToday = billedToday("club", "service", "regular");

        // statuses first (they overtook the send result), sent and delivered with the same pricing
        long first = reply(ticketId, "{\"type\":\"text\",\"text\":\"Hello\"}");
        OutboundRequest firstRequest = requestOf(first, waId);
        String firstWamid = "wamid.BILL.1." + waId;
        Instant sentAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        kit.send(priced(status(waId, firstWamid, DeliveryStatus.SENT, sentAt), true, "service", "regular"));
        kit.send(priced(status(waId, firstWamid, DeliveryStatus.DELIVERED, sentAt.plusSeconds(1)), true, "service", "regular"));
        await().atMost(WAIT).until(() -> jdbc.sql("select count(*) from pending_status where message_id = ?")
                .param(firstWamid).query(Long.class).single() == 2);
        kit.send(TicketTestKit.accepted(firstRequest, firstWamid));

        // the result first, then sent, delivered and read with the same pricing
        long second = reply(ticketId, "{\"type\":\"text\",\"text\":\"Anything else?\"}");
        String secondWamid = "wamid.BILL.2." + waId;
        kit.send(TicketTestKit.accepted(requestOf(second, waId), secondWamid));
        awaitStatus(ticketId, second, "sent");
        for (DeliveryStatus status : List.of(DeliveryStatus.SENT, DeliveryStatus.DELIVERED, DeliveryStatus.READ)) {
            kit.send(priced(status(waId, secondWamid, status, sentAt.plusSeconds(5)), true, "service", "regular"));
        }

        // a free one is priced, not billable
        long third = reply(ticketId, "{\"type\":\"text\",\"text\":\"Bye\"}");
        String thirdWamid = "wamid.BILL.3." + waId;
        kit.send(TicketTestKit.accepted(requestOf(third, waId), thirdWamid));
        kit.send(priced(status(waId, thirdWamid, DeliveryStatus.DELIVERED, sentAt.plusSeconds(9)), false, "service",
                "free_customer_service"));

        awaitStatus(ticketId, first, "delivered");
        awaitStatus(ticketId, second, "read");
        awaitStatus(ticketId, third, "delivered");
        await().atMost(WAIT).untilAsserted(() -> assertThat(kit.get("/api/tickets/" + ticketId).body()
                .path("billableMessages").asLong()).isEqualTo(2));
        assertThat(kit.get("/api/tickets?state=all&channelId=club&customer=" + waId).body().path("items").get(0)
                .path("billableMessages").asLong()).isEqualTo(2);
        assertThat(billedToday("club", "service", "regular")).isEqualTo(billedToday + 2);
        assertThat(billableCounter()).isEqualTo(counted + 2);
        assertThat(jdbc.sql("select count(*) from pending_pricing where message_id = ?").param(firstWamid)
                .query(Long.class).single()).isZero();
        // the pricing of the first status that carried it, whichever came first
        assertThat(jdbc.sql("select priced_at from article where id = ?").param(first).query(java.sql.Timestamp.class)
                .single().toInstant()).isEqualTo(sentAt);

        // ARTICLE_STATUS_CHANGED tells other systems what Meta charges
        await().atMost(WAIT).untilAsserted(() -> assertThat(events(waId, TicketEventType.ARTICLE_STATUS_CHANGED))
                .anySatisfy(e -> {
                    assertThat(e.getArticle().getArticleId()).isEqualTo(String.valueOf(second));
                    assertThat(e.getArticle().getStatus()).isEqualTo(ArticleStatus.READ);
                    assertThat(e.getArticle().getPricing().getCategory()).isEqualTo("service");
                    assertThat(e.getArticle().getPricing().getBillable()).isTrue();
                }));
    }

    @Test
    void theBillingApiChecksItsPeriod() {
        TicketTestKit.Answer backwards = kit.get("/api/billing?from=2026-12-06&to=2026-12-01");
        assertThat(backwards.status()).isEqualTo(400);
        assertThat(backwards.body().path("error").asString()).isEqualTo("invalid_request");
        TicketTestKit.Answer defaults = kit.get("/api/billing");
        assertThat(defaults.status()).isEqualTo(200);
        assertThat(defaults.body().path("to").asString()).isEqualTo(LocalDate.now(ZoneOffset.UTC).toString());
    }

    @Test
    void theEstimateOfAReplyOfThreeFilesSaysThreeBillableMessages() {
        long ticketId = ticketOf("club", newCustomer());
        TicketTestKit.Answer described = kit.post("/api/tickets/" + ticketId + "/articles/estimate", """
                {"files":[{"mimeType":"image/png","size":1000,"filename":"a.png"},
                          {"mimeType":"image/png","size":2000,"filename":"b.png"},
                          {"mimeType":"application/pdf","size":3000,"filename":"c.pdf"}],"caption":"The three"}""");
        assertThat(described.status()).as(described.body().toString()).isEqualTo(200);
        assertThat(described.body().path("messages").asInt()).isEqualTo(3);
        assertThat(described.body().path("billableMessages").asInt()).isEqualTo(3);
        assertThat(described.body().path("category").asString()).isEqualTo("service");
        assertThat(described.body().path("free").asBoolean()).isFalse();
        assertThat(described.body().path("reason").asString()).contains("billed per message");

        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};
        TicketTestKit.Answer uploaded = kit.postFiles("/api/tickets/" + ticketId + "/articles/estimate", List.of(
                new TicketTestKit.FilePart("a.png", "image/png", png), new TicketTestKit.FilePart("b.png", "image/png", png),
                new TicketTestKit.FilePart("c.png", "image/png", png)));
        assertThat(uploaded.status()).as(uploaded.body().toString()).isEqualTo(200);
        assertThat(uploaded.body().path("billableMessages").asInt()).isEqualTo(3);
        assertThat(kit.articles(ticketId)).as("an estimate sends nothing").hasSize(1);

        TicketTestKit.Answer text = kit.post("/api/tickets/" + ticketId + "/articles/estimate",
                "{\"type\":\"text\",\"text\":\"One message\"}");
        assertThat(text.body().path("messages").asInt()).isEqualTo(1);
        assertThat(text.body().path("billableMessages").asInt()).isEqualTo(1);
        assertThat(kit.post("/api/tickets/" + ticketId + "/articles/estimate", "{\"type\":\"text\"}").status())
                .as("refused as the reply would be").isEqualTo(422);
        TicketTestKit.Answer sent = kit.post("/api/tickets/" + ticketId + "/articles", "{\"type\":\"text\",\"text\":\"Hi\"}");
        assertThat(sent.status()).isEqualTo(202);
        assertThat(sent.body().path("billableMessages").asInt()).isEqualTo(1);
    }

    @Test
    void aMarketingLimitIsRetriedAfter12hThen24hThenGivenUpAndNeverTwice() {
        String waId = newCustomer();
        long ticketId = ticketOf("club", waId);
        long original = reply(ticketId, TEMPLATE);
        OutboundRequest request = requestOf(original, waId);
        String wamid = "wamid.LIMIT.0." + waId;
        kit.send(TicketTestKit.accepted(request, wamid));
        Instant failedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        MessageStatus limited = status(waId, wamid, DeliveryStatus.FAILED, failedAt, limitError());
        kit.send(limited);

        OutboundRequest first = awaitRequest(r -> r.getRequestId().equals(request.getRequestId() + ":retry1"));
        assertThat(first.getNotBefore()).isEqualTo(failedAt.plus(Duration.ofHours(12)));
        assertThat(first.getRetryOf()).isEqualTo(request.getRequestId());
        assertThat(first.getRetryNumber()).isEqualTo(1);
        assertThat(first.getTemplate().getName()).isEqualTo("spring_sale");
        assertThat(first.getRecipient().getWaId()).isEqualTo(waId);
        long firstRetry = Long.parseLong(first.getArticleId());
        JsonNode failed = article(ticketId, original);
        assertThat(failed.path("status").asString()).isEqualTo("failed");
        assertThat(failed.path("error").path("message").asString())
                .contains("retry 1 of 2 as article #" + firstRetry).contains("not before");
        JsonNode pendingRetry = article(ticketId, firstRetry);
        assertThat(pendingRetry.path("status").asString()).isEqualTo("pending");
        assertThat(pendingRetry.path("retry").path("articleId").asLong()).isEqualTo(original);
        assertThat(pendingRetry.path("retry").path("number").asInt()).isEqualTo(1);
        assertThat(pendingRetry.path("retry").path("of").asInt()).isEqualTo(2);

        // the same failure redelivered (and a replayed one, with a new event id) schedules nothing more
        kit.send(limited);
        kit.send(status(waId, wamid, DeliveryStatus.FAILED, failedAt.plusSeconds(3), limitError()));

        // the first retry fails too (as outbound-service's result): the second, 24 h after that failure
        Instant secondFailure = failedAt.plus(Duration.ofHours(12)).plusSeconds(40);
        kit.send(TicketTestKit.result(first).setOutcome(OutboundOutcome.FAILED)
                .setFailureKind(FailureKind.MARKETING_LIMITED).setCompletedAt(secondFailure)
                .setError(limitError()).build());
        OutboundRequest second = awaitRequest(r -> r.getRequestId().equals(request.getRequestId() + ":retry2"));
        assertThat(second.getNotBefore()).isEqualTo(secondFailure.plus(Duration.ofHours(24)));
        assertThat(second.getRetryOf()).isEqualTo(request.getRequestId());
        assertThat(second.getRetryNumber()).isEqualTo(2);
        assertThat(article(ticketId, Long.parseLong(second.getArticleId())).path("retry").path("articleId").asLong())
                .as("every retry names the first article").isEqualTo(original);

        // the last retry fails: given up, with the reason
        String lastWamid = "wamid.LIMIT.2." + waId;
        kit.send(TicketTestKit.accepted(second, lastWamid));
        kit.send(status(waId, lastWamid, DeliveryStatus.FAILED, secondFailure.plus(Duration.ofHours(24)), limitError()));
        long last = Long.parseLong(second.getArticleId());
        await().atMost(WAIT).untilAsserted(() -> assertThat(article(ticketId, last).path("error").path("message")
                .asString()).isEqualTo("Meta's per-user marketing limit (131049): gave up after 12 h, 24 h"));

        assertThat(requests(r -> r.getRetryOf() != null && r.getRetryOf().equals(request.getRequestId())))
                .extracting(OutboundRequest::getRequestId)
                .containsExactly(request.getRequestId() + ":retry1", request.getRequestId() + ":retry2");
        assertThat(kit.articles(ticketId)).filteredOn(a -> a.path("direction").asString().equals("outbound"))
                .hasSize(3);
    }

    @Test
    void aCustomerWhoStoppedMarketingMessagesIsNotRetried() {
        String waId = newCustomer();
        long ticketId = ticketOf("club", waId);
        // 131050: the customer stopped marketing messages; their consent is recorded and told
        long stopped = reply(ticketId, TEMPLATE);
        String stoppedWamid = "wamid.STOPPED." + waId;
        kit.send(TicketTestKit.accepted(requestOf(stopped, waId), stoppedWamid));
        kit.send(status(waId, stoppedWamid, DeliveryStatus.FAILED, Instant.now(), ProviderError.newBuilder()
                .setCode(131050).setTitle("Unable to deliver the message").build()));
        await().atMost(WAIT).untilAsserted(() -> assertThat(events(waId, TicketEventType.CUSTOMER_MARKETING_OPTED_OUT))
                .hasSize(1));

        long limited = reply(ticketId, TEMPLATE);
        OutboundRequest request = requestOf(limited, waId);
        String wamid = "wamid.LIMITED." + waId;
        kit.send(TicketTestKit.accepted(request, wamid));
        kit.send(status(waId, wamid, DeliveryStatus.FAILED, Instant.now(), limitError()));
        await().atMost(WAIT).untilAsserted(() -> assertThat(article(ticketId, limited).path("error").path("message")
                .asString()).contains("not retried, the customer stopped marketing messages"));
        assertThat(requests(r -> request.getRequestId().equals(r.getRetryOf()))).isEmpty();
    }

    @Test
    void aSendRefusedWith131050RecordsThatTheCustomerStoppedMarketing() {
        String waId = newCustomer();
        long ticketId = ticketOf("club", waId);
        OutboundRequest request = requestOf(reply(ticketId, TEMPLATE), waId);
        kit.send(TicketTestKit.result(request).setOutcome(OutboundOutcome.FAILED)
                .setFailureKind(FailureKind.MARKETING_OPTED_OUT).setError(ProviderError.newBuilder().setCode(131050)
                        .setTitle("Unable to deliver the message").build()).build());
        await().atMost(WAIT).untilAsserted(() -> assertThat(events(waId, TicketEventType.CUSTOMER_MARKETING_OPTED_OUT))
                .singleElement().satisfies(e -> assertThat(e.getTicketId()).isEqualTo(String.valueOf(ticketId))));
        assertThat(jdbc.sql("select marketing_opted_out from conversation where channel_id = 'club' and customer_id = ?")
                .param(waId).query(Boolean.class).single()).isTrue();
    }

    @Test
    void anAccountAlertIsCountedBySeverityAndType() {
        String type = "OBA_APPROVED_" + Long.toHexString(System.nanoTime());
        Instant now = Instant.now();
        kit.send(Topics.ACCOUNT_EVENTS.name(), dev.switchboard.schemas.Keys.channel("club"), AccountEvent.newBuilder()
                .setEventId(java.util.UUID.randomUUID().toString()).setProvider(Provider.META).setChannelId("club")
                .setType(AccountEventType.ACCOUNT_ALERT).setField("account_alerts")
                .setAlert(AccountAlert.newBuilder().setEntityType("WABA").setEntityId("102290129340398")
                        .setSeverity("INFORMATIONAL").setStatus("NONE").setAlertType(type)
                        .setDescription("Official business account approved").build())
                .setOccurredAt(now).setReceivedAt(now).setRawWebhookId(java.util.UUID.randomUUID().toString()).build());
        await().atMost(WAIT).untilAsserted(() -> assertThat(meters.find("switchboard.account.alerts")
                .tags("channel", "club", "severity", "INFORMATIONAL", "type", type).counter())
                .isNotNull().extracting(Counter::count).isEqualTo(1.0));
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private long ticketOf(String channelId, String waId) {
        kit.send(text(channelId, waId, "wamid.BILLIN." + waId, "Hello", Instant.now().minusSeconds(30)).build());
        return kit.awaitOneTicket(channelId, waId).path("id").asLong();
    }

    private long reply(long ticketId, String content) {
        TicketTestKit.Answer answer = kit.post("/api/tickets/" + ticketId + "/articles", content);
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(202);
        return answer.body().path("id").asLong();
    }

    private OutboundRequest requestOf(long articleId, String waId) {
        return awaitRequest(r -> String.valueOf(articleId).equals(r.getArticleId()) && r.getRecipient() != null
                && waId.equals(r.getRecipient().getWaId()));
    }

    private OutboundRequest awaitRequest(java.util.function.Predicate<OutboundRequest> which) {
        return TicketTestKit.awaitRequest(out, which);
    }

    private List<OutboundRequest> requests(java.util.function.Predicate<OutboundRequest> which) {
        return out.values(Topics.OUTBOUND_REQUESTS.name(), OutboundRequest.class).stream().filter(which).toList();
    }

    private List<TicketEvent> events(String waId, TicketEventType type) {
        return out.values(Topics.TICKET_EVENTS.name(), TicketEvent.class).stream()
                .filter(e -> e.getType() == type && waId.equals(e.getCustomer().getWaId())).toList();
    }

    private static MessageStatus status(String waId, String wamid, DeliveryStatus status, Instant at,
                                        ProviderError... errors) {
        return TicketTestKit.status("club", waId, wamid, status, at, errors);
    }

    private static MessageStatus priced(MessageStatus status, boolean billable, String category, String type) {
        return MessageStatus.newBuilder(status).setPricing(Pricing.newBuilder().setBillable(billable).setModel("PMP")
                .setCategory(category).setType(type).build()).build();
    }

    private static ProviderError limitError() {
        return ProviderError.newBuilder().setCode(131049)
                .setTitle("This message was not delivered to maintain healthy ecosystem engagement.").build();
    }

    private JsonNode article(long ticketId, long articleId) {
        return kit.articles(ticketId).stream().filter(a -> a.path("id").asLong() == articleId).findFirst().orElseThrow();
    }

    private void awaitStatus(long ticketId, long articleId, String status) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(article(ticketId, articleId).path("status").asString())
                .isEqualTo(status));
    }

    private long billedToday(String channelId, String category, String pricingType) {
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        JsonNode items = kit.get("/api/billing?channelId=" + channelId + "&from=" + today + "&to=" + today).body()
                .path("items");
        return items.valueStream().filter(i -> i.path("category").asString().equals(category)
                        && i.path("pricingType").asString().equals(pricingType))
                .mapToLong(i -> i.path("billableMessages").asLong()).sum();
    }

    private double billableCounter() {
        Counter counter = meters.find("switchboard.billable.messages").tags("channel", "club", "category", "service",
                "pricing_type", "regular").counter();
        return counter == null ? 0 : counter.count();
    }
}
