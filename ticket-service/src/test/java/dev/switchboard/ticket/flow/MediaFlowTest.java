package dev.switchboard.ticket.flow;

import static dev.switchboard.ticket.flow.TicketTestKit.newCustomer;
import static dev.switchboard.ticket.flow.TicketTestKit.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import dev.switchboard.events.InboundMessage;
import dev.switchboard.events.InboundMessageType;
import dev.switchboard.events.Media;
import dev.switchboard.events.MediaEventType;
import dev.switchboard.events.MediaFailure;
import dev.switchboard.events.OutboundKind;
import dev.switchboard.events.OutboundRequest;
import dev.switchboard.events.OutboundType;
import dev.switchboard.events.StoredFile;
import dev.switchboard.schemas.Keys;
import dev.switchboard.schemas.Topics;
import dev.switchboard.store.MediaStore;
import dev.switchboard.store.Sha256;
import dev.switchboard.store.StoredObject;
import dev.switchboard.testing.SharedKafka;
import dev.switchboard.testing.TopicTail;
import dev.switchboard.testing.UseSharedKafka;
import dev.switchboard.testing.UseSharedPostgres;
import dev.switchboard.ticket.flow.TicketTestKit.Answer;
import dev.switchboard.ticket.flow.TicketTestKit.FilePart;
import tools.jackson.databind.JsonNode;

