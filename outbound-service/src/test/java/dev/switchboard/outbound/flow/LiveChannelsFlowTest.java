package dev.switchboard.outbound.flow;

import static dev.switchboard.outbound.flow.FlowRequests.customer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.switchboard.events.BusinessNumber;
import dev.switchboard.events.ChannelConfig;
import dev.switchboard.events.Dialog360Channel;
import dev.switchboard.events.FailureKind;
import dev.switchboard.events.MetaChannel;
import dev.switchboard.events.OutboundMedia;
import dev.switchboard.events.OutboundOutcome;
import dev.switchboard.events.OutboundRequest;
import dev.switchboard.events.OutboundResult;
import dev.switchboard.events.OutboundType;
import dev.switchboard.events.Provider;
import dev.switchboard.events.StoredFile;
import dev.switchboard.events.TwilioChannel;
import dev.switchboard.kit.channels.ChannelKeys;
import dev.switchboard.kit.channels.ChannelPublisher;
import dev.switchboard.outbound.channel.ChannelState;
import dev.switchboard.outbound.channel.LiveChannels;
import dev.switchboard.outbound.dispatch.Dispatchers;
import dev.switchboard.outbound.flow.StubProvider.Answer;
import dev.switchboard.outbound.sending.GraphMessageBodies;
import dev.switchboard.store.MediaStore;
import dev.switchboard.store.StoredObject;
import dev.switchboard.store.testing.S3TestServer;
import dev.switchboard.testing.MutableClock;
import dev.switchboard.testing.UseSharedKafka;
import dev.switchboard.testing.UseSharedPostgres;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

/**
 * Channels added, changed, disabled and enabled on the channels topic while the service runs, and 360dialog's Cloud
 * API proxy: on a real broker and PostgreSQL, with the stub provider over HTTP. Every channel here has an id of its own
 * (the topic is shared by the whole test JVM), and only this context follows the topic (see application.properties).
 */
@SpringBootTest(properties = {
        "switchboard.channel-feed.enabled=true",
        "switchboard.channel-keys=" + LiveChannelsFlowTest.KEYS,
        "switchboard.outbound.initial-backoff=300ms",
        "switchboard.outbound.max-backoff=600ms"})
@UseSharedKafka
@UseSharedPostgres
@Import(TestClock.class)
// Its context knows channels no other test has: closed after the class, it fails no other test's requests.
@DirtiesContext
class LiveChannelsFlowTest {

    /** A test key (32 bytes of 0x01..0x20), never a real one. */
    static final String KEYS = "live-test:AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.shared();
    private static final Random RANDOM = new Random();
    private static final StubProvider provider = new StubProvider();

    @DynamicPropertySource
    static void endpoints(DynamicPropertyRegistry registry) {
        registry.add("switchboard.graph.base-url", provider::baseUrl);
        registry.add("switchboard.twilio.base-url", provider::baseUrl);
        registry.add("switchboard.dialog360.base-url", () -> provider.baseUrl() + "/360dialog");
        S3TestServer.properties("outbound-live").forEach((key, value) -> registry.add(key, () -> value));
    }

    @Autowired
    private ChannelPublisher publisher;

    @Autowired
    private ChannelKeys keys;

    @Autowired
    private LiveChannels channels;

    @Autowired
    private Dispatchers dispatchers;

    @Autowired
    private MeterRegistry meters;

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private MediaStore store;

    @Autowired
    private MutableClock clock;

    /** Results from the start of each test on (a test instance per test). */
    private final ServiceTopics topics = new ServiceTopics();

    @BeforeAll
    static void createTopicsTheChannelsTopicCompactedAmongThem() {
        ServiceTopics.create();
    }

    @AfterEach
    void closeTopics() {
        topics.close();
    }

    @AfterAll
    static void stopStub() {
        provider.close();
    }

    @Test
    void aChannelAddedOnTheTopicAtRuntimeSends() {
        String id = channelId("added");
        publishSending(meta(id, 1, "added-token", "710001").build());
        String to = customer();
        OutboundRequest request = text(id, to, "hello from a new channel").build();

        OutboundResult result = sent(request);
        assertThat(result.getOutcome()).isEqualTo(OutboundOutcome.ACCEPTED);
        assertThat(result.getMessageId()).startsWith("wamid.");
        assertThat(provider.callsTo(to)).singleElement().satisfies(call -> {
            assertThat(call.path()).isEqualTo("/v27.0/710001/messages");
            assertThat(call.authorization()).isEqualTo("Bearer added-token");
        });
    }

