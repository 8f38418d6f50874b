package dev.switchboard.sandbox.customer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.switchboard.sandbox.support.Fixtures;
import dev.switchboard.sandbox.support.IngressStub;
import dev.switchboard.sandbox.support.Multipart;
import dev.switchboard.sandbox.support.SandboxTestBase;
import tools.jackson.databind.JsonNode;

/**
 * Customers sending files: the webhook announces the file as the provider would (Meta: its id and base64 SHA-256;
 * Twilio: its MediaUrls), the file can be downloaded from there byte for byte, and the media faults break exactly
 * what they say.
 */
class CustomerMediaTest extends SandboxTestBase {

    private static final String TOKEN = "demo-access-token";
    private static final String TWILIO_TOKEN = "demo-twilio-auth-token";

    private static JsonNode lastMetaMessage() {
        List<IngressStub.Received> received = INGRESS.received(META_WEBHOOKS);
        IngressStub.Received last = received.get(received.size() - 1);
        assertThat(last.signatureValid()).isTrue();
        return Fixtures.JSON.readTree(last.body()).at("/entry/0/changes/0/value/messages/0");
    }

    private static Map<String, List<String>> lastTwilioForm() {
        List<IngressStub.Received> received = INGRESS.received(TWILIO_WEBHOOKS);
        IngressStub.Received last = received.get(received.size() - 1);
        assertThat(last.signatureValid()).isTrue();
        return Fixtures.form(last.text());
    }