/**
 * Files on articles, with the object store of the test JVM (S3Mock): media-service's outcomes
 * (whatsapp.media.events.v1) on inbound articles, in any order; files served back whole or by range; agents'
 * uploads (multipart) checked, stored and sent as one message each, or refused with nothing stored.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@UseSharedKafka
@UseSharedPostgres
@ActiveProfiles("flow")
class MediaFlowTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Random RANDOM = new Random(15);

    @Value("${local.server.port}")
    private int port;

    @Autowired
    private MediaStore store;

    private TicketTestKit kit;

    @BeforeAll
    static void topics() {
        TicketTestKit.createTopics();
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
    void anInboundImageIsPendingUntilStoredThenServedByteForByteWholeAndByRange() {
        String waId = newCustomer();
        byte[] photo = bytes(200_000);
        String announced = Base64.getEncoder().encodeToString(Sha256.digest().digest(photo));
        InboundMessage message = TicketTestKit.media("shop", waId, "wamid.IMG." + waId, InboundMessageType.IMAGE,
                Media.newBuilder().setId("meta-media-1").setMimeType("image/jpeg").setSha256(announced)
                        .setCaption("my broken parcel").build(),
                Instant.now().minusSeconds(30));
        kit.send(message);
        long ticketId = kit.awaitOneTicket("shop", waId).path("id").asLong();
        JsonNode pending = awaitMedia(ticketId, "wamid.IMG." + waId, "pending");
        // what the provider announced stays as it was
        assertThat(pending.path("media").path("sha256").asString()).isEqualTo(announced);
        assertThat(pending.path("media").path("caption").asString()).isEqualTo("my broken parcel");
        assertThat(pending.path("media").has("downloadUrl")).isFalse();
        long articleId = pending.path("id").asLong();
        String url = "/api/tickets/" + ticketId + "/articles/" + articleId + "/media";
        Answer notYet = json(kit.download(url));
        assertThat(notYet.status()).isEqualTo(409);
        assertThat(notYet.body().path("error").asString()).isEqualTo("media_not_stored");
        assertThat(notYet.body().path("status").asString()).isEqualTo("pending");

        // media-service fetched it
        StoredObject stored = store.put(new ByteArrayInputStream(photo), "image/jpeg", 5_000_000, null);
        kit.send(TicketTestKit.stored(message, stored.sha256(), stored.size(), "image/jpeg"));

        JsonNode article = awaitMedia(ticketId, "wamid.IMG." + waId, "stored");
        JsonNode media = article.path("media");
        assertThat(media.path("size").asLong()).isEqualTo(photo.length);
        assertThat(media.path("storedSha256").asString()).isEqualTo(Sha256.hexOf(photo));
        assertThat(media.path("sha256").asString()).isEqualTo(announced);
        assertThat(media.path("id").asString()).isEqualTo("meta-media-1");
        assertThat(media.path("mimeType").asString()).isEqualTo("image/jpeg");
        assertThat(media.path("downloadUrl").asString()).isEqualTo(url);

        HttpResponse<byte[]> whole = kit.download(url);
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(photo);
        assertThat(whole.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        assertThat(whole.headers().firstValue("Content-Length")).hasValue(String.valueOf(photo.length));
        assertThat(whole.headers().firstValue("Accept-Ranges")).hasValue("bytes");
        assertThat(whole.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"image-" + articleId + ".jpg\"");

        HttpResponse<byte[]> middle = kit.download(url, "Range", "bytes=1000-1999");
        assertThat(middle.statusCode()).isEqualTo(206);
        assertThat(middle.body()).isEqualTo(Arrays.copyOfRange(photo, 1000, 2000));
        assertThat(middle.headers().firstValue("Content-Range")).hasValue("bytes 1000-1999/" + photo.length);
        assertThat(middle.headers().firstValue("Content-Length")).hasValue("1000");

        HttpResponse<byte[]> tail = kit.download(url, "Range", "bytes=-100");
        assertThat(tail.statusCode()).isEqualTo(206);
        assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(photo, photo.length - 100, photo.length));

        HttpResponse<byte[]> fromTheMiddle = kit.download(url, "Range", "bytes=199990-");
        assertThat(fromTheMiddle.statusCode()).isEqualTo(206);
        assertThat(fromTheMiddle.body()).isEqualTo(Arrays.copyOfRange(photo, 199_990, photo.length));
        assertThat(fromTheMiddle.headers().firstValue("Content-Range")).hasValue("bytes 199990-199999/200000");

        HttpResponse<byte[]> beyond = kit.download(url, "Range", "bytes=200000-");
        assertThat(beyond.statusCode()).isEqualTo(416);
        assertThat(beyond.headers().firstValue("Content-Range")).hasValue("bytes */200000");

        assertThat(kit.download(url, "Authorization", "Bearer not-the-token").statusCode()).isEqualTo(401);
        assertThat(json(kit.download("/api/tickets/" + (ticketId + 100_000) + "/articles/" + articleId + "/media"))
                .status()).as("an article of another ticket").isEqualTo(404);
    }

    @Test
    void aStoredFileThatIsNoLongerInTheStoreIs410MediaMissing() {
        String waId = newCustomer();
        InboundMessage message = TicketTestKit.media("shop", waId, "wamid.GONE." + waId, InboundMessageType.DOCUMENT,
                Media.newBuilder().setId("meta-media-gone").setMimeType("application/pdf").build(),
                Instant.now().minusSeconds(30));
        kit.send(message);
        long ticketId = kit.awaitOneTicket("shop", waId).path("id").asLong();
        byte[] neverInTheStore = ("deleted by a lifecycle rule " + waId).getBytes();
        kit.send(TicketTestKit.stored(message, Sha256.hexOf(neverInTheStore), neverInTheStore.length,
                "application/pdf"));
        long articleId = awaitMedia(ticketId, "wamid.GONE." + waId, "stored").path("id").asLong();
        String url = "/api/tickets/" + ticketId + "/articles/" + articleId + "/media";

        Answer whole = json(kit.download(url));
        assertThat(whole.status()).isEqualTo(410);
        assertThat(whole.body().path("error").asString()).isEqualTo("media_missing");
        assertThat(json(kit.download(url, "Range", "bytes=0-9")).status()).isEqualTo(410);
    }

    @Test
    void anOutcomeBeforeItsArticleIsShownWhenTheArticleComesAndAStoredFileWinsOverALaterFailure() {
        String waId = newCustomer();
        byte[] document = bytes(30_000);
        StoredObject stored = store.put(new ByteArrayInputStream(document), "application/pdf", 100_000_000, null);
        InboundMessage message = TicketTestKit.media("club", waId, "wamid.DOC." + waId, InboundMessageType.DOCUMENT,
                Media.newBuilder().setId("meta-media-2").setMimeType("application/pdf")
                        .setFilename("Rechnung März.pdf").build(),
                Instant.now().minusSeconds(30));

        kit.send(TicketTestKit.stored(message, stored.sha256(), stored.size(), "application/pdf"));
        kit.send(TicketTestKit.stored(message, stored.sha256(), stored.size(), "application/pdf")); // redelivered
        kit.send(TicketTestKit.failed(message, MediaFailure.EXPIRED, "404 from Graph")); // a late, wrong failure
        kit.send(message);

        long ticketId = kit.awaitOneTicket("club", waId).path("id").asLong();
        // A later message's outcome on the same partition (same conversation) shows that the failure was consumed.
        InboundMessage later = TicketTestKit.media("club", waId, "wamid.DOC2." + waId, InboundMessageType.DOCUMENT,
                Media.newBuilder().setId("meta-media-3").setMimeType("application/pdf").build(), Instant.now());
        kit.send(later);
        kit.send(TicketTestKit.failed(later, MediaFailure.HASH_MISMATCH, "sha256 of the 10 bytes is 00…"));
        JsonNode failed = awaitMedia(ticketId, "wamid.DOC2." + waId, "failed");
        assertThat(failed.path("media").path("reason").asString()).isEqualTo("hash_mismatch");
        assertThat(failed.path("media").path("detail").asString()).isEqualTo("sha256 of the 10 bytes is 00…");

        JsonNode article = awaitMedia(ticketId, "wamid.DOC." + waId, "stored");
        assertThat(article.path("media").path("storedSha256").asString()).isEqualTo(stored.sha256());
        assertThat(article.path("media").has("reason")).isFalse();
        HttpResponse<byte[]> download = kit.download(article.path("media").path("downloadUrl").asString());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(document);
        assertThat(download.headers().firstValue("Content-Disposition").orElseThrow())
                .startsWith("attachment; filename=")
                .contains("filename*=UTF-8''Rechnung%20M%C3%A4rz.pdf");

        assertThat(failed.path("media").has("downloadUrl")).isFalse();
        Answer refused = json(kit.download("/api/tickets/" + ticketId + "/articles/" + failed.path("id").asLong()
                + "/media"));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body().path("error").asString()).isEqualTo("media_not_stored");
        assertThat(refused.body().path("status").asString()).isEqualTo("failed");
        assertThat(refused.body().path("reason").asString()).isEqualTo("hash_mismatch");
    }

    @Test
    void anArticleWithoutAFileIs404AndTheJsonApiAnswersJsonThoughXmlIsOnTheClasspath() throws Exception {
        // S3Mock brings jackson-dataformat-xml: the API must still answer JSON, and JSON only
        Class.forName("tools.jackson.dataformat.xml.XmlMapper");
        String waId = newCustomer();
        kit.send(text("shop", waId, "wamid.TXT." + waId, "just text", Instant.now()).build());
        long ticketId = kit.awaitOneTicket("shop", waId).path("id").asLong();
        long articleId = kit.articles(ticketId).get(0).path("id").asLong();

        Answer noFile = json(kit.download("/api/tickets/" + ticketId + "/articles/" + articleId + "/media"));
        assertThat(noFile.status()).isEqualTo(404);
        assertThat(noFile.body().path("error").asString()).isEqualTo("not_found");
        assertThat(json(kit.download("/api/tickets/" + ticketId + "/articles/999999999/media")).status())
                .isEqualTo(404);

        HttpResponse<byte[]> ticket = kit.download("/api/tickets/" + ticketId);
        assertThat(ticket.headers().firstValue("Content-Type")).hasValue("application/json");
        HttpResponse<byte[]> anything = kit.download("/api/tickets?state=all", "Accept", "*/*");
        assertThat(anything.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(kit.download("/api/tickets/" + ticketId, "Accept", "application/xml").statusCode()).isEqualTo(406);
        HttpResponse<byte[]> refused = kit.download("/api/tickets/" + ticketId + "/articles/999999999/media",
                "Accept", "video/*");
        assertThat(refused.statusCode()).isEqualTo(404);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/json");
    }

    @Test
    void aMediaEventThatSaysNothingUsableIsParkedOnTheDeadLetterTopic() {
        String waId = newCustomer();
        InboundMessage message = TicketTestKit.media("club", waId, "wamid.P." + waId, InboundMessageType.IMAGE,
                Media.newBuilder().setId("x").build(), Instant.now());
        String key = Keys.conversation("club", message.getCustomer());
        try (TopicTail<byte[]> dlt = TopicTail.fromNow(SharedKafka.bootstrapServers(), new ByteArrayDeserializer(),
                Topics.MEDIA_EVENTS.deadLetterTopic())) {
            kit.sendBytes(Topics.MEDIA_EVENTS.name(), key, "not avro".getBytes(StandardCharsets.UTF_8));
            kit.send(TicketTestKit.mediaEvent(message, MediaEventType.STORED).build()); // STORED without a file
            kit.send(message);
            kit.send(TicketTestKit.failed(message, MediaFailure.TOO_LARGE, "6000000 bytes"));

            long ticketId = kit.awaitOneTicket("club", waId).path("id").asLong();
            JsonNode article = awaitMedia(ticketId, "wamid.P." + waId, "failed");
            assertThat(article.path("media").path("reason").asString()).isEqualTo("too_large");
            await().atMost(WAIT).untilAsserted(() -> {
                List<ConsumerRecord<String, byte[]>> parked = dlt.records().stream()
                        .filter(r -> key.equals(r.key())).toList();
                assertThat(parked).hasSize(2);
                assertThat(parked.get(0).headers().lastHeader("kafka_dlt-exception-fqcn")).isNotNull();
            });
        }
    }

    @Test
    void twoFilesBecomeTwoStoredArticlesAndTwoRequestsWithTheCaptionOnTheFirst() {
        long ticketId = ticketWithOpenWindow("shop");
        byte[] photo = bytes(120_000);
        byte[] invoice = bytes(700_000);

        Answer answer = kit.postFiles("/api/tickets/" + ticketId + "/articles",
                List.of(new FilePart("photo.jpg", "image/jpeg", photo),
                        new FilePart("Invoice 42.pdf", "application/pdf", invoice)),
                "caption", "Here is your parcel and the invoice");

        assertThat(answer.status()).isEqualTo(202);
        List<JsonNode> items = answer.body().path("items").valueStream().toList();
        assertThat(items).hasSize(2);
        JsonNode first = items.get(0);
        assertThat(first.path("type").asString()).isEqualTo("image");
        assertThat(first.path("direction").asString()).isEqualTo("outbound");
        assertThat(first.path("status").asString()).isEqualTo("pending");
        assertThat(first.path("text").asString()).isEqualTo("Here is your parcel and the invoice");
        assertThat(first.path("media").path("caption").asString()).isEqualTo("Here is your parcel and the invoice");
        assertThat(first.path("media").path("status").asString()).isEqualTo("stored");
        assertThat(first.path("media").path("storedSha256").asString()).isEqualTo(Sha256.hexOf(photo));
        assertThat(first.path("media").path("size").asLong()).isEqualTo(photo.length);
        JsonNode second = items.get(1);
        assertThat(second.path("type").asString()).isEqualTo("document");
        assertThat(second.path("media").has("caption")).isFalse();
        assertThat(second.path("media").path("filename").asString()).isEqualTo("Invoice 42.pdf");

        // in the bucket, once each
        assertThat(store.find(Sha256.hexOf(photo))).hasValueSatisfying(o -> assertThat(o.size()).isEqualTo(photo.length));
        assertThat(store.find(Sha256.hexOf(invoice))).isPresent();

        OutboundRequest image = awaitRequest(first.path("id").asLong());
        assertThat(image.getKind()).isEqualTo(OutboundKind.AGENT_REPLY);
        assertThat(image.getType()).isEqualTo(OutboundType.IMAGE);
        assertThat(image.getMedia().getCaption()).isEqualTo("Here is your parcel and the invoice");
        assertThat(image.getMedia().getFilename()).isNull();
        assertThat(image.getMedia().getId()).isNull();
        assertThat(image.getMedia().getLink()).isNull();
        StoredFile stored = image.getMedia().getStored();
        assertThat(stored.getSha256()).isEqualTo(Sha256.hexOf(photo));
        assertThat(stored.getKey()).isEqualTo("sha256/" + Sha256.hexOf(photo));
        assertThat(stored.getSize()).isEqualTo(photo.length);
        assertThat(stored.getMimeType()).isEqualTo("image/jpeg");
        assertThat(stored.getFilename()).isEqualTo("photo.jpg");
        assertThat(image.getNotAfter()).isNotNull();
        OutboundRequest document = awaitRequest(second.path("id").asLong());
        assertThat(document.getType()).isEqualTo(OutboundType.DOCUMENT);
        assertThat(document.getMedia().getCaption()).isNull();
        assertThat(document.getMedia().getFilename()).isEqualTo("Invoice 42.pdf");
        assertThat(document.getMedia().getStored().getSha256()).isEqualTo(Sha256.hexOf(invoice));

        // an upload is downloadable like a customer's file
        HttpResponse<byte[]> download = kit.download(second.path("media").path("downloadUrl").asString());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(invoice);
        assertThat(download.headers().firstValue("Content-Type")).hasValue("application/pdf");
        assertThat(download.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"Invoice 42.pdf\"");
    }

    @Test
    void oneFileIsAnsweredWithItsArticleAndAWebpIsAStickerWhenAskedFor() {
        long ticketId = ticketWithOpenWindow("club");
        byte[] sticker = webp(30_000);

        Answer answer = kit.postFiles("/api/tickets/" + ticketId + "/articles",
                List.of(new FilePart("smile.webp", "image/webp", sticker)), "type", "sticker");

        assertThat(answer.status()).isEqualTo(202);
        assertThat(answer.body().path("type").asString()).isEqualTo("sticker");
        assertThat(answer.body().path("media").path("status").asString()).isEqualTo("stored");
        OutboundRequest request = awaitRequest(answer.body().path("id").asLong());
        assertThat(request.getType()).isEqualTo(OutboundType.STICKER);
        assertThat(request.getMedia().getStored().getMimeType()).isEqualTo("image/webp");
    }

    @Test
    void filesThatBreakWhatsAppsRulesAre422AndNothingIsStoredOrSent() {
        long ticketId = ticketWithOpenWindow("shop");
        byte[] tooLarge = bytes(5_000_001);
        byte[] gif = bytes(1_000);
        int articles = kit.articles(ticketId).size();

        Answer answer = kit.postFiles("/api/tickets/" + ticketId + "/articles",
                List.of(new FilePart("big.jpg", "image/jpeg", tooLarge), new FilePart("anim.gif", "image/gif", gif)));

        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.body().path("error").asString()).isEqualTo("invalid_message");
        assertThat(answer.body().path("details").valueStream().map(d -> d.path("field").asString()).toList())
                .containsExactly("file[0]", "file[1]");
        assertThat(answer.body().path("details").get(0).path("problem").asString())
                .isEqualTo("too large for image: at most 5000000 bytes (has 5000001)");
        assertThat(answer.body().path("details").get(1).path("problem").asString())
                .startsWith("image/gif is not a type WhatsApp accepts");
        assertThat(store.find(Sha256.hexOf(tooLarge))).isEmpty();
        assertThat(store.find(Sha256.hexOf(gif))).isEmpty();
        assertThat(kit.articles(ticketId)).hasSize(articles);

        Answer noFile = kit.postFiles("/api/tickets/" + ticketId + "/articles", List.of(), "caption", "nothing");
        assertThat(noFile.status()).isEqualTo(422);
        assertThat(noFile.body().path("details").get(0).path("field").asString()).isEqualTo("file");
    }

    @Test
    void filesOutsideTheWindowAre409AndNothingIsStored() {
        String waId = newCustomer();
        kit.send(text("club", waId, "wamid.OLD." + waId, "hello", Instant.now().minus(Duration.ofHours(30))).build());
        long ticketId = kit.awaitOneTicket("club", waId).path("id").asLong();
        byte[] photo = bytes(10_000);

        Answer answer = kit.postFiles("/api/tickets/" + ticketId + "/articles",
                List.of(new FilePart("late.png", "image/png", photo)));

        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.body().path("error").asString()).isEqualTo("service_window_closed");
        assertThat(store.find(Sha256.hexOf(photo))).isEmpty();
        assertThat(kit.postFiles("/api/tickets/999999999/articles", List.of(new FilePart("x.png", "image/png", photo)))
                .status()).isEqualTo(404);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private OutboundRequest awaitRequest(long articleId) {
        return kit.awaitRequest(r -> String.valueOf(articleId).equals(r.getArticleId()));
    }

    private long ticketWithOpenWindow(String channelId) {
        String waId = newCustomer();
        kit.send(text(channelId, waId, "wamid.UP." + waId, "please send me the invoice", Instant.now()).build());
        return kit.awaitOneTicket(channelId, waId).path("id").asLong();
    }

    /** A static WebP container of {@code size} bytes (RIFF, WEBP, a VP8 chunk of random bytes). */
    private static byte[] webp(int size) {
        byte[] bytes = bytes(size);
        System.arraycopy("RIFF".getBytes(), 0, bytes, 0, 4);
        System.arraycopy("WEBPVP8 ".getBytes(), 0, bytes, 8, 8);
        return bytes;
    }


    private JsonNode awaitMedia(long ticketId, String messageId, String status) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode article = kit.articles(ticketId).stream()
                    .filter(a -> messageId.equals(a.path("messageId").asString())).findFirst().orElseThrow();
            assertThat(article.path("media").path("status").asString()).isEqualTo(status);
            found[0] = article;
        });
        return found[0];
    }

    private static Answer json(HttpResponse<byte[]> response) {
        return new Answer(response.statusCode(), TicketTestKit.JSON.readTree(response.body()));
    }

    private static byte[] bytes(int size) {
        byte[] bytes = new byte[size];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