    @Test
    void aDisabledChannelsRequestsAreHeldNotFailedAndAllGoOutInOrderOnceEnabled() {
        String id = channelId("held");
        publish(meta(id, 1, "held-token", "720001").setEnabled(false).build());
        awaitState(id, ChannelState.Held.class::isInstance);
        String first = customer();
        String second = customer();
        OutboundRequest one = text(id, first, "one").build();
        OutboundRequest two = text(id, first, "two").build();
        OutboundRequest three = text(id, second, "three").build();
        OutboundRequest expiring = text(id, customer(), "too late").setNotAfter(clock.instant().plus(Duration.ofHours(1)))
                .build();
        List<OutboundRequest> requests = List.of(one, two, three, expiring);

        requests.forEach(topics::send);

        // Taken into the queue as usual, and held there: nothing sent, no result, no attempt.
        await().atMost(WAIT).until(() -> queued(id) == requests.size());
        await().atMost(WAIT).ignoreExceptions().until(() -> held(id) == requests.size());
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() ->
                provider.callsTo(first).isEmpty() && provider.callsTo(second).isEmpty() && resultsOf(requests).isEmpty());
        assertThat(jdbc.sql("select count(*) from send_request where channel_id = ? and state = 'queued' and attempts = 0")
                .param(id).query(Long.class).single()).isEqualTo(requests.size());

        // The expiring one's notAfter passes while held; then the channel is enabled again.
        clock.advance(Duration.ofHours(2));
        publish(meta(id, 2, "held-token", "720001").build());

