package dev.switchboard.ticket.flow;

import static dev.switchboard.ticket.flow.TicketTestKit.newCustomer;
import static dev.switchboard.ticket.flow.TicketTestKit.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.switchboard.events.AccountEvent;
import dev.switchboard.events.AccountEventType;
import dev.switchboard.events.ChannelConfig;
import dev.switchboard.events.Customer;
import dev.switchboard.events.Dialog360Channel;
import dev.switchboard.events.OutboundKind;
import dev.switchboard.events.OutboundRequest;
import dev.switchboard.events.OutboundType;
import dev.switchboard.events.Provider;
import dev.switchboard.events.TemplateStatusChange;
import dev.switchboard.events.TicketEvent;
import dev.switchboard.events.TicketEventType;
import dev.switchboard.events.TwilioChannel;
import dev.switchboard.events.UserPreferenceChange;
import dev.switchboard.kit.channels.ChannelKeys;
import dev.switchboard.kit.channels.ChannelPublisher;
import dev.switchboard.schemas.EventDeserializer;
import dev.switchboard.schemas.Keys;
import dev.switchboard.schemas.Topics;
import dev.switchboard.testing.SharedKafka;
import dev.switchboard.testing.TopicTail;
import dev.switchboard.testing.UseSharedKafka;
import dev.switchboard.testing.UseSharedPostgres;
import dev.switchboard.ticket.flow.ListingStub.Answer;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.JsonNode;

