package dev.switchboard.outbound.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.switchboard.events.Customer;
import dev.switchboard.events.FailureKind;
import dev.switchboard.events.OutboundKind;
import dev.switchboard.events.OutboundMedia;
import dev.switchboard.events.OutboundOutcome;
import dev.switchboard.events.OutboundRequest;
import dev.switchboard.events.OutboundResult;
import dev.switchboard.events.OutboundType;
import dev.switchboard.events.StoredFile;
import dev.switchboard.outbound.flow.StubProvider.Answer;
import dev.switchboard.store.MediaStore;
import dev.switchboard.store.Sha256;
import dev.switchboard.store.StoredObject;
import dev.switchboard.store.testing.S3TestServer;
import dev.switchboard.testing.UseSharedKafka;
import dev.switchboard.testing.UseSharedPostgres;

/**
 * Agents' files (in the media store) sent through Meta, uploaded first, and through Twilio, by a link: on a real
 * broker, PostgreSQL, an S3 server (S3Mock) and the stub provider over HTTP.
 */
@SpringBootTest
@UseSharedKafka
@UseSharedPostgres
@ActiveProfiles("media")
// Its context knows only its own channels: closed after the class, it fails no other test's requests.
@DirtiesContext
class StoredMediaFlowTest {

    private static final StubProvider provider = new StubProvider();
    private static final Random RANDOM = new Random();

    @DynamicPropertySource
    static void endpoints(DynamicPropertyRegistry registry) {
        registry.add("switchboard.graph.base-url", provider::baseUrl);
        registry.add("switchboard.twilio.base-url", provider::baseUrl);
        S3TestServer.properties("outbound-media").forEach((key, value) -> registry.add(key, () -> value));
    }

    @Autowired
    private MediaStore store;

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private ApplicationContext context;

    private ServiceTopics topics;

    @BeforeAll
    static void topics() {
        ServiceTopics.create();
    }

    @AfterAll
    static void stopStub() {
        provider.close();
    }

    @BeforeEach
    void open() {
        topics = new ServiceTopics();
    }

    @AfterEach
    void close() {
        topics.close();
    }

    @Test
    void anAgentsFileIsUploadedToMetaStreamedAndSentByTheIdMetaGave() {
        // 300 KB: more than the HTTP client's and the store's buffers, so the upload streams in several pieces
        byte[] bytes = bytes(300_000);
        StoredFile file = put(bytes, "image/png", "receipt.png");
        String to = customer();
        OutboundRequest request = media("media-meta", to, OutboundType.IMAGE, file, "Your receipt");

        send(request);

        OutboundResult result = awaitResult(request.getRequestId());
        assertThat(result.getOutcome()).isEqualTo(OutboundOutcome.ACCEPTED);
        assertThat(result.getAttempts()).isEqualTo(1);
        StubProvider.Upload upload = single(provider.uploadsOf(file.getSha256()));
        assertThat(upload.path()).isEqualTo("/v23.0/555/media");
        assertThat(upload.authorization()).isEqualTo("Bearer media-token");
        assertThat(upload.requestContentType()).startsWith("multipart/form-data; boundary=");
        assertThat(upload.fields()).containsExactly(Map.entry("messaging_product", "whatsapp"),
                Map.entry("type", "image/png"));
        assertThat(upload.filename()).isEqualTo("receipt.png");
        assertThat(upload.fileContentType()).isEqualTo("image/png");
        assertThat(upload.file()).isEqualTo(bytes);
        assertThat(provider.callsTo(to)).singleElement().satisfies(call -> {
            assertThat(call.path()).isEqualTo("/v23.0/555/messages");
            assertThat(call.body().path("type").asString()).isEqualTo("image");
            assertThat(call.body().path("image").path("id").asString()).isEqualTo(upload.mediaId());
            assertThat(call.body().path("image").path("caption").asString()).isEqualTo("Your receipt");
            assertThat(call.body().path("image").has("link")).isFalse();
        });
    }

