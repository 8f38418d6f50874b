package dev.switchboard.ingress.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import dev.switchboard.events.DeliveryStatus;
import dev.switchboard.events.InboundMessage;
import dev.switchboard.events.MessageStatus;
import dev.switchboard.events.Provider;
import dev.switchboard.events.RawWebhook;
import dev.switchboard.ingress.signature.MetaSignature;
import dev.switchboard.schemas.Keys;
import dev.switchboard.schemas.EventDeserializer;
import dev.switchboard.schemas.Topics;
import dev.switchboard.testing.SharedKafka;
import dev.switchboard.testing.TopicTail;
import dev.switchboard.testing.UseSharedKafka;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The webhook endpoints over real HTTP, publishing to a real broker: every fixture in, the right records out, and
 * every refusal leaves nothing behind.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@UseSharedKafka
@ActiveProfiles("test-channels")
class WebhookEndpointsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String META_SECRET = "fixtures-app-secret";
    private static final String TWILIO_TOKEN = "tw-auth-token";
    private static final String TWILIO_URL = "https://hooks.example.test/webhooks/twilio/tw";
    /** The phone_number_ids of channel "fixtures" (application-test-channels.yml). */
    private static final Set<String> FIXTURE_NUMBERS = Set.of("106540352242922", "109999999999999", "1122334455667",
            "409552778964973");
    private static final String RAW = Topics.WEBHOOKS_RAW.name();
    private static final String MESSAGES = Topics.INBOUND_MESSAGES.name();
    private static final String STATUSES = Topics.INBOUND_STATUSES.name();

    @Value("${local.server.port}")
    private int port;

    @Autowired
    private MeterRegistry registry;

    private WebhookClient client;
    private TopicTail<SpecificRecord> tail;

    @BeforeAll
    static void topics() {
        SharedKafka.createTopics(WebhookClient.ingressTopics());
    }

    @BeforeEach
    void tailTopics() {
        client = new WebhookClient(port);
        tail = TopicTail.fromNow(SharedKafka.bootstrapServers(), new EventDeserializer(), RAW, MESSAGES, STATUSES);
    }

    @AfterEach
    void closeTail() {
        tail.close();
    }

    static Stream<String> metaFixtures() throws IOException, URISyntaxException {
        Path folder = Path.of(WebhookEndpointsTest.class.getResource("/fixtures/meta").toURI());
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".json") && !n.contains("signature-test-vectors"))
                    .sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("metaFixtures")
    void everyMetaFixtureIsRecordedRawAndEveryMessageAndStatusBecomesAnEvent(String fixture) {
        byte[] body = WebhookClient.resource("/fixtures/meta/" + fixture);
        JsonNode json = JSON.readTree(body);
        // What the channel should accept: every message (not of a group) and status of a messages change for one of
        // its numbers, and every call event (its call id and event) of a calls change.
        List<JsonNode> ownChanges = json.path("entry").valueStream()
                .flatMap(entry -> entry.path("changes").valueStream())
                .filter(change -> FIXTURE_NUMBERS.contains(
                        change.path("value").path("metadata").path("phone_number_id").asString()))
                .toList();
        List<JsonNode> ownValues = ownChanges.stream().filter(c -> c.path("field").asString().equals("messages"))
                .map(c -> c.path("value")).toList();
        List<String> messageIds = Stream.concat(
                ownValues.stream().flatMap(v -> v.path("messages").valueStream())
                        .filter(m -> !m.has("group_id")).map(m -> m.get("id").asString()),
                ownChanges.stream().filter(c -> c.path("field").asString().equals("calls"))
                        .flatMap(c -> c.path("value").path("calls").valueStream())
                        .map(c -> c.get("id").asString() + ":" + c.get("event").asString())).toList();
        List<String> statusIds = ownValues.stream().flatMap(v -> v.path("statuses").valueStream())
                .map(s -> s.get("id").asString()).toList();

        HttpResponse<String> response = client.postMetaSigned("fixtures", META_SECRET, body);

        assertThat(response.statusCode()).isEqualTo(200);
        RawWebhook raw = awaitRaw(body);
        assertThat(raw.getProvider()).isEqualTo(Provider.META);
        assertThat(raw.getChannelId()).isEqualTo("fixtures");
        assertThat(raw.getHeaders()).containsKey("X-Hub-Signature-256");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(messagesOf(raw)).extracting(r -> r.value().getMessageId())
                    .containsExactlyInAnyOrderElementsOf(messageIds);
            assertThat(statusesOf(raw)).extracting(r -> r.value().getMessageId())
                    .containsExactlyInAnyOrderElementsOf(statusIds);
        });
        messagesOf(raw).forEach(r -> assertThat(r.key()).isEqualTo(Keys.conversation("fixtures", r.value().getCustomer())));
        statusesOf(raw).forEach(r -> assertThat(r.key()).isEqualTo(Keys.conversation("fixtures", r.value().getRecipient())));
    }

    @Test
    void aBatchAcrossTwoNumbersWithEscapedNonAsciiTextYieldsEveryMessageAndStatus() {
        // Meta escapes non-ASCII characters and signs the escaped bytes; a re-serialised body would not verify.
        byte[] body = """
                {"object":"whatsapp_business_account","entry":[
                 {"id":"waba-1","changes":[
                  {"field":"messages","value":{"messaging_product":"whatsapp",
                    "metadata":{"display_phone_number":"15550001111","phone_number_id":"111"},
                    "contacts":[{"profile":{"name":"Ana"},"wa_id":"491701"},{"profile":{"name":"Ben"},"wa_id":"491702"}],
                    "messages":[
                      {"from":"491701","id":"wamid.BATCH.A1","timestamp":"1750000001","type":"text","text":{"body":"Gr\\u00fc\\u00dfe \\ud83d\\udc4b"}},
                      {"from":"491702","id":"wamid.BATCH.B1","timestamp":"1750000002","type":"text","text":{"body":"hi"}},
                      {"from":"491701","id":"wamid.BATCH.A2","timestamp":"1750000003","type":"text","text":{"body":"again"}}],
                    "statuses":[
                      {"id":"wamid.BATCH.OUT1","status":"delivered","timestamp":"1750000004","recipient_id":"491701"},
                      {"id":"wamid.BATCH.OUT2","status":"read","timestamp":"1750000005","recipient_id":"491702"}]}}]},
                 {"id":"waba-1","changes":[
                  {"field":"messages","value":{"messaging_product":"whatsapp",
                    "metadata":{"display_phone_number":"15550002222","phone_number_id":"222"},
                    "contacts":[{"profile":{"name":"Cl\\u00e9o"},"wa_id":"491703"}],
                    "messages":[{"from":"491703","id":"wamid.BATCH.C1","timestamp":"1750000006","type":"text","text":{"body":"caf\\u00e9"}}],
                    "statuses":[{"id":"wamid.BATCH.OUT3","status":"sent","timestamp":"1750000007","recipient_id":"491703"}]}}]}]}
                """.getBytes(StandardCharsets.US_ASCII);
        byte[] reserialised = JSON.writeValueAsBytes(JSON.readTree(body));
        assertThat(reserialised).isNotEqualTo(body);

        HttpResponse<String> wrongBytes = client.postMeta("batch", body,
                MetaSignature.sign("batch-app-secret".getBytes(StandardCharsets.UTF_8), reserialised));
        HttpResponse<String> response = client.postMetaSigned("batch", "batch-app-secret", body);

        assertThat(wrongBytes.statusCode()).isEqualTo(401);
        assertThat(response.statusCode()).isEqualTo(200);
        RawWebhook raw = awaitRaw(body);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(messagesOf(raw)).hasSize(4);
            assertThat(statusesOf(raw)).hasSize(3);
        });
        List<InboundMessage> messages = messagesOf(raw).stream().map(ConsumerRecord::value).toList();
        assertThat(messages).extracting(InboundMessage::getMessageId)
                .containsExactlyInAnyOrder("wamid.BATCH.A1", "wamid.BATCH.B1", "wamid.BATCH.A2", "wamid.BATCH.C1");
        assertThat(messages).filteredOn(m -> m.getMessageId().equals("wamid.BATCH.A1")).singleElement()
                .satisfies(m -> assertThat(m.getText()).isEqualTo("Grüße 👋"));
        assertThat(messages).filteredOn(m -> m.getMessageId().equals("wamid.BATCH.C1")).singleElement()
                .satisfies(m -> {
                    assertThat(m.getBusinessNumberId()).isEqualTo("222");
                    assertThat(m.getCustomer().getName()).isEqualTo("Cléo");
                });
        // One customer's messages share a key, so they stay in order on one partition.
        assertThat(messagesOf(raw)).filteredOn(r -> r.key().equals("batch:491701"))
                .extracting(r -> r.value().getMessageId()).containsExactly("wamid.BATCH.A1", "wamid.BATCH.A2");
        assertThat(statusesOf(raw)).extracting(r -> r.value().getStatus())
                .containsExactlyInAnyOrder(DeliveryStatus.DELIVERED, DeliveryStatus.READ, DeliveryStatus.SENT);
        // The raw record of the refused attempt does not exist: only the accepted body was recorded.
        assertThat(tail.records(RAW)).hasSize(1);
    }

    @Test
    void changesForNumbersOfAChannelSharingTheAppSecretArePublishedAsThatChannelsEvents() {
        // Posted to batch's URL: 111 is batch's, 333 is batch-sibling's (same app secret), 106540352242922 is
        // fixtures' (another app secret), 999 is no channel's.
        byte[] body = """
                {"object":"whatsapp_business_account","entry":[
                 {"id":"waba-1","changes":[
                  {"field":"messages","value":{"metadata":{"phone_number_id":"111"},
                    "messages":[{"from":"492001","id":"wamid.ROUTE.OWN","timestamp":"1750000001","type":"text","text":{"body":"a"}}],
                    "statuses":[{"id":"wamid.ROUTE.OWN-OUT","status":"delivered","timestamp":"1750000002","recipient_id":"492001"}]}},
                  {"field":"messages","value":{"metadata":{"display_phone_number":"15550003333","phone_number_id":"333"},
                    "contacts":[{"profile":{"name":"Dana"},"wa_id":"492002"}],
                    "messages":[{"from":"492002","id":"wamid.ROUTE.SIBLING","timestamp":"1750000003","type":"text","text":{"body":"b"}}],
                    "statuses":[{"id":"wamid.ROUTE.SIBLING-OUT","status":"read","timestamp":"1750000004","recipient_id":"492002"}]}}]},
                 {"id":"waba-2","changes":[
                  {"field":"messages","value":{"metadata":{"phone_number_id":"106540352242922"},
                    "messages":[{"from":"492003","id":"wamid.ROUTE.OTHER-APP","timestamp":"1750000005","type":"text","text":{"body":"c"}}],
                    "statuses":[{"id":"wamid.ROUTE.OTHER-APP-OUT","status":"read","timestamp":"1750000006","recipient_id":"492003"}]}},
                  {"field":"messages","value":{"metadata":{"phone_number_id":"999"},
                    "messages":[{"from":"492004","id":"wamid.ROUTE.NOBODY","timestamp":"1750000007","type":"text","text":{"body":"d"}}]}}]}]}
                """.getBytes(StandardCharsets.US_ASCII);

        assertThat(client.postMetaSigned("batch", "batch-app-secret", body).statusCode()).isEqualTo(200);

        RawWebhook raw = awaitRaw(body);
        assertThat(raw.getChannelId()).isEqualTo("batch");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(messagesOf(raw)).hasSize(2);
            assertThat(statusesOf(raw)).hasSize(2);
        });
        assertThat(messagesOf(raw)).extracting(r -> r.value().getMessageId(), r -> r.value().getChannelId(),
                        r -> r.value().getBusinessNumberId(), ConsumerRecord::key)
                .containsExactlyInAnyOrder(tuple("wamid.ROUTE.OWN", "batch", "111", "batch:492001"),
                        // the key batch-sibling's own webhooks give this conversation
                        tuple("wamid.ROUTE.SIBLING", "batch-sibling", "333", "batch-sibling:492002"));
        assertThat(statusesOf(raw)).extracting(r -> r.value().getMessageId(), r -> r.value().getChannelId(),
                        r -> r.value().getBusinessNumberId(), ConsumerRecord::key)
                .containsExactlyInAnyOrder(tuple("wamid.ROUTE.OWN-OUT", "batch", "111", "batch:492001"),
                        tuple("wamid.ROUTE.SIBLING-OUT", "batch-sibling", "333", "batch-sibling:492002"));
        // The body is recorded once, under the URL's channel; routed events count under their own channel.
        assertThat(tail.records(RAW)).hasSize(1);
        assertThat(registry.get("switchboard.webhooks.events").tags("channel", "batch-sibling", "kind", "status")
                .counter().count()).isEqualTo(1.0);
    }

    @Test
    void aGroupMessageIsRefusedCountedAndKeptRawWhileTheOtherMessagesArePublished() {
        byte[] body = """
                {"object":"whatsapp_business_account","entry":[{"id":"waba-1","changes":[{"field":"messages","value":{
                  "messaging_product":"whatsapp","metadata":{"display_phone_number":"15550001111","phone_number_id":"111"},
                  "contacts":[{"profile":{"name":"Ana"},"wa_id":"492101"}],
                  "messages":[
                    {"from":"492101","group_id":"GROUP.EP1","id":"wamid.GROUP.EP1","timestamp":"1750000001","type":"text","text":{"body":"to all"}},
                    {"from":"492101","id":"wamid.GROUP.EP1.DIRECT","timestamp":"1750000002","type":"text","text":{"body":"to you"}}]}}]}]}
                """.getBytes(StandardCharsets.US_ASCII);
        double keptBefore = keptRaw("batch", "messages", "group_message");

        HttpResponse<String> response = client.postMetaSigned("batch", "batch-app-secret", body);

        assertThat(response.statusCode()).isEqualTo(200);
        RawWebhook raw = awaitRaw(body);
        assertThat(raw.getChannelId()).isEqualTo("batch");
        await().atMost(Duration.ofSeconds(10)).until(() -> !messagesOf(raw).isEmpty());
        assertThat(keptRaw("batch", "messages", "group_message")).isEqualTo(keptBefore + 1);
        // Records of one key share a partition: the group message, published first, would have been read by now.
        assertThat(messagesOf(raw)).extracting(r -> r.value().getMessageId()).containsExactly("wamid.GROUP.EP1.DIRECT");
        assertThat(tail.records(MESSAGES)).noneMatch(r -> ((InboundMessage) r.value()).getMessageId().equals("wamid.GROUP.EP1"));
    }

    private double keptRaw(String channel, String field, String reason) {
        var counter = registry.find("switchboard.webhook.kept_raw").tags("channel", channel, "field", field, "reason", reason)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aRawUtf8BodyIsVerifiedOverItsExactBytes() {
        byte[] body = ("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"w\",\"changes\":[{\"field\":\"messages\","
                + "\"value\":{\"metadata\":{\"phone_number_id\":\"111\"},\"contacts\":[{\"profile\":{\"name\":\"Zoë\"},"
                + "\"wa_id\":\"4917\"}],\"messages\":[{\"from\":\"4917\",\"id\":\"wamid.UTF8\",\"timestamp\":\"1750000000\","
                + "\"type\":\"text\",\"text\":{\"body\":\"naïve ☕ 日本\"}}]}}]}]}").getBytes(StandardCharsets.UTF_8);

        assertThat(client.postMetaSigned("batch", "batch-app-secret", body).statusCode()).isEqualTo(200);

        RawWebhook raw = awaitRaw(body);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(messagesOf(raw)).singleElement()
                .satisfies(r -> assertThat(r.value().getText()).isEqualTo("naïve ☕ 日本")));
    }

    @Test
    void aWrongOrMissingSignatureIsRefusedWith401AndNothingIsPublished() {
        byte[] body = WebhookClient.resource("/fixtures/meta/inbound-text.json");
        byte[] marker = WebhookClient.resource("/fixtures/meta/inbound-image.json");

        HttpResponse<String> missing = client.postMeta("fixtures", body, null);
        HttpResponse<String> wrongSecret = client.postMetaSigned("fixtures", "not-the-secret", body);
        HttpResponse<String> malformed = client.postMeta("fixtures", body, "sha256=zz");
        HttpResponse<String> otherChannelsSecret = client.postMetaSigned("fixtures", "batch-app-secret", body);

        assertThat(List.of(missing, wrongSecret, malformed, otherChannelsSecret))
                .extracting(HttpResponse::statusCode).containsOnly(401);
        assertNothingButTheMarkerIsPublished(marker);
    }

    @Test
    void theVerifyHandshakeEchoesTheChallengeOnlyForTheRightToken() {
        HttpResponse<String> ok = client.get(
                "/webhooks/whatsapp/fixtures?hub.mode=subscribe&hub.verify_token=fixtures-verify-token&hub.challenge=1158201444");
        HttpResponse<String> wrongToken = client.get(
                "/webhooks/whatsapp/fixtures?hub.mode=subscribe&hub.verify_token=batch-verify-token&hub.challenge=1");
        HttpResponse<String> noToken = client.get("/webhooks/whatsapp/fixtures?hub.mode=subscribe&hub.challenge=1");
        HttpResponse<String> wrongMode = client.get(
                "/webhooks/whatsapp/fixtures?hub.mode=unsubscribe&hub.verify_token=fixtures-verify-token&hub.challenge=1");
        HttpResponse<String> unknown = client.get(
                "/webhooks/whatsapp/nope?hub.mode=subscribe&hub.verify_token=fixtures-verify-token&hub.challenge=1");

        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("1158201444");
        assertThat(ok.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        assertThat(List.of(wrongToken, noToken, wrongMode)).extracting(HttpResponse::statusCode).containsOnly(403);
        assertThat(unknown.statusCode()).isEqualTo(404);
    }

    @Test
    void unknownChannelsAreRefusedWith404() {
        byte[] body = WebhookClient.resource("/fixtures/meta/inbound-text.json");
        byte[] marker = WebhookClient.resource("/fixtures/meta/inbound-image.json");
        byte[] form = WebhookClient.resource("/fixtures/twilio/inbound-text.txt");

        HttpResponse<String> unknownMeta = client.postMetaSigned("nope", META_SECRET, body);
        HttpResponse<String> twilioChannelOnMetaPath = client.postMetaSigned("tw", META_SECRET, body);
        HttpResponse<String> metaChannelOnTwilioPath = client.postTwilio("/webhooks/twilio/fixtures", TWILIO_TOKEN,
                TWILIO_URL, form);
        HttpResponse<String> unknownTwilio = client.postTwilio("/webhooks/twilio/nope/status", TWILIO_TOKEN,
                TWILIO_URL, form);

        assertThat(List.of(unknownMeta, twilioChannelOnMetaPath, metaChannelOnTwilioPath, unknownTwilio))
                .extracting(HttpResponse::statusCode).containsOnly(404);
        assertNothingButTheMarkerIsPublished(marker);
    }

    @Test
    void aBodyOverFiveMebibytesIsRefusedWith413WhetherItsLengthIsDeclaredOrNot() {
        byte[] marker = WebhookClient.resource("/fixtures/meta/inbound-image.json");
        byte[] huge = paddedWebhook(5 * 1024 * 1024 + 1);
        String signature = MetaSignature.sign(META_SECRET.getBytes(StandardCharsets.UTF_8), huge);

        HttpResponse<String> declared = client.postMeta("fixtures", huge, signature);
        HttpResponse<String> chunked = client.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/webhooks/whatsapp/fixtures"))
                .header("X-Hub-Signature-256", signature)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(huge)))
                .build());

        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertNothingButTheMarkerIsPublished(marker);
    }

    /**
     * A client that writes its whole body before it reads (Python's urllib, most simple clients) must get the 413,
     * not a connection reset: the server reads and discards the rest of an oversize body before it answers.
     */
    @ParameterizedTest(name = "chunked: {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void aClientThatWritesAWholeOversizeBodyBeforeReadingReads413(boolean chunked) throws IOException {
        byte[] marker = WebhookClient.resource("/fixtures/meta/inbound-image.json");
        byte[] huge = paddedWebhook(6_500_000);
        String signature = MetaSignature.sign(META_SECRET.getBytes(StandardCharsets.UTF_8), huge);

        try (RawHttpClient raw = new RawHttpClient(port)) {
            raw.writeHead("/webhooks/whatsapp/fixtures", signature, chunked ? -1 : huge.length, true);
            raw.writeBody(huge, chunked);

            assertThat(raw.readStatusLine()).startsWith("HTTP/1.1 413");
        }
        assertNothingButTheMarkerIsPublished(marker);
    }

    @Test
    void aSenderThatStallsPastTheLimitIsAnswered413AfterTheDrainTime() throws IOException {
        byte[] huge = paddedWebhook(6_500_000);

        try (RawHttpClient raw = new RawHttpClient(port)) {
            raw.writeHead("/webhooks/whatsapp/fixtures", "sha256=00", -1, false);
            raw.writeChunk(Arrays.copyOf(huge, 6_000_000));
            long started = System.nanoTime();

            assertThat(raw.readStatusLine()).startsWith("HTTP/1.1 413");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofSeconds(9), Duration.ofSeconds(25));
        }
    }

    @Test
    void anEndlessOversizeBodyIsCutOffAfterTheDrainBound() throws IOException {
        byte[] marker = WebhookClient.resource("/fixtures/meta/inbound-image.json");
        long stopAt = 200L * 1024 * 1024;
        long written = 0;

        try (RawHttpClient raw = new RawHttpClient(port)) {
            raw.writeHead("/webhooks/whatsapp/fixtures", "sha256=00", -1, false);
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) 'x');
            try {
                while (written < stopAt) {
                    raw.writeChunk(chunk);
                    written += chunk.length;
                }
            } catch (IOException cutOff) {
                // the server closed the connection: what the test expects
            }
        }
        // Four times the limit (5 MiB) is drained; what the sockets' buffers hold on top is far below this.
        assertThat(written).isLessThan(60L * 1024 * 1024);
        assertNothingButTheMarkerIsPublished(marker);
    }

    @Test
    void aBodyJustUnderTheLimitIsRecordedWhole() {
        byte[] large = paddedWebhook(5 * 1024 * 1024);

        assertThat(client.postMetaSigned("fixtures", META_SECRET, large).statusCode()).isEqualTo(200);

        RawWebhook raw = awaitRaw(large);
        assertThat(raw.getBody().remaining()).isEqualTo(5 * 1024 * 1024);
    }

    // ------------------------------------------------------------------------------------------------ Twilio

    static Stream<String> twilioInboundFixtures() throws IOException, URISyntaxException {
        return twilioFixtures("inbound-");
    }

    static Stream<String> twilioStatusFixtures() throws IOException, URISyntaxException {
        return twilioFixtures("status-");
    }

    private static Stream<String> twilioFixtures(String prefix) throws IOException, URISyntaxException {
        Path folder = Path.of(WebhookEndpointsTest.class.getResource("/fixtures/twilio").toURI());
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(prefix) && n.endsWith(".txt")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("twilioInboundFixtures")
    void everyTwilioInboundFixtureIsAnsweredWithEmptyTwimlAndBecomesAMessage(String fixture) {
        byte[] body = WebhookClient.resource("/fixtures/twilio/" + fixture);
        String sid = formValue(body, "MessageSid");
        String from = formValue(body, "From");

        HttpResponse<String> response = client.postTwilio("/webhooks/twilio/tw", TWILIO_TOKEN, TWILIO_URL, body);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("<Response/>");
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("xml"));
        RawWebhook raw = awaitRaw(body);
        assertThat(raw.getProvider()).isEqualTo(Provider.TWILIO);
        assertThat(raw.getSignedUrl()).isEqualTo(TWILIO_URL);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(messagesOf(raw)).isNotEmpty()
                .allSatisfy(r -> {
                    assertThat(r.value().getMessageId()).startsWith(sid);
                    assertThat(r.value().getProvider()).isEqualTo(Provider.TWILIO);
                    assertThat("whatsapp:+" + r.value().getCustomer().getWaId()).isEqualTo(from);
                    assertThat(r.key()).isEqualTo("tw:" + r.value().getCustomer().getWaId());
                }));
        assertThat(statusesOf(raw)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("twilioStatusFixtures")
    void everyTwilioStatusCallbackBecomesAStatus(String fixture) {
        byte[] body = WebhookClient.resource("/fixtures/twilio/" + fixture);

        HttpResponse<String> response = client.postTwilio("/webhooks/twilio/tw/status", TWILIO_TOKEN,
                TWILIO_URL + "/status", body);

        assertThat(response.statusCode()).isEqualTo(200);
        RawWebhook raw = awaitRaw(body);
        assertThat(raw.getSignedUrl()).isEqualTo(TWILIO_URL + "/status");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(statusesOf(raw)).singleElement()
                .satisfies(r -> {
                    assertThat(r.value().getMessageId()).isEqualTo(formValue(body, "MessageSid"));
                    assertThat(r.value().getProviderStatus()).isEqualTo(formValue(body, "MessageStatus"));
                    assertThat("whatsapp:+" + r.value().getRecipient().getWaId()).isEqualTo(formValue(body, "To"));
                }));
    }

    @Test
    void aTwilioSignatureIsCheckedAgainstTheConfiguredUrlOfTheEndpointCalled() {
        byte[] body = WebhookClient.resource("/fixtures/twilio/inbound-text.txt");
        byte[] marker = WebhookClient.resource("/fixtures/meta/inbound-image.json");

        HttpResponse<String> signedForTheLocalUrl = client.postTwilio("/webhooks/twilio/tw", TWILIO_TOKEN,
                "http://localhost:" + port + "/webhooks/twilio/tw", body);
        HttpResponse<String> signedForTheOtherEndpoint = client.postTwilio("/webhooks/twilio/tw/status", TWILIO_TOKEN,
                TWILIO_URL, body);
        HttpResponse<String> wrongToken = client.postTwilio("/webhooks/twilio/tw", "another-token", TWILIO_URL, body);
        HttpResponse<String> missing = client.postTwilio("/webhooks/twilio/tw", body, null);

        assertThat(List.of(signedForTheLocalUrl, signedForTheOtherEndpoint, wrongToken, missing))
                .extracting(HttpResponse::statusCode).containsOnly(403);
        assertNothingButTheMarkerIsPublished(marker);
    }

    @Test
    void aTwilioQueryStringIsPartOfTheSignedUrl() {
        byte[] body = WebhookClient.resource("/fixtures/twilio/inbound-location.txt");

        HttpResponse<String> response = client.postTwilio("/webhooks/twilio/tw?tenant=a%20b", TWILIO_TOKEN,
                TWILIO_URL + "?tenant=a%20b", body);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(awaitRaw(body).getSignedUrl()).isEqualTo(TWILIO_URL + "?tenant=a%20b");
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** Sends a valid marker webhook after refused ones and checks that the raw topic holds the marker alone. */
    private void assertNothingButTheMarkerIsPublished(byte[] marker) {
        assertThat(client.postMetaSigned("fixtures", META_SECRET, marker).statusCode()).isEqualTo(200);
        RawWebhook raw = awaitRaw(marker);
        // Raw records of one channel share a partition, so anything refused earlier would be read before the marker.
        assertThat(tail.records(RAW)).hasSize(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> !messagesOf(raw).isEmpty());
        assertThat(tail.records(MESSAGES)).allSatisfy(r ->
                assertThat(((InboundMessage) r.value()).getRawWebhookId()).isEqualTo(raw.getWebhookId()));
        assertThat(tail.records(STATUSES)).isEmpty();
    }

    private RawWebhook awaitRaw(byte[] body) {
        List<RawWebhook> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            found.clear();
            tail.records(RAW).stream().map(r -> (RawWebhook) r.value())
                    .filter(r -> r.getBody().equals(ByteBuffer.wrap(body))).forEach(found::add);
            assertThat(found).hasSize(1);
        });
        return found.get(0);
    }

    @SuppressWarnings("unchecked")
    private List<ConsumerRecord<String, InboundMessage>> messagesOf(RawWebhook raw) {
        return tail.records(MESSAGES).stream()
                .filter(r -> ((InboundMessage) r.value()).getRawWebhookId().equals(raw.getWebhookId()))
                .map(r -> (ConsumerRecord<String, InboundMessage>) (ConsumerRecord<String, ?>) r).toList();
    }

    @SuppressWarnings("unchecked")
    private List<ConsumerRecord<String, MessageStatus>> statusesOf(RawWebhook raw) {
        return tail.records(STATUSES).stream()
                .filter(r -> ((MessageStatus) r.value()).getRawWebhookId().equals(raw.getWebhookId()))
                .map(r -> (ConsumerRecord<String, MessageStatus>) (ConsumerRecord<String, ?>) r).toList();
    }

    /** A valid webhook padded with a long text message up to exactly {@code size} bytes. */
    static byte[] paddedWebhook(int size) {
        String head = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"w\",\"changes\":[{\"field\":\"messages\","
                + "\"value\":{\"metadata\":{\"phone_number_id\":\"1122334455667\"},\"messages\":[{\"from\":\"4917\","
                + "\"id\":\"wamid.LARGE" + size + "\",\"timestamp\":\"1750000000\",\"type\":\"text\",\"text\":{\"body\":\"";
        String tail = "\"}}]}}]}]}";
        char[] padding = new char[size - head.length() - tail.length()];
        Arrays.fill(padding, 'x');
        return (head + new String(padding) + tail).getBytes(StandardCharsets.US_ASCII);
    }

    private static String formValue(byte[] body, String name) {
        for (String pair : new String(body, StandardCharsets.US_ASCII).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