/**
 * Template catalogues synced from stub providers over HTTP (Graph's message_templates over two pages, 360dialog,
 * Twilio's Content API), kept current by status events, listed for agents, and template replies checked against them
 * (422 before anything is sent); replies go out from the number the customer wrote to. Channel ids are this test's
 * own: every test of the module shares one broker and its compacted channels topic.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@UseSharedKafka
@UseSharedPostgres
class TemplateFlowTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ListingStub STUB = new ListingStub();
    private static final String SYNC_PATH = "/v27.0/WABA-TPL-SYNC/message_templates";
    private static final String SEND_PATH = "/v27.0/WABA-TPL-SEND/message_templates";
    private static final String FAIL_PATH = "/v27.0/WABA-TPL-FAIL/message_templates";
    private static final String TWILIO_PATH = "/twilio/v1/ContentAndApprovals";
    private static final String D360_PATH = "/d360/v1/configs/templates";
    private static final String TWILIO_SID = "AC" + "7".repeat(32);
    private static final String CONTENT_SID = "HX" + "c".repeat(32);
    /** What the second page of tpl-sync's listing holds (the test replaces it). */
    private static final AtomicReference<String> SECOND_PAGE = new AtomicReference<>(
            template("920000000000002", "b_second", "de", "APPROVED", "[{\"type\":\"BODY\",\"text\":\"Hallo\"}]"));

    static {
        STUB.on(SYNC_PATH, query -> query.contains("after=PAGE2")
                ? new Answer(200, "{\"data\":[" + SECOND_PAGE.get() + "],\"paging\":{\"cursors\":{\"before\":\"B\",\"after\":\"C\"}}}")
                : new Answer(200, "{\"data\":[" + template("920000000000001", "a_first", "en_US", "APPROVED",
                "[{\"type\":\"BODY\",\"text\":\"Hi {{1}}\"}]") + "],\"paging\":{\"cursors\":{\"before\":\"A\",\"after\":\"PAGE2\"},"
                + "\"next\":\"" + STUB.baseUrl() + SYNC_PATH + "?access_token=tok-sync&limit=100&after=PAGE2\"}}"));
        STUB.on(SEND_PATH, query -> new Answer(200, "{\"data\":[" + template("930000000000001", "order_update", "en_US", "APPROVED", """
                [{"type":"HEADER","format":"IMAGE","example":{"header_handle":["https://x/h.png"]}},
                 {"type":"BODY","text":"Hi {{1}}, your order {{2}} is on its way."},
                 {"type":"BUTTONS","buttons":[{"type":"URL","text":"Track","url":"https://shop.example/t/{{1}}"}]}]""")
                + "," + template("930000000000002", "spring_sale", "en_US", "APPROVED",
                "[{\"type\":\"BODY\",\"text\":\"Sale: {{1}} off\"}]")
                + "," + template("930000000000003", "promo_offer", "en_US", "APPROVED", "MARKETING",
                "[{\"type\":\"BODY\",\"text\":\"Our winter offers are here\"}]") + "],\"paging\":{\"cursors\":{}}}"));
        STUB.on(FAIL_PATH, query -> new Answer(401, "{\"error\":{\"message\":\"Error validating access token: Session "
                + "has expired\",\"type\":\"OAuthException\",\"code\":190,\"error_subcode\":463,\"fbtrace_id\":\"A1\"}}"));
        STUB.on(TWILIO_PATH, query -> new Answer(200, """
                {"contents":[{"sid":"%s","account_sid":"%s","friendly_name":"order_notice","language":"en",
                  "variables":{"1":"Ana","2":"#1"},"types":{"twilio/text":{"body":"Hi {{1}}, order {{2}} shipped"}},
                  "approval_requests":{"name":"order_notice","category":"UTILITY","status":"approved","rejection_reason":"",
                   "content_type":"twilio/text"}}],
                 "meta":{"page":0,"page_size":500,"next_page_url":null,"key":"contents"}}""".formatted(CONTENT_SID, TWILIO_SID)));
        STUB.on(D360_PATH, query -> new Answer(200, """
                {"count":1,"filters":{},"limit":1000,"offset":0,"sort":["id"],"total":1,
                 "waba_templates":[{"category":"UTILITY","components":[{"type":"BODY","text":"Ihre Bestellung {{1}}"}],
                  "language":"de","name":"bestellung","namespace":"ns_1","rejected_reason":"NONE","status":"approved"}]}"""));
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        registry.add("switchboard.channel-keys", () -> "tpl-test:" + Base64.getEncoder().encodeToString(key));
        registry.add("switchboard.providers.graph-base-url", STUB::baseUrl);
        registry.add("switchboard.providers.twilio-content-base-url", () -> STUB.baseUrl() + "/twilio");
        metaChannel(registry, "tpl-sync", "WABA-TPL-SYNC", "tok-sync");
        metaChannel(registry, "tpl-send", "WABA-TPL-SEND", "tok-send");
        registry.add("switchboard.channels.tpl-send.mark-read-on-reply", () -> "false");
        metaChannel(registry, "tpl-fail", "WABA-TPL-FAIL", "tok-expired");
        registry.add("switchboard.channels.tpl-bare.provider", () -> "meta");
        registry.add("switchboard.channels.tpl-bare.welcome-message", () -> "Hello from tpl-bare");
    }

    /** A Meta channel of the file with the credentials its listing needs. */
    private static void metaChannel(DynamicPropertyRegistry registry, String id, String wabaId, String token) {
        registry.add("switchboard.channels." + id + ".provider", () -> "meta");
        registry.add("switchboard.channels." + id + ".meta.waba-id", () -> wabaId);
        registry.add("switchboard.channels." + id + ".meta.access-token", () -> token);
    }

    @Value("${local.server.port}")
    private int port;
    @Autowired
    private ChannelPublisher publisher;
    @Autowired
    private ChannelKeys keys;
    @Autowired
    private MeterRegistry meters;

    private TicketTestKit kit;

    @BeforeAll
    static void topics() {
        TicketTestKit.createTopics();
    }

    @AfterAll
    static void stopStub() {
        STUB.close();
    }

    @BeforeEach
    void start() {
        kit = new TicketTestKit(port).watchingRequests();
    }

    @AfterEach
    void stop() {
        kit.close();
    }

    @Test
    void aSyncReadsEveryPageAndReplacesTheCatalogue() {
        await().atMost(WAIT).untilAsserted(() -> assertThat(names("tpl-sync")).containsExactly("a_first", "b_second"));
        // the second page was fetched from paging.next, with the channel's token
        assertThat(STUB.seen(SYNC_PATH)).filteredOn(s -> s.query().contains("after=PAGE2")).isNotEmpty()
                .allSatisfy(s -> assertThat(s.authorization()).isEqualTo("Bearer tok-sync"));
        assertThat(STUB.seen(SYNC_PATH).get(0).query()).contains("fields=id,name,language,status,category,components,"
                + "parameter_format,rejected_reason").contains("limit=100");

        SECOND_PAGE.set(template("920000000000003", "c_third", "en", "PAUSED", "[{\"type\":\"BODY\",\"text\":\"Hey\"}]"));
        TicketTestKit.Answer sync = kit.post("/api/templates/sync?channelId=tpl-sync", "");
        assertThat(sync.status()).isEqualTo(202);
        // b_second is gone at Meta: gone from the catalogue
        await().atMost(WAIT).untilAsserted(() -> assertThat(names("tpl-sync")).containsExactly("a_first", "c_third"));
        assertThat(meters.counter("switchboard.templates.sync", "channel", "tpl-sync", "outcome", "success").count())
                .isGreaterThanOrEqualTo(2);
        assertThat(kit.post("/api/templates/sync?channelId=tpl-nowhere", "").status()).isEqualTo(404);
    }

    @Test
    void agentsListTheCatalogueWithTheParametersEachTemplateTakes() {
        JsonNode order = await().atMost(WAIT).until(
                () -> kit.get("/api/templates?channelId=tpl-send&status=approved&name=order").body().path("items"),
                items -> items.size() == 1).get(0);

        assertThat(order.path("id").asString()).isEqualTo("930000000000001");
        assertThat(order.path("channelId").asString()).isEqualTo("tpl-send");
        assertThat(order.path("name").asString()).isEqualTo("order_update");
        assertThat(order.path("language").asString()).isEqualTo("en_US");
        assertThat(order.path("category").asString()).isEqualTo("UTILITY");
        assertThat(order.path("status").asString()).isEqualTo("APPROVED");
        assertThat(order.path("components").size()).isEqualTo(3);
        assertThat(order.path("syncedAt").isString()).isTrue();
        JsonNode parameters = order.path("parameters");
        assertThat(parameters.path("header").path("format").asString()).isEqualTo("IMAGE");
        assertThat(parameters.path("header").path("count").asInt()).isEqualTo(1);
        assertThat(parameters.path("body").path("count").asInt()).isEqualTo(2);
        assertThat(parameters.path("buttons").get(0).path("index").asInt()).isZero();
        assertThat(parameters.path("buttons").get(0).path("type").asString()).isEqualTo("URL");
        assertThat(parameters.path("buttons").get(0).path("parameter").asString()).isEqualTo("text");

        assertThat(kit.call(java.net.http.HttpRequest.newBuilder(kit.uri("/api/templates"))).status()).isEqualTo(401);
    }

    @Test
    void templateRepliesAreCheckedAgainstTheApprovedTemplate() {
        awaitTemplate("tpl-send", "order_update");
        long ticketId = ticketOf("tpl-send", newCustomer());

        TicketTestKit.Answer unknown = kit.post("/api/tickets/" + ticketId + "/articles",
                "{\"type\":\"template\",\"template\":{\"name\":\"no_such_template\",\"language\":\"en_US\"}}");
        assertRefused(unknown, "template.name", "no template no_such_template");

        TicketTestKit.Answer count = kit.post("/api/tickets/" + ticketId + "/articles", orderUpdate(true, "\"Ana\""));
        assertRefused(count, "template.components[1].parameters", "the template's body has 2 parameters");

        TicketTestKit.Answer header = kit.post("/api/tickets/" + ticketId + "/articles",
                orderUpdate(false, "\"Ana\"},{\"type\":\"text\",\"text\":\"#7\""));
        assertRefused(header, "template.components", "the template's header is an IMAGE");
        assertThat(kit.articles(ticketId)).extracting(a -> a.path("direction").asString()).containsExactly("inbound");

        TicketTestKit.Answer good = kit.post("/api/tickets/" + ticketId + "/articles",
                orderUpdate(true, "\"Ana\"},{\"type\":\"text\",\"text\":\"#7\""));
        assertThat(good.status()).isEqualTo(202);
        long articleId = good.body().path("id").asLong();
        OutboundRequest request = kit.awaitRequest(r -> String.valueOf(articleId).equals(r.getArticleId()));
        assertThat(request.getType()).isEqualTo(OutboundType.TEMPLATE);
        assertThat(request.getTemplate().getName()).isEqualTo("order_update");
        assertThat(request.getBusinessNumberId()).isEqualTo("100200300400500");
    }

    @Test
    void aPausedTemplateIsRefusedOnceItsStatusEventArrives() {
        awaitTemplate("tpl-send", "spring_sale");
        kit.send(Topics.ACCOUNT_EVENTS.name(), Keys.channel("tpl-send"), templateStatus("tpl-send", "930000000000002",
                "spring_sale", "PAUSED", "LOW_QUALITY"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(
                kit.get("/api/templates?channelId=tpl-send&name=spring_sale").body().path("items").get(0).path("status")
                        .asString()).isEqualTo("PAUSED"));

        String waId = newCustomer();
        TicketTestKit.Answer paused = kit.post("/api/tickets", "{\"channelId\":\"tpl-send\",\"customer\":{\"waId\":\""
                + waId + "\"},\"article\":{\"type\":\"template\",\"template\":{\"name\":\"spring_sale\","
                + "\"language\":\"en_US\",\"components\":[{\"type\":\"body\",\"parameters\":[{\"type\":\"text\","
                + "\"text\":\"20%\"}]}]}}}");
        assertRefused(paused, "template.name", "template spring_sale (en_US) is PAUSED (LOW_QUALITY)");
        assertThat(kit.tickets("tpl-send", waId)).isEmpty();
    }

    @Test
    void aStatusEventForATemplateTheCatalogueDoesNotKnowSyncsTheChannel() {
        awaitTemplate("tpl-sync", "a_first");
        int listings = STUB.seen(SYNC_PATH).size();
        kit.send(Topics.ACCOUNT_EVENTS.name(), Keys.channel("tpl-sync"), templateStatus("tpl-sync", "999",
                "created_since", "APPROVED", null));
        await().atMost(WAIT).untilAsserted(() -> assertThat(STUB.seen(SYNC_PATH).size()).isGreaterThan(listings));
    }

    @Test
    void aRefusedListingIsCountedAndLeavesTheChannelUnchecked() {
        await().atMost(WAIT).untilAsserted(() -> assertThat(meters.counter("switchboard.templates.sync",
                "channel", "tpl-fail", "outcome", "failure").count()).isGreaterThanOrEqualTo(1));
        assertThat(kit.get("/api/templates?channelId=tpl-fail").body().path("items").isEmpty()).isTrue();
        long ticketId = ticketOf("tpl-fail", newCustomer());
        assertThat(kit.post("/api/tickets/" + ticketId + "/articles",
                "{\"type\":\"template\",\"template\":{\"name\":\"any_template\",\"language\":\"en\"}}").status())
                .isEqualTo(202);
    }

    @Test
    void aChannelWithoutCatalogueSendsTemplatesUnchecked() {
        long ticketId = ticketOf("tpl-bare", newCustomer());
        TicketTestKit.Answer reply = kit.post("/api/tickets/" + ticketId + "/articles",
                "{\"type\":\"template\",\"template\":{\"name\":\"whatever_it_is\",\"language\":\"en\"}}");
        assertThat(reply.status()).isEqualTo(202);
        assertThat(kit.get("/api/templates?channelId=tpl-bare").body().path("items").isEmpty()).isTrue();
    }

    @Test
    void repliesGoOutFromTheNumberTheCustomerWroteTo() {
        String waId = newCustomer();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        kit.send(text("tpl-bare", waId, "wamid.TPL1." + waId, "Hi", now.minusSeconds(120))
                .setBusinessNumberId("PN-FIRST").build());
        OutboundRequest welcome = kit.awaitRequest(r -> r.getKind() == OutboundKind.WELCOME
                && r.getRecipient().getWaId().equals(waId));
        assertThat(welcome.getBusinessNumberId()).isEqualTo("PN-FIRST");
        long ticketId = kit.awaitOneTicket("tpl-bare", waId).path("id").asLong();

        kit.send(text("tpl-bare", waId, "wamid.TPL2." + waId, "Still there?", now.minusSeconds(60))
                .setBusinessNumberId("PN-SECOND").build());
        await().atMost(WAIT).until(() -> kit.articles(ticketId).size() == 3);
        TicketTestKit.Answer reply = kit.post("/api/tickets/" + ticketId + "/articles",
                "{\"type\":\"text\",\"text\":\"Yes!\"}");
        assertThat(reply.status()).isEqualTo(202);
        long articleId = reply.body().path("id").asLong();

        assertThat(kit.awaitRequest(r -> String.valueOf(articleId).equals(r.getArticleId())).getBusinessNumberId())
                .isEqualTo("PN-SECOND");
        OutboundRequest read = kit.awaitRequest(r -> r.getType() == OutboundType.MARK_READ
                && r.getRecipient().getWaId().equals(waId));
        assertThat(read.getMarkRead().getMessageId()).isEqualTo("wamid.TPL2." + waId);
        assertThat(read.getBusinessNumberId()).isEqualTo("PN-SECOND");
    }

    @Test
    void twilioContentTemplatesComeFromTheContentApiWithTheChannelsSealedToken() {
        publisher.publish(channel("tpl-twilio", Provider.TWILIO).setTwilio(TwilioChannel.newBuilder()
                .setAccountSid(TWILIO_SID).setAuthToken(keys.seal("tpl-twilio", "twilio-secret")).build()).build());
        JsonNode content = awaitTemplate("tpl-twilio", "order_notice");
        assertThat(content.path("id").asString()).isEqualTo(CONTENT_SID);
        assertThat(content.path("status").asString()).isEqualTo("APPROVED");
        assertThat(content.path("parameters").path("body").path("names").valueStream().map(JsonNode::asString))
                .containsExactly("1", "2");
        assertThat(STUB.seen(TWILIO_PATH)).allSatisfy(s -> assertThat(s.authorization()).isEqualTo("Basic "
                + Base64.getEncoder().encodeToString((TWILIO_SID + ":twilio-secret").getBytes(StandardCharsets.UTF_8))));

        String waId = newCustomer();
        kit.send(text("tpl-twilio", waId, "SM" + UUID.randomUUID().toString().replace("-", ""), "Hello",
                Instant.now().minusSeconds(30)).setProvider(Provider.TWILIO).setBusinessNumberId("whatsapp:+15550002222").build());
        long ticketId = kit.awaitOneTicket("tpl-twilio", waId).path("id").asLong();
        TicketTestKit.Answer missing = kit.post("/api/tickets/" + ticketId + "/articles",
                "{\"type\":\"template\",\"template\":{\"contentSid\":\"" + CONTENT_SID + "\",\"contentVariables\":{\"1\":\"Ana\"}}}");
        assertRefused(missing, "template.contentVariables", "missing 2");
        TicketTestKit.Answer good = kit.post("/api/tickets/" + ticketId + "/articles",
                "{\"type\":\"template\",\"template\":{\"contentSid\":\"" + CONTENT_SID
                        + "\",\"contentVariables\":{\"1\":\"Ana\",\"2\":\"#7\"}}}");
        assertThat(good.status()).isEqualTo(202);
        long articleId = good.body().path("id").asLong();
        assertThat(kit.awaitRequest(r -> String.valueOf(articleId).equals(r.getArticleId())).getBusinessNumberId())
                .isEqualTo("whatsapp:+15550002222");
    }

    @Test
    void dialog360TemplatesAreListedWithTheChannelsKey() {
        publisher.publish(channel("tpl-d360", Provider.DIALOG360).setDialog360(Dialog360Channel.newBuilder()
                .setBaseUrl(STUB.baseUrl() + "/d360").setApiKey(keys.seal("tpl-d360", "d360-key")).build()).build());
        JsonNode template = awaitTemplate("tpl-d360", "bestellung");
        assertThat(template.path("status").asString()).isEqualTo("APPROVED");
        assertThat(template.path("parameters").path("body").path("count").asInt()).isEqualTo(1);
        assertThat(STUB.seen(D360_PATH)).allSatisfy(s -> assertThat(s.apiKey()).isEqualTo("d360-key"));
    }

    @Test
    void aCustomerWhoStoppedMarketingMessagesIsRefusedMarketingTemplatesButNotUtilityOnes() {
        awaitTemplate("tpl-send", "promo_offer");
        awaitTemplate("tpl-send", "order_update");
        String waId = newCustomer();
        long ticketId = ticketOf("tpl-send", waId);
        String promo = "{\"type\":\"template\",\"template\":{\"name\":\"promo_offer\",\"language\":\"en_US\"}}";
        String estimate = "/api/tickets/" + ticketId + "/articles/estimate";
        TicketTestKit.Answer before = kit.post(estimate, promo);
        assertThat(before.status()).isEqualTo(200);
        assertThat(before.body().path("category").asString()).isEqualTo("marketing");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        try (TopicTail<SpecificRecord> events = TopicTail.fromNow(SharedKafka.bootstrapServers(), new EventDeserializer(),
                Topics.TICKET_EVENTS.name())) {
            // WhatsApp's user_preferences: the customer stopped marketing messages
            kit.send(Topics.ACCOUNT_EVENTS.name(), Keys.channel("tpl-send"), preference("tpl-send", waId, "stop",
                    now.minusSeconds(60)));
            await().atMost(WAIT).until(() -> kit.post(estimate, promo).status() == 409);

            TicketTestKit.Answer refused = kit.post("/api/tickets/" + ticketId + "/articles", promo);
            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.body().path("error").asString()).isEqualTo("recipient_opted_out_of_marketing");
            // a utility template inside the window still goes
            assertThat(kit.post("/api/tickets/" + ticketId + "/articles",
                    orderUpdate(true, "\"Ana\"},{\"type\":\"text\",\"text\":\"#7\"")).status()).isEqualTo(202);

            // a late resume older than the stop changes nothing; a newer one allows marketing again
            kit.send(Topics.ACCOUNT_EVENTS.name(), Keys.channel("tpl-send"), preference("tpl-send", waId, "resume",
                    now.minusSeconds(120)));
            kit.send(Topics.ACCOUNT_EVENTS.name(), Keys.channel("tpl-send"), preference("tpl-send", waId, "resume", now));
            await().atMost(WAIT).until(() -> kit.post(estimate, promo).status() == 200);
            assertThat(kit.post("/api/tickets/" + ticketId + "/articles", promo).status()).isEqualTo(202);
            List<TicketEventType> consent = events.values(Topics.TICKET_EVENTS.name(), TicketEvent.class).stream()
                    .filter(e -> waId.equals(e.getCustomer().getWaId()))
                    .map(TicketEvent::getType).filter(t -> t.name().startsWith("CUSTOMER_MARKETING")).toList();
            assertThat(consent).containsExactly(TicketEventType.CUSTOMER_MARKETING_OPTED_OUT,
                    TicketEventType.CUSTOMER_MARKETING_OPTED_IN);
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static AccountEvent preference(String channelId, String waId, String value, Instant changedAt) {
        Instant now = Instant.now();
        return AccountEvent.newBuilder().setEventId(UUID.randomUUID().toString()).setProvider(Provider.META)
                .setChannelId(channelId).setType(AccountEventType.USER_PREFERENCE).setField("user_preferences")
                .setUserPreference(UserPreferenceChange.newBuilder()
                        .setCustomer(Customer.newBuilder().setWaId(waId).build()).setBusinessNumberId("100200300400500")
                        .setCategory("marketing_messages").setValue(value).setChangedAt(changedAt).build())
                .setOccurredAt(now).setReceivedAt(now).setRawWebhookId(UUID.randomUUID().toString()).build();
    }

    private static String template(String id, String name, String language, String status, String components) {
        return template(id, name, language, status, "UTILITY", components);
    }

    private static String template(String id, String name, String language, String status, String category,
                                   String components) {
        return "{\"name\":\"" + name + "\",\"parameter_format\":\"POSITIONAL\",\"components\":" + components
                + ",\"language\":\"" + language + "\",\"status\":\"" + status + "\",\"category\":\"" + category
                + "\",\"id\":\"" + id + "\"}";
    }

    /** order_update with or without its image header, the body's parameters as given. */
    private static String orderUpdate(boolean header, String bodyTexts) {
        return "{\"type\":\"template\",\"template\":{\"name\":\"order_update\",\"language\":\"en_US\",\"components\":["
                + (header ? "{\"type\":\"header\",\"parameters\":[{\"type\":\"image\",\"image\":{\"link\":\"https://x/p.png\"}}]}," : "")
                + "{\"type\":\"body\",\"parameters\":[{\"type\":\"text\",\"text\":" + bodyTexts + "}]},"
                + "{\"type\":\"button\",\"sub_type\":\"url\",\"index\":\"0\",\"parameters\":[{\"type\":\"text\",\"text\":\"7\"}]}]}}";
    }

    private static ChannelConfig.Builder channel(String id, Provider provider) {
        return ChannelConfig.newBuilder().setChannelId(id).setRevision(1).setUpdatedAt(Instant.now()).setProvider(provider);
    }

    private static AccountEvent templateStatus(String channelId, String templateId, String name, String event,
                                               String reason) {
        Instant now = Instant.now();
        return AccountEvent.newBuilder().setEventId(UUID.randomUUID().toString()).setProvider(Provider.META)
                .setChannelId(channelId).setType(AccountEventType.TEMPLATE_STATUS)
                .setField("message_template_status_update")
                .setTemplate(TemplateStatusChange.newBuilder().setTemplateId(templateId).setName(name)
                        .setLanguage("en_US").setEvent(event).setReason(reason).build())
                .setOccurredAt(now).setReceivedAt(now).setRawWebhookId(UUID.randomUUID().toString()).build();
    }

    private List<String> names(String channelId) {
        return kit.get("/api/templates?channelId=" + channelId).body().path("items").valueStream()
                .map(t -> t.path("name").asString()).toList();
    }

    private JsonNode awaitTemplate(String channelId, String name) {
        return await().atMost(WAIT).until(() -> kit.get("/api/templates?channelId=" + channelId + "&name=" + name)
                .body().path("items"), items -> items.size() == 1).get(0);
    }

    /** A ticket of a customer who just wrote on the channel. */
    private long ticketOf(String channelId, String waId) {
        kit.send(text(channelId, waId, "wamid.TPL." + waId, "Hello", Instant.now().minusSeconds(30)).build());
        return kit.awaitOneTicket(channelId, waId).path("id").asLong();
    }

    private static void assertRefused(TicketTestKit.Answer answer, String field, String problem) {
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(422);
        assertThat(answer.body().path("error").asString()).isEqualTo("invalid_message");
        assertThat(answer.body().path("details").valueStream())
                .anySatisfy(d -> {
                    assertThat(d.path("field").asString()).isEqualTo(field);
                    assertThat(d.path("problem").asString()).contains(problem);
                });
    }
}