    private static String base64Sha256(byte[] bytes) {
        return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256Hex(bytes)));
    }

    /** Through Meta's two steps: the lookup with the channel's token, then the URL with the same token. */
    private Bytes downloadFromMeta(String mediaId) throws Exception {
        Answer lookup = graphLookup(mediaId, TOKEN);
        assertThat(lookup.status()).as(lookup.body()).isEqualTo(200);
        return download(lookup.json().get("url").asString(), bearer(TOKEN));
    }

    @Test
    void aCustomersImageArrivesWithItsIdAndHashAndDownloadsByteForByte() throws Exception {
        byte[] jpeg = randomBytes(20_000);

        Answer answer = customerWrites("{\"channelId\":\"demo\",\"from\":\"" + newCustomer() + "\",\"type\":\"image\","
                + "\"caption\":\"My receipt\",\"content\":\"" + Base64.getEncoder().encodeToString(jpeg) + "\"}");

        assertThat(answer.status()).isEqualTo(200);
        JsonNode image = lastMetaMessage().get("image");
        assertThat(image.get("caption").asString()).isEqualTo("My receipt");
        assertThat(image.get("mime_type").asString()).isEqualTo("image/jpeg");
        assertThat(image.get("sha256").asString()).isEqualTo(base64Sha256(jpeg));
        String id = image.get("id").asString();
        assertThat(answer.json().at("/media/0/id").asString()).isEqualTo(id);
        assertThat(answer.json().at("/media/0/sha256").asString()).isEqualTo(sha256Hex(jpeg));
        assertThat(answer.json().at("/media/0/size").asLong()).isEqualTo(jpeg.length);

        assertThat(graphLookup(id, TOKEN).json().get("sha256").asString()).isEqualTo(sha256Hex(jpeg));
        Bytes file = downloadFromMeta(id);
        assertThat(file.body()).isEqualTo(jpeg);
        assertThat(file.header("Content-Type")).isEqualTo("image/jpeg");
    }

    @Test
    void filesPostedAsMultipartPartsKeepTheirTypeAndName() throws Exception {
        byte[] pdf = randomBytes(70_000);
        String customer = newCustomer();

        Answer document = postMultipart("/sandbox/customers/messages", null, new Multipart()
                .field("message", "{\"channelId\":\"demo\",\"from\":\"" + customer + "\",\"type\":\"document\","
                        + "\"caption\":\"Contract\"}")
                .file("file", "contract.pdf", "application/octet-stream", pdf));

        assertThat(document.status()).as(document.body()).isEqualTo(200);
        JsonNode message = lastMetaMessage().get("document");
        assertThat(message.get("filename").asString()).isEqualTo("contract.pdf");
        assertThat(message.get("mime_type").asString()).as("guessed from the name").isEqualTo("application/pdf");
        assertThat(message.get("sha256").asString()).isEqualTo(base64Sha256(pdf));
        assertThat(downloadFromMeta(message.get("id").asString()).body()).isEqualTo(pdf);

        postMultipart("/sandbox/customers/messages", null, new Multipart()
                .field("message", "{\"channelId\":\"demo\",\"from\":\"" + customer + "\",\"type\":\"audio\","
                        + "\"voice\":true}")
                .file("file", "note.ogg", "audio/ogg; codecs=opus", randomBytes(3000)));
        assertThat(lastMetaMessage().at("/audio/voice").asBoolean()).isTrue();
        assertThat(lastMetaMessage().at("/audio/mime_type").asString()).isEqualTo("audio/ogg; codecs=opus");
        customerWrites("{\"channelId\":\"demo\",\"from\":\"" + customer + "\",\"type\":\"sticker\",\"animated\":true}");
        assertThat(Fixtures.shape(Fixtures.JSON.readTree(INGRESS.received(META_WEBHOOKS).get(2).body())))
                .isEqualTo(Fixtures.shape(Fixtures.json("meta/inbound-sticker-animated.json")).stream()
                        .filter(path -> !path.contains("user_id")).collect(Collectors.toSet()));
        assertThat(lastMetaMessage().at("/sticker/animated").asBoolean()).isTrue();
    }

    @Test
    void aGeneratedFileOfAGivenSizeIsStreamedNotUploaded() throws Exception {
        Answer answer = customerWrites("{\"channelId\":\"demo\",\"from\":\"" + newCustomer() + "\","
                + "\"type\":\"video\",\"contentSize\":3145728}");

        assertThat(answer.status()).isEqualTo(200);
        Bytes file = downloadFromMeta(answer.json().at("/media/0/id").asString());
        assertThat(file.body()).hasSize(3_145_728);
        assertThat(sha256Hex(file.body())).isEqualTo(answer.json().at("/media/0/sha256").asString());
        assertThat(lastMetaMessage().at("/video/sha256").asString()).isEqualTo(base64Sha256(file.body()));
    }

    @Test
    void hashMismatchAnnouncesAnotherHashThanTheBytesHave() throws Exception {
        byte[] jpeg = randomBytes(5000);

        customerWrites("{\"channelId\":\"demo\",\"from\":\"" + newCustomer() + "\",\"type\":\"image\","
                + "\"mediaFault\":\"hash_mismatch\",\"content\":\"" + Base64.getEncoder().encodeToString(jpeg) + "\"}");

        JsonNode image = lastMetaMessage().get("image");
        assertThat(image.get("sha256").asString()).isNotEqualTo(base64Sha256(jpeg));
        String id = image.get("id").asString();
        String announced = graphLookup(id, TOKEN).json().get("sha256").asString();
        assertThat(Base64.getEncoder().encodeToString(HexFormat.of().parseHex(announced)))
                .as("the lookup announces the webhook's hash").isEqualTo(image.get("sha256").asString());
        assertThat(downloadFromMeta(id).body()).as("the bytes are the customer's").isEqualTo(jpeg);
    }

    @Test
    void expiredIsAnIdTheLookupNoLongerKnows() throws Exception {
        customerWrites("{\"channelId\":\"demo\",\"from\":\"" + newCustomer() + "\",\"type\":\"image\","
                + "\"mediaFault\":\"expired\"}");

        Answer lookup = graphLookup(lastMetaMessage().at("/image/id").asString(), TOKEN);
        assertThat(lookup.status()).isEqualTo(400);
        assertThat(lookup.json().at("/error/code").asInt()).isEqualTo(100);
        assertThat(lookup.json().at("/error/error_subcode").asInt()).isEqualTo(33);
    }

    @Test
    void serverErrorFailsTheFirstDownloadsThenServesTheFile() throws Exception {
        byte[] pdf = randomBytes(4000);
        customerWrites("{\"channelId\":\"demo\",\"from\":\"" + newCustomer() + "\",\"type\":\"document\","
                + "\"mediaFault\":\"server_error\",\"mediaFaultCount\":2,"
                + "\"content\":\"" + Base64.getEncoder().encodeToString(pdf) + "\"}");
        String id = lastMetaMessage().at("/document/id").asString();

        assertThat(downloadFromMeta(id).status()).isEqualTo(500);
        assertThat(downloadFromMeta(id).status()).isEqualTo(500);
        assertThat(downloadFromMeta(id).body()).isEqualTo(pdf);
    }

    @Test
    void aTwilioImageArrivesAsAMediaUrlThatNeedsTheAccountsBasicAuth() throws Exception {
        byte[] png = randomBytes(12_000);

        Answer answer = customerWrites("{\"channelId\":\"demo-twilio\",\"from\":\"" + newCustomer() + "\","
                + "\"type\":\"image\",\"caption\":\"Look\",\"mimeType\":\"image/png\","
                + "\"content\":\"" + Base64.getEncoder().encodeToString(png) + "\"}");

        assertThat(answer.status()).isEqualTo(200);
        Map<String, List<String>> form = lastTwilioForm();
        assertThat(form.get("NumMedia")).containsExactly("1");
        assertThat(form.get("MediaContentType0")).containsExactly("image/png");
        assertThat(form.get("Body")).containsExactly("Look");
        String url = form.get("MediaUrl0").get(0);
        assertThat(url).matches("http://localhost:" + port + "/2010-04-01/Accounts/" + ACCOUNT + "/Messages/"
                + answer.json().get("messageId").asString() + "/Media/ME[0-9a-f]{32}");
        assertThat(answer.json().at("/media/0/url").asString()).isEqualTo(url);

        Bytes anonymous = download(url, null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.header("WWW-Authenticate")).startsWith("Basic");
        assertThat(Fixtures.JSON.readTree(anonymous.body()).get("code").asInt()).isEqualTo(20003);
        assertThat(download(url, basic(ACCOUNT, "wrong-token")).status()).isEqualTo(401);
        Bytes file = download(url, basic(ACCOUNT, TWILIO_TOKEN));
        assertThat(file.status()).isEqualTo(200);
        assertThat(file.body()).isEqualTo(png);
        assertThat(file.header("Content-Type")).isEqualTo("image/png");
        assertThat(download(url.replace("/Messages/MM", "/Messages/MMff"), basic(ACCOUNT, TWILIO_TOKEN)).status())
                .isEqualTo(404);
    }

    @Test
    void severalTwilioFilesAreOneWebhookWithAMediaUrlEach() throws Exception {
        byte[] first = randomBytes(1000);
        byte[] second = randomBytes(2000);

        Answer answer = postMultipart("/sandbox/customers/messages", null, new Multipart()
                .field("message", "{\"channelId\":\"demo-twilio\",\"from\":\"" + newCustomer() + "\",\"type\":\"image\"}")
                .file("file", "a.jpg", "image/jpeg", first)
                .file("file", "b.png", "image/png", second));

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(INGRESS.received(TWILIO_WEBHOOKS)).hasSize(1);
        Map<String, List<String>> form = lastTwilioForm();
        assertThat(form.get("NumMedia")).containsExactly("2");
        assertThat(form.get("MediaContentType0")).containsExactly("image/jpeg");
        assertThat(form.get("MediaContentType1")).containsExactly("image/png");
        assertThat(download(form.get("MediaUrl0").get(0), basic(ACCOUNT, TWILIO_TOKEN)).body()).isEqualTo(first);
        assertThat(download(form.get("MediaUrl1").get(0), basic(ACCOUNT, TWILIO_TOKEN)).body()).isEqualTo(second);
    }

    @Test
    void twilioMediaFaultsAndWhatTheSimulatorRefuses() throws Exception {
        customerWrites("{\"channelId\":\"demo-twilio\",\"from\":\"" + newCustomer() + "\",\"type\":\"audio\","
                + "\"mediaFault\":\"expired\"}");
        Bytes expired = download(lastTwilioForm().get("MediaUrl0").get(0), basic(ACCOUNT, TWILIO_TOKEN));
        assertThat(expired.status()).isEqualTo(404);
        assertThat(Fixtures.JSON.readTree(expired.body()).get("code").asInt()).isEqualTo(20404);

        customerWrites("{\"channelId\":\"demo-twilio\",\"from\":\"" + newCustomer() + "\",\"type\":\"video\","
                + "\"mediaFault\":\"server_error\"}");
        String url = lastTwilioForm().get("MediaUrl0").get(0);
        assertThat(download(url, basic(ACCOUNT, TWILIO_TOKEN)).status()).isEqualTo(500);
        assertThat(download(url, basic(ACCOUNT, TWILIO_TOKEN)).status()).isEqualTo(200);

        Answer mismatch = customerWrites("{\"channelId\":\"demo-twilio\",\"from\":\"" + newCustomer() + "\","
                + "\"type\":\"image\",\"mediaFault\":\"hash_mismatch\"}");
        assertThat(mismatch.status()).isEqualTo(400);
        assertThat(mismatch.json().get("error").asString()).contains("hash_mismatch is for Meta channels");
        Answer twoOnMeta = postMultipart("/sandbox/customers/messages", null, new Multipart()
                .field("message", "{\"channelId\":\"demo\",\"from\":\"" + newCustomer() + "\",\"type\":\"image\"}")
                .file("file", "a.jpg", "image/jpeg", randomBytes(10)).file("file", "b.jpg", "image/jpeg", randomBytes(10)));
        assertThat(twoOnMeta.status()).isEqualTo(400);
        Answer fileOnText = customerWrites("{\"channelId\":\"demo\",\"from\":\"" + newCustomer() + "\","
                + "\"text\":\"x\",\"contentSize\":10}");
        assertThat(fileOnText.status()).isEqualTo(400);
        assertThat(customerWrites("{\"channelId\":\"demo\",\"from\":\"" + newCustomer() + "\",\"type\":\"image\","
                + "\"mediaFault\":\"slow\"}").json().get("error").asString()).contains("mediaFault must be one of");
    }
}