    @Test
    void theSameFileSentTwiceIsUploadedOnceAndSentByTheSameId() {
        StoredFile file = put(bytes(20_000), "application/pdf", "invoice 2026-12.pdf");
        String first = customer();
        String second = customer();
        OutboundRequest one = media("media-meta", first, OutboundType.DOCUMENT, file, "Your invoice");
        OutboundRequest two = media("media-meta", second, OutboundType.DOCUMENT, file, null);

        send(one);
        assertThat(awaitResult(one.getRequestId()).getOutcome()).isEqualTo(OutboundOutcome.ACCEPTED);
        send(two);
        assertThat(awaitResult(two.getRequestId()).getOutcome()).isEqualTo(OutboundOutcome.ACCEPTED);

        StubProvider.Upload upload = single(provider.uploadsOf(file.getSha256()));
        assertThat(upload.filename()).isEqualTo("invoice 2026-12.pdf");
        for (String to : List.of(first, second)) {
            assertThat(provider.callsTo(to)).singleElement().satisfies(call -> {
                assertThat(call.body().path("document").path("id").asString()).isEqualTo(upload.mediaId());
                assertThat(call.body().path("document").path("filename").asString()).isEqualTo("invoice 2026-12.pdf");
            });
        }
        assertThat(jdbc.sql("select media_id from media_upload where channel_id = 'media-meta' and sha256 = ?")
                .param(file.getSha256()).query(String.class).single()).isEqualTo(upload.mediaId());
    }

    @Test
    void anUploadMetaRefusesFailsTheRequestWithMetasErrorAndSendsNoMessage() {
        StoredFile file = put(bytes(5_000), "video/mp4", "clip.mp4");
        provider.scriptUpload(file.getSha256(), Answer.error(131053, "Media upload error"));
        String to = customer();
        OutboundRequest request = media("media-meta", to, OutboundType.VIDEO, file, "A clip");

        send(request);

        OutboundResult result = awaitResult(request.getRequestId());
        assertThat(result.getOutcome()).isEqualTo(OutboundOutcome.FAILED);
        assertThat(result.getFailureKind()).isEqualTo(FailureKind.PROVIDER_REJECTED);
        assertThat(result.getError().getCode()).isEqualTo(131053);
        assertThat(result.getError().getDetails()).isEqualTo("Media upload error");
        assertThat(provider.uploadsOf(file.getSha256())).hasSize(1);
        assertThat(provider.callsTo(to)).isEmpty();
    }

    @Test
    void aRateLimitedUploadIsRetriedWithBackoffAndThenSent() {
        StoredFile file = put(bytes(5_000), "image/jpeg", "photo.jpg");
        provider.scriptUpload(file.getSha256(), Answer.error(4, "Application request limit reached"));
        String to = customer();
        OutboundRequest request = media("media-meta", to, OutboundType.IMAGE, file, null);

        send(request);

        OutboundResult result = awaitResult(request.getRequestId());
        assertThat(result.getOutcome()).isEqualTo(OutboundOutcome.ACCEPTED);
        assertThat(result.getAttempts()).isEqualTo(2);
        List<StubProvider.Upload> uploads = provider.uploadsOf(file.getSha256());
        assertThat(uploads).extracting(StubProvider.Upload::status).containsExactly(400, 200);
        assertThat(provider.callsTo(to)).singleElement().satisfies(call ->
                assertThat(call.body().path("image").path("id").asString()).isEqualTo(uploads.get(1).mediaId()));
    }

    @Test
    void aKeptMediaIdMetaNoLongerKnowsIsForgottenAndTheFileUploadedAgain() {
        StoredFile file = put(bytes(5_000), "image/png", "map.png");
        String first = customer();
        OutboundRequest one = media("media-meta", first, OutboundType.IMAGE, file, null);
        send(one);
        assertThat(awaitResult(one.getRequestId()).getOutcome()).isEqualTo(OutboundOutcome.ACCEPTED);
        String keptId = single(provider.uploadsOf(file.getSha256())).mediaId();

        // Meta's answer to a send with an expired or unknown upload id
        String second = customer();
        provider.script(second, Answer.error(100,
                "Param image['id'] is not a valid whatsapp business account media attachment ID"));
        OutboundRequest two = media("media-meta", second, OutboundType.IMAGE, file, null);
        send(two);

        OutboundResult result = awaitResult(two.getRequestId());
        assertThat(result.getOutcome()).isEqualTo(OutboundOutcome.ACCEPTED);
        assertThat(result.getAttempts()).isEqualTo(1);
        List<StubProvider.Upload> uploads = provider.uploadsOf(file.getSha256());
        assertThat(uploads).hasSize(2);
        String newId = uploads.get(1).mediaId();
        assertThat(provider.callsTo(second)).extracting(call -> call.body().path("image").path("id").asString())
                .containsExactly(keptId, newId);
        assertThat(jdbc.sql("select media_id from media_upload where channel_id = 'media-meta' and sha256 = ?")
                .param(file.getSha256()).query(String.class).single()).isEqualTo(newId);
    }

