package dev.switchboard.sandbox.dialog360;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.switchboard.sandbox.support.Fixtures;
import dev.switchboard.sandbox.support.IngressStub;
import dev.switchboard.sandbox.support.Multipart;
import dev.switchboard.sandbox.support.SandboxTestBase;
import tools.jackson.databind.JsonNode;

/**
 * 360dialog's Cloud API proxy under /360dialog for the demo account {@code acme-360}: its webhook set by API, sends
 * with Graph's checks and answers, customers' messages and receipts at that webhook (unsigned, with its headers),
 * media through the lookaside URL with the host replaced, and its template listings.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Dialog360Test extends SandboxTestBase {

    private static final String KEY = "acme-d360-api-key";
    private static final String NUMBER = "100200300400503";
    private static final String WEBHOOK = "/webhooks/360dialog/acme-360";

    private Answer withKey(String method, String path, String json, String key) throws Exception {
        return key == null ? call(method, path, json) : call(method, path, json, "D360-API-KEY", key);
    }

    private void webhookSet() throws Exception {
        Answer set = withKey("POST", "/360dialog/v1/configs/webhook", "{\"url\":\"" + INGRESS.url() + WEBHOOK
                + "\",\"headers\":{\"X-Switchboard-Webhook-Token\":\"acme-360-token\"}}", KEY);
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        assertThat(set.json().get("url").asString()).isEqualTo(INGRESS.url() + WEBHOOK);
    }

    @Test
    @Order(1)
    void theWebhookIsSetAndReadWithTheKey() throws Exception {
        Answer none = withKey("GET", "/360dialog/v1/configs/webhook", null, KEY);
        assertThat(none.status()).isEqualTo(404);
        String customer = newCustomer();
        Answer before = customerWrites("{\"phoneNumberId\":\"" + NUMBER + "\",\"from\":\"" + customer
                + "\",\"text\":\"Hi\"}");
        assertThat(before.status()).isEqualTo(502);
        assertThat(before.json().get("ingressBody").asString()).contains("/360dialog/v1/configs/webhook");

        Answer wrongKey = withKey("POST", "/360dialog/v1/configs/webhook", "{\"url\":\"http://x.example\"}", "nope");
        assertThat(wrongKey.status()).isEqualTo(401);
        assertThat(wrongKey.json().get("error").asString()).isEqualTo("Invalid api key");
        assertThat(withKey("GET", "/360dialog/v1/configs/webhook", null, null).status()).isEqualTo(401);
        Answer noUrl = withKey("POST", "/360dialog/v1/configs/webhook", "{\"headers\":{}}", KEY);
        assertThat(noUrl.status()).isEqualTo(400);
        assertThat(noUrl.json().get("error").asString()).contains("url");
        Answer reserved = withKey("POST", "/360dialog/v1/configs/webhook", "{\"url\":\"http://x.example\","
                + "\"headers\":{\"Content-Type\":\"text/plain\"}}", KEY);
        assertThat(reserved.status()).isEqualTo(400);
        assertThat(withKey("GET", "/360dialog/v1/configs/webhook", null, KEY).status()).as("nothing set").isEqualTo(404);

        webhookSet();
        Answer read = withKey("GET", "/360dialog/v1/configs/webhook", null, KEY);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().get("url").asString()).isEqualTo(INGRESS.url() + WEBHOOK);
    }

    @Test
    @Order(2)
    void aCustomerWritesAndASendGetsItsReceiptsAtTheWebhookUnsigned() throws Exception {
        webhookSet();
        String customer = newCustomer();

        Answer wrote = customerWrites("{\"phoneNumberId\":\"" + NUMBER + "\",\"from\":\"" + customer
                + "\",\"text\":\"Hola\"}");
        assertThat(wrote.status()).as(wrote.body()).isEqualTo(200);
        assertThat(wrote.json().get("provider").asString()).isEqualTo("360dialog");
        IngressStub.Received inbound = INGRESS.received(WEBHOOK).get(0);
        assertThat(inbound.headers()).containsEntry("x-switchboard-webhook-token", "acme-360-token")
                .doesNotContainKey("x-hub-signature-256");
        JsonNode webhook = Fixtures.JSON.readTree(inbound.body());
        assertThat(webhook.get("object").asString()).isEqualTo("whatsapp_business_account");
        assertThat(webhook.at("/entry/0/id").asString()).isEqualTo("900800700600503");
        assertThat(webhook.at("/entry/0/changes/0/value/metadata/phone_number_id").asString()).isEqualTo(NUMBER);
        assertThat(webhook.at("/entry/0/changes/0/value/metadata/display_phone_number").asString())
                .isEqualTo("15550005555");
        assertThat(webhook.at("/entry/0/changes/0/value/messages/0/text/body").asString()).isEqualTo("Hola");

        Answer sent = withKey("POST", "/360dialog/messages", textTo(customer, "Hello from 360"), KEY);
        assertThat(sent.status()).as(sent.body()).isEqualTo(200);
        String wamid = sent.json().at("/messages/0/id").asString();
        assertThat(wamid).startsWith("wamid.");
        await().atMost(Duration.ofSeconds(10)).until(() -> statuses().size() == 3);
        assertThat(statuses()).extracting(s -> s.get("status").asString()).containsExactly("sent", "delivered", "read");
        assertThat(statuses().get(0).get("id").asString()).isEqualTo(wamid);
        JsonNode record = recorded(customer).get(0);
        assertThat(record.get("provider").asString()).isEqualTo("360dialog");
        assertThat(record.get("channelId").asString()).isEqualTo("acme-360");

        Answer invalid = withKey("POST", "/360dialog/messages", "{\"messaging_product\":\"whatsapp\",\"type\":\"text\","
                + "\"text\":{\"body\":\"x\"}}", KEY);
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().at("/error/message").asString()).isEqualTo("(#100) The parameter to is required.");
        Answer wrongKey = withKey("POST", "/360dialog/messages", textTo(customer, "x"), "nope");
        assertThat(wrongKey.status()).isEqualTo(401);
        assertThat(wrongKey.json().get("error").asString()).isEqualTo("Invalid api key");
        assertThat(recorded(customer)).extracting(r -> r.get("httpStatus").asInt()).contains(401);
        assertThat(graphSend(NUMBER, "acme-d360-api-key", textTo(customer, "x")).status())
                .as("not a Graph token").isEqualTo(401);
    }

    @Test
    @Order(3)
    void mediaIsUploadedLookedUpAndDownloadedThroughTheBaseUrl() throws Exception {
        webhookSet();
        byte[] bytes = randomBytes(3000);
        Answer uploaded = postMultipart("/360dialog/media", null, new Multipart()
                .field("messaging_product", "whatsapp").file("file", "receipt.jpg", "image/jpeg", bytes));
        assertThat(uploaded.status()).as("no key").isEqualTo(401);
        uploaded = send360Upload(bytes);
        assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(200);
        String mediaId = uploaded.json().get("id").asString();

        Answer lookup = withKey("GET", "/360dialog/" + mediaId, null, KEY);
        assertThat(lookup.status()).as(lookup.body()).isEqualTo(200);
        String url = lookup.json().get("url").asString();
        assertThat(url).startsWith("https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=" + mediaId);
        assertThat(lookup.json().get("sha256").asString()).isEqualTo(sha256Hex(bytes));
        String viaBase = url.replace("https://lookaside.fbsbx.com", "/360dialog");
        Bytes file = download(viaBase, null, "D360-API-KEY", KEY);
        assertThat(file.status()).isEqualTo(200);
        assertThat(file.body()).isEqualTo(bytes);
        assertThat(file.header("Content-Type")).isEqualTo("image/jpeg");
        assertThat(download(viaBase, null).status()).isEqualTo(401);
        String hostOnly = url.replace("https://lookaside.fbsbx.com", "");
        assertThat(download(hostOnly, null, "D360-API-KEY", KEY).body()).as("the host alone replaced").isEqualTo(bytes);
        assertThat(download(hostOnly, null, "D360-API-KEY", "nope").status()).isEqualTo(401);
        assertThat(withKey("GET", "/360dialog/" + mediaId, null, null).status()).isEqualTo(401);
        assertThat(graphLookup(mediaId, "demo-access-token").status()).as("not the demo channel's").isEqualTo(400);

        Answer image = customerWrites("{\"phoneNumberId\":\"" + NUMBER + "\",\"from\":\"" + newCustomer()
                + "\",\"type\":\"image\",\"caption\":\"receipt\"}");
        assertThat(image.status()).as(image.body()).isEqualTo(200);
        String customerMedia = image.json().at("/media/0/id").asString();
        String customerUrl = withKey("GET", "/360dialog/" + customerMedia, null, KEY).json().get("url").asString();
        Bytes customerFile = download(customerUrl.replace("https://lookaside.fbsbx.com", "/360dialog"), null,
                "D360-API-KEY", KEY);
        assertThat(customerFile.status()).isEqualTo(200);
        assertThat(sha256Hex(customerFile.body())).isEqualTo(image.json().at("/media/0/sha256").asString());
    }

    @Test
    @Order(4)
    void theTemplatesAreListedIn360dialogsShapeAndGraphs() throws Exception {
        Answer configs = withKey("GET", "/360dialog/v1/configs/templates", null, KEY);
        assertThat(configs.status()).as(configs.body()).isEqualTo(200);
        JsonNode body = configs.json();
        assertThat(body.get("total").asInt()).isEqualTo(4);
        assertThat(body.get("count").asInt()).isEqualTo(4);
        JsonNode templates = body.get("waba_templates");
        assertThat(templates.valueStream().map(t -> t.get("name").asString()).toList())
                .containsExactly("order_update", "hello_world", "spring_sale", "win_back");
        assertThat(templates.get(0).get("status").asString()).isEqualTo("approved");
        assertThat(templates.get(2).get("status").asString()).isEqualTo("paused");
        assertThat(templates.get(0).get("category").asString()).isEqualTo("UTILITY");
        assertThat(templates.get(0).at("/components/0/type").asString()).isEqualTo("BODY");
        assertThat(withKey("GET", "/360dialog/v1/configs/templates?limit=1&offset=3", null, KEY).json()
                .at("/waba_templates/0/name").asString()).isEqualTo("win_back");

        Answer graphShape = withKey("GET", "/360dialog/message_templates?status=APPROVED", null, KEY);
        assertThat(graphShape.json().get("data").valueStream().map(t -> t.get("name").asString()).toList())
                .containsExactly("order_update", "hello_world");
        assertThat(withKey("GET", "/360dialog/v1/configs/templates", null, "nope").status()).isEqualTo(401);
    }

    private Answer send360Upload(byte[] bytes) throws Exception {
        Multipart form = new Multipart().field("messaging_product", "whatsapp")
                .file("file", "receipt.jpg", "image/jpeg", bytes);
        return postMultipartWith("/360dialog/media", form, "D360-API-KEY", KEY);
    }

    private List<JsonNode> statuses() {
        return INGRESS.received(WEBHOOK).stream()
                .map(r -> Fixtures.JSON.readTree(r.body()).at("/entry/0/changes/0/value/statuses/0"))
                .filter(s -> !s.isMissingNode()).toList();
    }
}
