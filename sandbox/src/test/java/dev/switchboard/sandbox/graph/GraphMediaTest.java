package dev.switchboard.sandbox.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.switchboard.sandbox.support.Fixtures;
import dev.switchboard.sandbox.support.Multipart;
import dev.switchboard.sandbox.support.SandboxTestBase;
import tools.jackson.databind.JsonNode;

/** The Graph API's media endpoints over HTTP: upload, lookup, download, and media sends by id and by link. */
class GraphMediaTest extends SandboxTestBase {

    private static final String TOKEN = "demo-access-token";

    private String upload(String contentType, byte[] bytes) throws Exception {
        Answer answer = graphUpload(contentType, "file", bytes);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json().get("id").asString();
    }

    private static void assertGraphError(Answer answer, int status, int code) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.json().at("/error/code").asInt()).as(answer.body()).isEqualTo(code);
        assertThat(answer.json().at("/error/fbtrace_id").asString()).isNotBlank();
    }

    @Test
    void anUploadIsLookedUpAndDownloadedByteForByte() throws Exception {
        byte[] png = randomBytes(300_000);

        Answer uploaded = graphUpload("image/png", "photo.png", png);

        assertThat(uploaded.status()).isEqualTo(200);
        assertThat(Fixtures.shape(uploaded.json())).isEqualTo(Fixtures.shape(Fixtures.json("meta/media-upload-response.json")));
        String id = uploaded.json().get("id").asString();
        assertThat(id).matches("[0-9]{16}");

        Answer lookup = graphLookup(id, TOKEN);
        assertThat(lookup.status()).isEqualTo(200);
        assertThat(Fixtures.shape(lookup.json())).isEqualTo(Fixtures.shape(Fixtures.json("meta/media-get-url-response.json")));
        assertThat(lookup.json().get("id").asString()).isEqualTo(id);
        assertThat(lookup.json().get("messaging_product").asString()).isEqualTo("whatsapp");
        assertThat(lookup.json().get("mime_type").asString()).isEqualTo("image/png");
        assertThat(lookup.json().get("sha256").asString()).isEqualTo(sha256Hex(png));
        assertThat(lookup.json().get("file_size").isNumber()).isTrue();
        assertThat(lookup.json().get("file_size").asLong()).isEqualTo(png.length);
        String url = lookup.json().get("url").asString();
        assertThat(url).startsWith("http://localhost:" + port + "/whatsapp_business/attachments/?mid=" + id + "&ext=");

        Bytes file = download(url, bearer(TOKEN));
        assertThat(file.status()).isEqualTo(200);
        assertThat(file.body()).isEqualTo(png);
        assertThat(file.header("Content-Type")).isEqualTo("image/png");
        assertThat(file.header("Content-Length")).isEqualTo(Integer.toString(png.length));

        Bytes range = download(url, bearer(TOKEN), "Range", "bytes=100-199");
        assertThat(range.status()).isEqualTo(206);
        assertThat(range.body()).isEqualTo(Arrays.copyOfRange(png, 100, 200));

        assertThat(graphLookup(id, TOKEN).json().get("sha256").asString()).isEqualTo(sha256Hex(png));
        JsonNode info = get("/sandbox/media/" + id + "/info").json();
        assertThat(info.get("source").asString()).isEqualTo("upload");
        assertThat(info.get("channelId").asString()).isEqualTo("demo");
        assertThat(download("/sandbox/media/" + id, null).body()).isEqualTo(png);

        Answer delete = delete("/v23.0/" + id, bearer(TOKEN));
        assertThat(delete.status()).isEqualTo(200);
        assertThat(delete.json().get("success").asBoolean()).isTrue();
        assertGraphError(graphLookup(id, TOKEN), 400, 100);
        assertThat(download(url, bearer(TOKEN)).status()).isEqualTo(404);
    }

    @Test
    void withoutTheChannelsTokenEveryMediaEndpointAnswers401With190() throws Exception {
        String id = upload("image/jpeg", randomBytes(1000));
        String url = graphLookup(id, TOKEN).json().get("url").asString();

        for (String token : new String[]{null, "someone-elses-token"}) {
            Answer lookup = graphLookup(id, token);
            assertGraphError(lookup, 401, 190);
            assertThat(Fixtures.shape(lookup.json()))
                    .isEqualTo(Fixtures.shape(Fixtures.json("meta/graph-error-190-invalid-token.json")));
            assertThat(download(url, token == null ? null : bearer(token)).status()).isEqualTo(401);
        }
        Answer upload = postMultipart("/v23.0/" + PHONE_NUMBER_ID + "/media", bearer("nope"), new Multipart()
                .field("messaging_product", "whatsapp").file("file", "a.jpg", "image/jpeg", randomBytes(10)));
        assertGraphError(upload, 401, 190);
        assertGraphError(postMultipart("/v23.0/999999999/media", bearer(TOKEN), new Multipart()
                .field("messaging_product", "whatsapp").file("file", "a.jpg", "image/jpeg", randomBytes(10))), 400, 100);
    }

    @Test
    void anUnknownOrExpiredIdIsAnUnsupportedGetRequestAndAnExpiredUrlIs404() throws Exception {
        Answer unknown = graphLookup("1234567890123456", TOKEN);
        assertGraphError(unknown, 400, 100);
        assertThat(unknown.json().at("/error/error_subcode").asInt()).isEqualTo(33);
        assertThat(unknown.json().at("/error/message").asString()).startsWith("Unsupported get request. Object with"
                + " ID '1234567890123456' does not exist");
        assertThat(Fixtures.shape(unknown.json()))
                .isEqualTo(Fixtures.shape(Fixtures.json("meta/graph-error-100-subcode-33-object-not-found.json")));

        String id = upload("application/pdf", randomBytes(2000));
        assertGraphError(getWithToken("/v23.0/" + id + "?phone_number_id=999"), 400, 100);
        assertThat(getWithToken("/v23.0/" + id + "?phone_number_id=" + PHONE_NUMBER_ID).status()).isEqualTo(200);

        String url = graphLookup(id, TOKEN).json().get("url").asString();
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        assertThat(download(url, bearer(TOKEN)).status()).as("the URL expired").isEqualTo(404);
        String fresh = graphLookup(id, TOKEN).json().get("url").asString();
        assertThat(download(fresh, bearer(TOKEN)).status()).isEqualTo(200);
        assertThat(download(fresh.replace("&hash=", "&hash=x"), bearer(TOKEN)).status()).isEqualTo(404);

        clock.advance(Duration.ofDays(30));
        assertGraphError(graphLookup(id, TOKEN), 400, 100);
        assertThat(download(fresh, bearer(TOKEN)).status()).as("the media expired").isEqualTo(404);
        assertThat(get("/sandbox/media/" + id + "/info").json().get("expired").asBoolean()).isTrue();
    }

    /** A GET with the channel's token, as JSON. */
    private Answer getWithToken(String path) throws Exception {
        Bytes bytes = download(path, bearer(TOKEN));
        return new Answer(bytes.status(), bytes.text(), bytes.headers());
    }

    @Test
    void aFileOverItsTypesLimitOrOfATypeWhatsAppDoesNotTakeIsRefused() throws Exception {
        int before = get("/sandbox/media").json().get("items").size();

        Answer tooLarge = graphUpload("image/jpeg", "big.jpg", new byte[5 * 1024 * 1024 + 1]);
        assertGraphError(tooLarge, 400, 100);
        assertThat(tooLarge.json().at("/error/message").asString()).contains("File Too Large").contains("5 MB");
        Answer sticker = graphUpload("image/webp", "big.webp", new byte[500 * 1024 + 1]);
        assertGraphError(sticker, 400, 100);
        assertThat(graphUpload("image/jpeg", "ok.jpg", new byte[5 * 1024 * 1024]).status()).isEqualTo(200);

        Answer html = graphUpload("text/html", "page.html", "<html/>".getBytes());
        assertGraphError(html, 400, 100);
        assertThat(html.json().at("/error/message").asString()).startsWith("(#100) Param file must be a file with one"
                + " of the following types: audio/aac").endsWith("Received file of type 'text/html'.");
        Answer noProduct = postMultipart("/v23.0/" + PHONE_NUMBER_ID + "/media", bearer(TOKEN), new Multipart()
                .file("file", "a.jpg", "image/jpeg", randomBytes(10)));
        assertGraphError(noProduct, 400, 100);
        assertThat(noProduct.json().at("/error/message").asString()).contains("messaging_product is required");
        Answer noFile = postMultipart("/v23.0/" + PHONE_NUMBER_ID + "/media", bearer(TOKEN), new Multipart()
                .field("messaging_product", "whatsapp"));
        assertThat(noFile.json().at("/error/message").asString()).contains("The parameter file is required");

        assertThat(get("/sandbox/media").json().get("items").size()).as("only the file within its limit was kept")
                .isEqualTo(before + 1);
    }

    /** The statuses of one send as ingress got them: their names, and the last webhook. */
    private static List<JsonNode> statusesOf(String wamid) {
        return INGRESS.received(META_WEBHOOKS).stream().map(r -> Fixtures.JSON.readTree(r.body()))
                .filter(w -> w.at("/entry/0/changes/0/value/statuses/0/id").asString("").equals(wamid)).toList();
    }


    private static String imageSend(String customer, String media) {
        return "{\"messaging_product\":\"whatsapp\",\"to\":\"" + customer + "\",\"type\":\"image\",\"image\":" + media
                + "}";
    }

    @Test
    void aSendByAnUploadedIdIsRecordedWithTheFilesHashAndSize() throws Exception {
        String customer = customerWhoWrote("demo");
        byte[] jpeg = randomBytes(40_000);
        String id = upload("image/jpeg", jpeg);

        Answer answer = graphSend(imageSend(customer, "{\"id\":\"" + id + "\",\"caption\":\"Your invoice\"}"));

        assertThat(answer.status()).isEqualTo(200);
        String wamid = answer.json().at("/messages/0/id").asString();
        await().atMost(Duration.ofSeconds(10)).until(() -> statusesOf(wamid).size() == 3);
        JsonNode media = recorded(customer).get(0).get("media").get(0);
        assertThat(media.get("id").asString()).isEqualTo(id);
        assertThat(media.get("sha256").asString()).isEqualTo(sha256Hex(jpeg));
        assertThat(media.get("size").asLong()).isEqualTo(jpeg.length);
        assertThat(media.get("mimeType").asString()).isEqualTo("image/jpeg");
    }

    @Test
    void aSendByAnUnknownIdOrOneOfAnotherTypeFailsWith131053() throws Exception {
        String customer = customerWhoWrote("demo");
        String pdf = upload("application/pdf", randomBytes(100));

        String unknown = graphSend(imageSend(customer, "{\"id\":\"1234567890123456\"}")).json()
                .at("/messages/0/id").asString();
        String wrongType = graphSend(imageSend(customer, "{\"id\":\"" + pdf + "\"}")).json()
                .at("/messages/0/id").asString();

        await().atMost(Duration.ofSeconds(10)).until(() -> statusesOf(unknown).size() == 1
                && statusesOf(wrongType).size() == 1);
        JsonNode failed = statusesOf(wrongType).get(0).at("/entry/0/changes/0/value/statuses/0");
        assertThat(failed.get("status").asString()).isEqualTo("failed");
        assertThat(failed.at("/errors/0/code").asInt()).isEqualTo(131053);
        assertThat(failed.at("/errors/0/title").asString()).isEqualTo("Media upload error");
        assertThat(failed.at("/errors/0/error_data/details").asString())
                .isEqualTo("Unsupported Image mime type application/pdf. Please use one of image/jpeg, image/png.");
        assertThat(statusesOf(unknown).get(0).at("/entry/0/changes/0/value/statuses/0/errors/0/code").asInt())
                .isEqualTo(131053);
        assertThat(recorded(customer)).extracting(m -> m.get("errorCode").asInt()).containsExactly(131053, 131053);
    }

    @Test
    void aSendByLinkIsFetchedStoredAndRecordedBeforeItsStatuses() throws Exception {
        String customer = customerWhoWrote("demo");
        byte[] pdf = randomBytes(250_000);
        String link = LINKS.serve("/invoice-" + customer + ".pdf", "application/pdf", pdf);

        String wamid = graphSend("{\"messaging_product\":\"whatsapp\",\"to\":\"" + customer + "\",\"type\":\"document\","
                + "\"document\":{\"link\":\"" + link + "\",\"filename\":\"invoice.pdf\"}}").json()
                .at("/messages/0/id").asString();

        await().atMost(Duration.ofSeconds(10)).until(() -> statusesOf(wamid).size() == 3);
        JsonNode media = recorded(customer).get(0).get("media").get(0);
        assertThat(media.get("link").asString()).isEqualTo(link);
        assertThat(media.get("sha256").asString()).isEqualTo(sha256Hex(pdf));
        assertThat(media.get("size").asLong()).isEqualTo(pdf.length);
        assertThat(download("/sandbox/media/" + media.get("id").asString(), null).body()).isEqualTo(pdf);
        JsonNode info = get("/sandbox/media/" + media.get("id").asString() + "/info").json();
        assertThat(info.get("filename").asString()).isEqualTo("invoice.pdf");
        assertThat(info.get("source").asString()).isEqualTo("link");
    }

    @Test
    void aLinkThatCannotBeFetchedOrIsNotAnImageFailsTheSendWith131053() throws Exception {
        String customer = customerWhoWrote("demo");
        String missing = LINKS.url("/nothing-here.jpg");
        String html = LINKS.serve("/page-" + customer + ".html", "text/html", "<html/>".getBytes());

        String notFound = graphSend(imageSend(customer, "{\"link\":\"" + missing + "\"}")).json()
                .at("/messages/0/id").asString();
        String notAnImage = graphSend(imageSend(customer, "{\"link\":\"" + html + "\"}")).json()
                .at("/messages/0/id").asString();

        await().atMost(Duration.ofSeconds(10)).until(() -> statusesOf(notFound).size() == 1
                && statusesOf(notAnImage).size() == 1);
        JsonNode failed = statusesOf(notAnImage).get(0);
        assertThat(Fixtures.shape(failed)).containsAll(Fixtures.shape(Fixtures.json(
                "meta/status-failed-131053-media-upload.json")));
        assertThat(failed.at("/entry/0/changes/0/value/statuses/0/errors/0/error_data/details").asString())
                .isEqualTo("Unsupported Image mime type text/html. Please use one of image/jpeg, image/png.");
        JsonNode error = statusesOf(notFound).get(0).at("/entry/0/changes/0/value/statuses/0/errors/0");
        assertThat(error.get("code").asInt()).isEqualTo(131053);
        assertThat(error.at("/error_data/details").asString()).contains("HTTP 404");
        JsonNode record = recorded(customer).get(0);
        assertThat(record.at("/media/0/error").asString()).contains("HTTP 404");
        assertThat(record.at("/statuses/0/errorCode").asInt()).isEqualTo(131053);
    }
}