    @Test
    void aTwilioChannelSendsALinkThatGivesTheFilesBytesWithoutCredentials() throws Exception {
        byte[] bytes = bytes(50_000);
        StoredFile file = put(bytes, "image/jpeg", "shelf.jpg");
        String to = customer();
        OutboundRequest request = media("media-twilio", to, OutboundType.IMAGE, file, "The shelf");

        send(request);

        OutboundResult result = awaitResult(request.getRequestId());
        assertThat(result.getOutcome()).isEqualTo(OutboundOutcome.ACCEPTED);
        assertThat(result.getMessageId()).startsWith("SM");
        StubProvider.TwilioCall call = single(provider.twilioCallsTo("whatsapp:+" + to));
        assertThat(call.form()).containsEntry("Body", "The shelf").containsEntry("From", "whatsapp:+15550003333");
        HttpResponse<byte[]> fetched = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(call.form().get("MediaUrl"))).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(fetched.statusCode()).isEqualTo(200);
        assertThat(fetched.body()).isEqualTo(bytes);
        assertThat(provider.uploadsOf(file.getSha256())).isEmpty();
    }

    @Test
    void aFileMissingFromTheStoreFailsTheRequestAsInvalidWithoutAnyCall() {
        byte[] neverStored = bytes(1_000);
        StoredFile file = StoredFile.newBuilder().setKey("sha256/" + Sha256.hexOf(neverStored))
                .setSha256(Sha256.hexOf(neverStored)).setSize(neverStored.length).setMimeType("image/png")
                .setFilename("lost.png").build();
        String to = customer();
        OutboundRequest meta = media("media-meta", to, OutboundType.IMAGE, file, null);
        OutboundRequest twilio = media("media-twilio", to, OutboundType.IMAGE, file, null);

        send(meta);
        send(twilio);

        for (OutboundRequest request : List.of(meta, twilio)) {
            OutboundResult result = awaitResult(request.getRequestId());
            assertThat(result.getOutcome()).isEqualTo(OutboundOutcome.FAILED);
            assertThat(result.getFailureKind()).isEqualTo(FailureKind.INVALID_REQUEST);
            assertThat(result.getError().getMessage()).contains("lost.png").contains("is not in the media store");
        }
        assertThat(provider.uploadsOf(file.getSha256())).isEmpty();
        assertThat(provider.callsTo(to)).isEmpty();
        assertThat(provider.twilioCallsTo("whatsapp:+" + to)).isEmpty();
    }

    @Test
    void readinessAsksTheBucket() {
        Health health = context.getBean("mediaStoreHealthIndicator", HealthIndicator.class).health();

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("bucket", "outbound-media");
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private StoredFile put(byte[] bytes, String mimeType, String filename) {
        StoredObject stored = store.put(new ByteArrayInputStream(bytes), mimeType, Long.MAX_VALUE, null);
        return StoredFile.newBuilder().setKey(stored.key()).setSha256(stored.sha256()).setSize(stored.size())
                .setMimeType(mimeType).setFilename(filename).build();
    }

    private static byte[] bytes(int size) {
        byte[] bytes = new byte[size];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static String customer() {
        return "49" + (1_000_000_000L + Math.floorMod(UUID.randomUUID().getMostSignificantBits(), 8_999_999_999L));
    }

    private static OutboundRequest media(String channelId, String waId, OutboundType type, StoredFile file,
                                         String caption) {
        return OutboundRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString())
                .setKind(OutboundKind.AGENT_REPLY)
                .setChannelId(channelId)
                .setRecipient(Customer.newBuilder().setWaId(waId).build())
                .setRequestedAt(Instant.now())
                .setTicketId("T1")
                .setArticleId("A1")
                .setType(type)
                .setMedia(OutboundMedia.newBuilder().setCaption(caption).setStored(file).build())
                .build();
    }

    private void send(OutboundRequest request) {
        topics.send(request);
    }

    /**
     * The request's one result. Another test context still open consumes the same topic and fails requests of
     * channels it does not know at once (attempts 0, channel_unavailable): those are not this service's answers.
     */
    private OutboundResult awaitResult(String requestId) {
        return topics.awaitResult(requestId,
                r -> !(r.getAttempts() == 0 && r.getFailureKind() == FailureKind.CHANNEL_UNAVAILABLE));
    }

    private static <T> T single(List<T> items) {
        assertThat(items).hasSize(1);
        return items.get(0);
    }
}