        assertThat(awaitResult(one.getRequestId()).getOutcome()).isEqualTo(OutboundOutcome.ACCEPTED);
        assertThat(awaitResult(two.getRequestId()).getOutcome()).isEqualTo(OutboundOutcome.ACCEPTED);
        assertThat(awaitResult(three.getRequestId()).getOutcome()).isEqualTo(OutboundOutcome.ACCEPTED);
        assertThat(awaitResult(expiring.getRequestId()).getFailureKind()).isEqualTo(FailureKind.EXPIRED);
        assertThat(provider.callsTo(first)).extracting(c -> c.body().path("text").path("body").asString())
                .containsExactly("one", "two");
        assertThat(provider.callsTo(second)).hasSize(1);
        assertThat(held(id)).isZero();
    }

    @Test
    void aTokenRotatedOnTheTopicIsTheOneTheNextSendUses() {
        String id = channelId("rotated");
        publishSending(meta(id, 1, "token-before", "730001").build());
        String to = customer();
        OutboundRequest before = text(id, to, "before").build();
        assertThat(sent(before).getOutcome()).isEqualTo(OutboundOutcome.ACCEPTED);

        publish(meta(id, 2, "token-after", "730001").build());
        awaitState(id, state -> state instanceof ChannelState.Sending sending
                && sending.channel().meta().accessToken().equals("token-after"));
        OutboundRequest after = text(id, to, "after").build();

        assertThat(sent(after).getOutcome()).isEqualTo(OutboundOutcome.ACCEPTED);
        assertThat(provider.callsTo(to)).extracting(StubProvider.Call::authorization)
                .containsExactly("Bearer token-before", "Bearer token-after");
    }

    @Test
    void throughputAndTierFollowWhatMetaReportsAndTheAdminsOverride() {
        String id = channelId("paced");
        BusinessNumber reported = number("740001").setThroughput(40).setMessagingLimit("TIER_2K").build();
        publish(meta(id, 1, "paced-token").setNumbers(List.of(reported)).build());

        // The dispatcher runs once it has something to send.
        OutboundRequest request = text(id, customer(), "paced").build();
        assertThat(sent(request).getOutcome()).isEqualTo(OutboundOutcome.ACCEPTED);
        awaitPacing(id, new Dispatchers.Pacing(40, "2K"));

        // Meta raised the number's limit: the reported value applies.
        publish(meta(id, 2, "paced-token").setNumbers(List.of(BusinessNumber.newBuilder(reported)
                .setMessagingLimit("TIER_UNLIMITED").build())).build());
        awaitPacing(id, new Dispatchers.Pacing(40, "UNLIMITED"));

        // The admin's override wins over what Meta reports.
        publish(meta(id, 3, "paced-token").setNumbers(List.of(reported)).setThroughput(20).setTier("10K").build());
        awaitPacing(id, new Dispatchers.Pacing(20, "10K"));

        // Nothing reported, nothing set: WhatsApp's defaults.
        publish(meta(id, 4, "paced-token", "740001").build());
        awaitPacing(id, new Dispatchers.Pacing(80, "250"));
    }

    @Test
    void aThroughputUpgradeOfTheSecondNumberRaisesOnlyThatNumbersPace() {
        String id = channelId("upgraded");
        BusinessNumber first = number("745001").setThroughput(80).build();
        BusinessNumber second = number("745002").setThroughput(80).build();
        publish(meta(id, 1, "upgraded-token").setNumbers(List.of(first, second)).build());
        OutboundRequest before = text(id, customer(), "before").setBusinessNumberId("745002").build();
        assertThat(sent(before).getOutcome()).isEqualTo(OutboundOutcome.ACCEPTED);
        await().atMost(WAIT).until(() -> dispatchers.numberPacing(id).equals(Map.of("745001", 80, "745002", 80)));

        // ticket-service's registry, on THROUGHPUT_UPGRADE of the second number: its throughput 1,000.
        publish(meta(id, 2, "upgraded-token").setNumbers(List.of(first,
                BusinessNumber.newBuilder(second).setThroughput(1000).build())).build());

        await().atMost(WAIT).until(() -> dispatchers.numberPacing(id).equals(Map.of("745001", 80, "745002", 1000)));
        // The channel's own pacing (its first number's) and tier are unchanged.
        awaitPacing(id, new Dispatchers.Pacing(80, "250"));
        String to = customer();
        assertThat(sent(text(id, to, "after").setBusinessNumberId("745002").build()).getOutcome())
                .isEqualTo(OutboundOutcome.ACCEPTED);
        assertThat(provider.callsTo(to)).singleElement()
                .satisfies(call -> assertThat(call.path()).isEqualTo("/v27.0/745002/messages"));
    }

    @Test
    void aRequestGoesFromTheNumberItNamesAndFromTheFirstWhenItNamesNoneOfTheChannels() {
        String id = channelId("numbers");
        publishSending(meta(id, 1, "numbers-token", "750001", "750002").build());
        String toSecond = customer();
        String toUnknown = customer();
        OutboundRequest fromSecond = text(id, toSecond, "from the second").setBusinessNumberId("750002").build();
        OutboundRequest fromUnknown = text(id, toUnknown, "from the first").setBusinessNumberId("999999").build();

        topics.send(fromSecond);
        topics.send(fromUnknown);

        assertThat(awaitResult(fromSecond.getRequestId()).getOutcome()).isEqualTo(OutboundOutcome.ACCEPTED);
        assertThat(awaitResult(fromUnknown.getRequestId()).getOutcome()).isEqualTo(OutboundOutcome.ACCEPTED);
        assertThat(provider.callsTo(toSecond)).singleElement().extracting(StubProvider.Call::path)
                .isEqualTo("/v27.0/750002/messages");
        assertThat(provider.callsTo(toUnknown)).singleElement().extracting(StubProvider.Call::path)
                .isEqualTo("/v27.0/750001/messages");

        // Twilio: the sender the request names is the From.
        String twilioId = channelId("numbers-twilio");
        publishSending(ChannelConfig.newBuilder(base(twilioId, 1, Provider.TWILIO))
                .setNumbers(List.of(number("whatsapp:+15557500001").build(), number("whatsapp:+15557500002").build()))
                .setTwilio(TwilioChannel.newBuilder().setAccountSid("AC" + "75".repeat(16))
                        .setAuthToken(keys.seal(twilioId, "numbers-twilio-token")).build())
                .build());
        String viaTwilio = customer();
        OutboundRequest twilio = text(twilioId, viaTwilio, "via Twilio").setBusinessNumberId("whatsapp:+15557500002")
                .build();

        assertThat(sent(twilio).getOutcome()).isEqualTo(OutboundOutcome.ACCEPTED);
        assertThat(provider.twilioCallsTo("whatsapp:+" + viaTwilio)).singleElement()
                .satisfies(call -> assertThat(call.form()).containsEntry("From", "whatsapp:+15557500002"));
    }

    @Test
    void a360dialogChannelSendsMetasJsonToItsMessagesWithItsApiKey() {
        String id = channelId("d360");
        publishSending(dialog360(id, 1, "d360-key", null, "760001").build());
        String to = customer();
        OutboundRequest request = text(id, to, "hello through 360dialog").build();

        OutboundResult result = sent(request);
        assertThat(result.getOutcome()).isEqualTo(OutboundOutcome.ACCEPTED);
        assertThat(result.getMessageId()).startsWith("wamid.");
        assertThat(provider.callsTo(to)).singleElement().satisfies(call -> {
            // The service's 360dialog base URL (the channel names none), no phone_number_id, no bearer.
            assertThat(call.path()).isEqualTo("/360dialog/messages");
            assertThat(call.apiKey()).isEqualTo("d360-key");
            assertThat(call.authorization()).isNull();
            assertThat(call.body()).isEqualTo(JSON.readTree(GraphMessageBodies.json(request)));
        });
    }

    @Test
    void a360dialogChannelUploadsAStoredFileToItsMediaThenSendsItById() {
        String id = channelId("d360-media");
        publishSending(dialog360(id, 1, "d360-media-key", provider.baseUrl() + "/d360-own/", "770001").build());
        byte[] bytes = new byte[20_000];
        RANDOM.nextBytes(bytes);
        StoredObject stored = store.put(new ByteArrayInputStream(bytes), "image/png", Long.MAX_VALUE, null);
        StoredFile file = StoredFile.newBuilder().setKey(stored.key()).setSha256(stored.sha256()).setSize(stored.size())
                .setMimeType("image/png").setFilename("receipt.png").build();
        String to = customer();
        OutboundRequest request = base(id, to).setType(OutboundType.IMAGE)
                .setMedia(OutboundMedia.newBuilder().setCaption("Your receipt").setStored(file).build()).build();

        assertThat(sent(request).getOutcome()).isEqualTo(OutboundOutcome.ACCEPTED);
        assertThat(provider.uploadsOf(file.getSha256())).singleElement().satisfies(upload -> {
            assertThat(upload.path()).isEqualTo("/d360-own/media");
            assertThat(upload.apiKey()).isEqualTo("d360-media-key");
            assertThat(upload.authorization()).isNull();
            assertThat(upload.requestContentType()).startsWith("multipart/form-data; boundary=");
            assertThat(upload.fields()).containsExactly(Map.entry("messaging_product", "whatsapp"),
                    Map.entry("type", "image/png"));
            assertThat(upload.filename()).isEqualTo("receipt.png");
            assertThat(upload.file()).isEqualTo(bytes);
            assertThat(provider.callsTo(to)).singleElement().satisfies(call -> {
                assertThat(call.path()).isEqualTo("/d360-own/messages");
                assertThat(call.apiKey()).isEqualTo("d360-media-key");
                assertThat(call.body().path("image").path("id").asString()).isEqualTo(upload.mediaId());
                assertThat(call.body().path("image").path("caption").asString()).isEqualTo("Your receipt");
            });
        });
    }

    @Test
    void anAuthErrorOfTheProviderFailsTheRequestAsChannelUnavailableWithTheProvidersError() {
        String metaId = channelId("auth-meta");
        publishSending(meta(metaId, 1, "expired-token", "780001").build());
        String d360Id = channelId("auth-d360");
        publishSending(dialog360(d360Id, 1, "revoked-key", null, "780002").build());
        String toMeta = customer();
        String toD360 = customer();
        provider.script(toMeta, new Answer(401, "{\"error\":{\"message\":\"Error validating access token: Session has"
                + " expired\",\"type\":\"OAuthException\",\"code\":190,\"error_subcode\":463,\"fbtrace_id\":\"Atrace\"}}"));
        // (A body that is not Meta's error: what 360dialog answers to a wrong key is not documented; synthetic.)
        provider.script(toD360, new Answer(401, "{\"meta\":{\"success\":false,\"http_code\":401,"
                + "\"developer_message\":\"Invalid api key\"}}"));
        OutboundRequest viaMeta = text(metaId, toMeta, "refused").build();
        OutboundRequest viaD360 = text(d360Id, toD360, "refused").build();

        topics.send(viaMeta);
        topics.send(viaD360);

        OutboundResult metaResult = awaitResult(viaMeta.getRequestId());
        assertThat(metaResult.getOutcome()).isEqualTo(OutboundOutcome.FAILED);
        assertThat(metaResult.getFailureKind()).isEqualTo(FailureKind.CHANNEL_UNAVAILABLE);
        assertThat(metaResult.getError().getCode()).isEqualTo(190);
        assertThat(metaResult.getError().getMessage()).contains("Session has expired");
        assertThat(metaResult.getAttempts()).isEqualTo(1);
        OutboundResult d360Result = awaitResult(viaD360.getRequestId());
        assertThat(d360Result.getFailureKind()).isEqualTo(FailureKind.CHANNEL_UNAVAILABLE);
        assertThat(d360Result.getError().getMessage()).contains("Invalid api key");
        assertThat(d360Result.getAttempts()).isEqualTo(1);
    }

    @Test
    void aChannelWhoseSecretDoesNotOpenHereIsUnavailableAndSaysWhichKeyWithoutTheSecret() {
        String id = channelId("foreign-key");
        ChannelKeys foreign = ChannelKeys.parse("elsewhere:" + java.util.Base64.getEncoder().encodeToString(new byte[32]));
        publish(ChannelConfig.newBuilder(meta(id, 1, "unused", "790001").build())
                .setMeta(MetaChannel.newBuilder().setAccessToken(foreign.seal(id, "the-secret-token")).build()).build());
        awaitState(id, ChannelState.Unavailable.class::isInstance);
        String to = customer();
        OutboundRequest request = text(id, to, "cannot go").build();

        OutboundResult result = sent(request);
        assertThat(result.getFailureKind()).isEqualTo(FailureKind.CHANNEL_UNAVAILABLE);
        assertThat(result.getError().getMessage()).contains(id, "'elsewhere'").doesNotContain("the-secret-token");
        assertThat(provider.callsTo(to)).isEmpty();
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static String channelId(String name) {
        return "live-" + name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static BusinessNumber.Builder number(String id) {
        return BusinessNumber.newBuilder().setId(id);
    }

    private ChannelConfig.Builder base(String id, long revision, Provider provider) {
        return ChannelConfig.newBuilder().setChannelId(id).setRevision(revision).setUpdatedAt(Instant.now())
                .setProvider(provider).setEnabled(true);
    }

    private ChannelConfig.Builder meta(String id, long revision, String token, String... numbers) {
        return base(id, revision, Provider.META)
                .setNumbers(Arrays.stream(numbers).map(n -> number(n).build()).toList())
                .setMeta(MetaChannel.newBuilder().setAccessToken(keys.seal(id, token)).build());
    }

    private ChannelConfig.Builder dialog360(String id, long revision, String apiKey, String baseUrl, String number) {
        return base(id, revision, Provider.DIALOG360)
                .setNumbers(List.of(number(number).build()))
                .setDialog360(Dialog360Channel.newBuilder().setApiKey(keys.seal(id, apiKey)).setBaseUrl(baseUrl).build());
    }

    private void publish(ChannelConfig config) {
        publisher.publish(config);
    }

    /** Publishes the channel and waits until the service sends with it. */
    private void publishSending(ChannelConfig config) {
        publish(config);
        awaitState(config.getChannelId(), ChannelState.Sending.class::isInstance);
    }

    /** Puts the request on the requests topic and waits for its one result. */
    private OutboundResult sent(OutboundRequest request) {
        topics.send(request);
        return awaitResult(request.getRequestId());
    }

    /** Until the service's view of the channel matches (the feed reads the topic within a poll). */
    private void awaitState(String id, Predicate<ChannelState> matches) {
        await().atMost(WAIT).until(() -> channels.find(id).filter(matches).isPresent());
    }

    private void awaitPacing(String id, Dispatchers.Pacing expected) {
        await().atMost(WAIT).until(() -> dispatchers.pacing(id).filter(expected::equals).isPresent());
    }

    /** The gauge switchboard_outbound_held{channel}. */
    private double held(String channelId) {
        return meters.get("switchboard.outbound.held").tag("channel", channelId).gauge().value();
    }

    private long queued(String channelId) {
        return jdbc.sql("select count(*) from send_request where channel_id = ? and state = 'queued'")
                .param(channelId).query(Long.class).single();
    }

    private OutboundRequest.Builder base(String channelId, String waId) {
        return FlowRequests.base(channelId, waId, clock.instant());
    }

    private OutboundRequest.Builder text(String channelId, String waId, String body) {
        return FlowRequests.text(channelId, waId, body, clock.instant());
    }

    /** This service's results of the requests (another test context still open fails them as not configured). */
    private List<OutboundResult> resultsOf(List<OutboundRequest> requests) {
        List<String> ids = requests.stream().map(OutboundRequest::getRequestId).toList();
        return topics.results().stream().filter(r -> ids.contains(r.getRequestId())).filter(LiveChannelsFlowTest::ours)
                .toList();
    }

    private OutboundResult awaitResult(String requestId) {
        return topics.awaitResult(requestId, LiveChannelsFlowTest::ours);
    }

    /** Not a failure of another test context that does not know these channels. */
    private static boolean ours(OutboundResult result) {
        return result.getError() == null || result.getError().getMessage() == null
                || !result.getError().getMessage().contains("is not configured in outbound-service");
    }
}
