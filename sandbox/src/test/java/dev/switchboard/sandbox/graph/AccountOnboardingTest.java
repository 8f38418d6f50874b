package dev.switchboard.sandbox.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.switchboard.sandbox.support.Fixtures;
import dev.switchboard.sandbox.support.IngressStub;
import dev.switchboard.sandbox.support.Multipart;
import dev.switchboard.sandbox.support.SandboxTestBase;
import tools.jackson.databind.JsonNode;

/**
 * The demo Meta account {@code acme} of application.yml, which no channel file names: onboarded over Graph with its
 * own token (numbers with their own quality and limits, register with its PIN), subscribed with an
 * {@code override_callback_uri} that is verified first and then gets every webhook of its numbers, and account
 * webhooks (quality, template status) on demand. Each test starts unsubscribed.
 */
class AccountOnboardingTest extends SandboxTestBase {

    private static final String WABA = "900800700600501";
    private static final String TOKEN = "acme-access-token";
    private static final String PENDING_NUMBER = "100200300400501";
    private static final String CONNECTED_NUMBER = "100200300400502";
    private static final String CALLBACK = "/webhooks/whatsapp/acme-support";
    private static final String VERIFY_TOKEN = "acme-verify-token";

    @BeforeEach
    void unsubscribed() throws Exception {
        INGRESS.metaChannel("acme-support", "acme-app-secret").verifyToken(CALLBACK, VERIFY_TOKEN);
        assertThat(delete("/v23.0/" + WABA + "/subscribed_apps", bearer(TOKEN)).status()).isEqualTo(200);
    }

    private Answer subscribe(String verifyToken) throws Exception {
        return postJson("/v23.0/" + WABA + "/subscribed_apps", bearer(TOKEN), "{\"override_callback_uri\":\""
                + INGRESS.url() + CALLBACK + "\",\"verify_token\":\"" + verifyToken + "\"}");
    }

    @Test
    void theAccountIsOnboardedWithItsOwnTokenNumbersAndPin() throws Exception {
        Answer debug = get("/v23.0/debug_token?input_token=" + TOKEN, bearer(TOKEN));
        assertThat(debug.json().at("/data/is_valid").asBoolean()).isTrue();
        assertThat(debug.json().at("/data/granular_scopes/0/target_ids/0").asString()).isEqualTo(WABA);

        JsonNode numbers = get("/v23.0/" + WABA + "/phone_numbers", bearer(TOKEN)).json().get("data");
        assertThat(numbers.valueStream().map(n -> n.get("id").asString()).toList())
                .containsExactly(PENDING_NUMBER, CONNECTED_NUMBER);
        JsonNode pending = numbers.get(0);
        assertThat(pending.get("display_phone_number").asString()).isEqualTo("+1 555-000-3333");
        assertThat(pending.get("verified_name").asString()).isEqualTo("Acme Support");
        assertThat(pending.get("status").asString()).isEqualTo("PENDING");
        JsonNode connected = numbers.get(1);
        assertThat(connected.get("status").asString()).isEqualTo("CONNECTED");
        assertThat(connected.at("/throughput/level").asString()).isEqualTo("HIGH");
        assertThat(connected.get("quality_rating").asString()).isEqualTo("GREEN");

        Answer otherWaba = get("/v23.0/900800700600500/phone_numbers", bearer(TOKEN));
        assertThat(otherWaba.json().at("/error/error_subcode").asInt()).isEqualTo(33);
        assertThat(get("/v23.0/" + WABA + "/phone_numbers", bearer("demo-access-token")).status()).isEqualTo(400);

        String register = "/v23.0/" + PENDING_NUMBER + "/register";
        Answer wrongPin = postJson(register, bearer(TOKEN), "{\"messaging_product\":\"whatsapp\",\"pin\":\"654321\"}");
        assertThat(wrongPin.status()).isEqualTo(400);
        assertThat(wrongPin.json().at("/error/code").asInt()).isEqualTo(133005);
        assertThat(wrongPin.json().at("/error/message").asString()).contains("PIN Mismatch");
        assertThat(get("/v23.0/" + PENDING_NUMBER, bearer(TOKEN)).json().get("status").asString())
                .isEqualTo("PENDING");

        Answer rightPin = postJson(register, bearer(TOKEN), "{\"messaging_product\":\"whatsapp\",\"pin\":\"123456\"}");
        assertThat(rightPin.body()).isEqualTo("{\"success\":true}");
        assertThat(get("/v23.0/" + PENDING_NUMBER, bearer(TOKEN)).json().get("status").asString())
                .isEqualTo("CONNECTED");
    }

    @Test
    void theAccountsNumbersTakeMediaWithItsTokenOnly() throws Exception {
        byte[] bytes = randomBytes(2048);
        Answer uploaded = postMultipart("/v23.0/" + CONNECTED_NUMBER + "/media", bearer(TOKEN), new Multipart()
                .field("messaging_product", "whatsapp").file("file", "a.png", "image/png", bytes));
        assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(200);
        String mediaId = uploaded.json().get("id").asString();

        Answer lookup = graphLookup(mediaId, TOKEN);
        assertThat(lookup.status()).as(lookup.body()).isEqualTo(200);
        Bytes file = download(lookup.json().get("url").asString(), bearer(TOKEN));
        assertThat(file.body()).isEqualTo(bytes);
        assertThat(graphLookup(mediaId, "demo-access-token").status()).isEqualTo(400);
        assertThat(postMultipart("/v23.0/" + CONNECTED_NUMBER + "/media", bearer("demo-access-token"),
                new Multipart().field("messaging_product", "whatsapp").file("file", "a.png", "image/png", bytes))
                .json().at("/error/error_subcode").asInt()).isEqualTo(33);
    }

    @Test
    void aCallbackThatDoesNotEchoTheChallengeIsRefusedWith2200() throws Exception {
        Answer refused = subscribe("not-the-token");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().at("/error/code").asInt()).isEqualTo(2200);
        assertThat(refused.json().at("/error/message").asString())
                .startsWith("(#2200) Callback verification failed with the following errors:")
                .contains("HTTP Status Code = 403");
        assertThat(get("/v23.0/" + WABA + "/subscribed_apps", bearer(TOKEN)).json().get("data").size()).isZero();
        IngressStub.Received verification = INGRESS.received(CALLBACK).get(0);
        assertThat(verification.headers().get("query")).contains("hub.mode=subscribe")
                .contains("hub.verify_token=not-the-token").contains("hub.challenge=");

        Answer noToken = postJson("/v23.0/" + WABA + "/subscribed_apps", bearer(TOKEN),
                "{\"override_callback_uri\":\"" + INGRESS.url() + CALLBACK + "\"}");
        assertThat(noToken.json().at("/error/message").asString()).contains("verify_token is required");

        // As Graph takes them: the parameters in the query work too.
        Answer byQuery = postJson("/v23.0/" + WABA + "/subscribed_apps?override_callback_uri="
                + URLEncoder.encode(INGRESS.url() + CALLBACK, StandardCharsets.UTF_8)
                + "&verify_token=" + VERIFY_TOKEN, bearer(TOKEN), "");
        assertThat(byQuery.body()).isEqualTo("{\"success\":true}");
        assertThat(get("/v23.0/" + WABA + "/subscribed_apps", bearer(TOKEN)).json()
                .at("/data/0/override_callback_uri").asString()).isEqualTo(INGRESS.url() + CALLBACK);
    }

    @Test
    void aVerifiedOverrideGetsTheCustomersMessagesAndTheReceiptsSigned() throws Exception {
        String customer = newCustomer();
        Answer before = customerWrites("{\"phoneNumberId\":\"" + PENDING_NUMBER + "\",\"from\":\"" + customer
                + "\",\"text\":\"Hi\"}");
        assertThat(before.status()).isEqualTo(502);
        assertThat(before.json().get("ingressBody").asString()).contains("account acme").contains("subscribed_apps")
                .contains("override_callback_uri");

        // As Graph takes it: a form works as well as JSON.
        Answer subscribed = postForm("/v23.0/" + WABA + "/subscribed_apps", bearer(TOKEN), Map.of(
                "override_callback_uri", INGRESS.url() + CALLBACK, "verify_token", VERIFY_TOKEN));
        assertThat(subscribed.body()).isEqualTo("{\"success\":true}");
        JsonNode apps = get("/v23.0/" + WABA + "/subscribed_apps", bearer(TOKEN)).json().get("data");
        assertThat(apps.get(0).get("override_callback_uri").asString()).isEqualTo(INGRESS.url() + CALLBACK);
        assertThat(apps.at("/0/whatsapp_business_api_data/id").asString()).isNotBlank();

        Answer wrote = customerWrites("{\"phoneNumberId\":\"" + PENDING_NUMBER + "\",\"from\":\"" + customer
                + "\",\"name\":\"Ana\",\"text\":\"Hello Acme\"}");
        assertThat(wrote.status()).as(wrote.body()).isEqualTo(200);
        assertThat(wrote.json().get("channelId").asString()).isEqualTo("acme");
        List<IngressStub.Received> posts = INGRESS.received(CALLBACK).stream()
                .filter(r -> r.contentType() != null).toList();
        assertThat(posts).hasSize(1);
        assertThat(posts.get(0).signatureValid()).as("signed with acme's app secret").isTrue();
        JsonNode webhook = Fixtures.JSON.readTree(posts.get(0).body());
        assertThat(webhook.at("/entry/0/id").asString()).isEqualTo(WABA);
        JsonNode value = webhook.at("/entry/0/changes/0/value");
        assertThat(value.at("/metadata/phone_number_id").asString()).isEqualTo(PENDING_NUMBER);
        assertThat(value.at("/metadata/display_phone_number").asString()).isEqualTo("15550003333");
        assertThat(value.at("/messages/0/text/body").asString()).isEqualTo("Hello Acme");

        Answer sent = graphSend(CONNECTED_NUMBER, TOKEN, textTo(customer, "Hello from Acme"));
        assertThat(sent.status()).as(sent.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> statusesOn(CALLBACK).size() == 3);
        assertThat(statusesOn(CALLBACK)).extracting(s -> s.get("status").asString())
                .containsExactly("sent", "delivered", "read");
        assertThat(statusesOn(CALLBACK).get(0).get("recipient_id").asString()).isEqualTo(customer);
        assertThat(Fixtures.JSON.readTree(INGRESS.received(CALLBACK).get(INGRESS.received(CALLBACK).size() - 1)
                .body()).at("/entry/0/changes/0/value/metadata/phone_number_id").asString())
                .isEqualTo(CONNECTED_NUMBER);
        assertThat(recorded(customer).get(0).get("channelId").asString()).isEqualTo("acme");
        assertThat(INGRESS.received(META_WEBHOOKS)).isEmpty();
    }

    @Test
    void aSendBeforeTheSubscriptionIsAcceptedAndItsReceiptsGoNowhere() throws Exception {
        String customer = newCustomer();
        Answer sent = graphSend(CONNECTED_NUMBER, TOKEN, textTo(customer, "Hello"));
        assertThat(sent.status()).as(sent.body()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(10)).until(() -> recorded(customer).get(0).get("statuses").size() == 1);
        JsonNode status = recorded(customer).get(0).get("statuses").get(0);
        assertThat(status.get("status").asString()).isEqualTo("failed");
        assertThat(status.get("url").isNull()).isTrue();
        assertThat(status.get("attempts").asInt()).isZero();
    }

    @Test
    void qualityAndTemplateChangesArePostedToTheOverrideAndKept() throws Exception {
        Answer noWebhook = postJson("/sandbox/numbers/quality", "{\"phoneNumberId\":\"" + CONNECTED_NUMBER
                + "\",\"event\":\"FLAGGED\"}");
        assertThat(noWebhook.status()).isEqualTo(502);
        assertThat(noWebhook.json().get("problem").asString()).contains("subscribed_apps");
        assertThat(get("/v23.0/" + CONNECTED_NUMBER, bearer(TOKEN)).json().get("quality_rating").asString())
                .as("kept even so").isEqualTo("RED");
        postJson("/sandbox/numbers/quality", "{\"phoneNumberId\":\"" + CONNECTED_NUMBER + "\",\"event\":\"UNFLAGGED\"}");
        assertThat(subscribe(VERIFY_TOKEN).status()).isEqualTo(200);

        Answer downgraded = postJson("/sandbox/numbers/quality", "{\"phoneNumberId\":\"" + CONNECTED_NUMBER
                + "\",\"event\":\"DOWNGRADE\"}");
        try {
            assertThat(downgraded.status()).as(downgraded.body()).isEqualTo(200);
            JsonNode webhook = lastPost(CALLBACK);
            assertThat(webhook.at("/entry/0/id").asString()).isEqualTo(WABA);
            assertThat(webhook.at("/entry/0/time").asLong()).isPositive();
            assertThat(webhook.at("/entry/0/changes/0/field").asString()).isEqualTo("phone_number_quality_update");
            JsonNode value = webhook.at("/entry/0/changes/0/value");
            assertThat(value.get("display_phone_number").asString()).isEqualTo("15550004444");
            assertThat(value.get("event").asString()).isEqualTo("DOWNGRADE");
            assertThat(value.get("current_limit").asString()).isEqualTo("TIER_2K");
            assertThat(value.get("old_limit").asString()).isEqualTo("TIER_10K");
            assertThat(get("/v23.0/" + CONNECTED_NUMBER, bearer(TOKEN)).json().get("messaging_limit_tier")
                    .asString()).isEqualTo("TIER_2K");
        } finally {
            postJson("/sandbox/numbers/quality", "{\"phoneNumberId\":\"" + CONNECTED_NUMBER
                    + "\",\"event\":\"UPGRADE\",\"currentLimit\":\"TIER_10K\"}");
        }
        assertThat(lastPost(CALLBACK).at("/entry/0/changes/0/value/old_limit").asString()).isEqualTo("TIER_2K");

        Answer approved = postJson("/sandbox/templates/status", "{\"wabaId\":\"" + WABA + "\",\"name\":\"win_back\","
                + "\"language\":\"en_US\",\"event\":\"APPROVED\"}");
        try {
            assertThat(approved.status()).as(approved.body()).isEqualTo(200);
            JsonNode webhook = lastPost(CALLBACK);
            assertThat(webhook.at("/entry/0/changes/0/field").asString()).isEqualTo("message_template_status_update");
            JsonNode value = webhook.at("/entry/0/changes/0/value");
            assertThat(value.get("event").asString()).isEqualTo("APPROVED");
            assertThat(value.get("message_template_name").asString()).isEqualTo("win_back");
            assertThat(value.get("message_template_language").asString()).isEqualTo("en_US");
            assertThat(value.get("message_template_id").isNumber()).isTrue();
            assertThat(value.get("reason").asString()).isEqualTo("NONE");
            JsonNode listed = get("/v23.0/" + WABA + "/message_templates?name=win_back", bearer(TOKEN)).json()
                    .at("/data/0");
            assertThat(listed.get("status").asString()).isEqualTo("APPROVED");
            assertThat(listed.get("id").asString()).isEqualTo(value.get("message_template_id").asString());
        } finally {
            postJson("/sandbox/templates/status", "{\"wabaId\":\"" + WABA + "\",\"name\":\"win_back\","
                    + "\"language\":\"en_US\",\"event\":\"REJECTED\",\"reason\":\"INVALID_FORMAT\"}");
        }
        assertThat(lastPost(CALLBACK).at("/entry/0/changes/0/value/reason").asString()).isEqualTo("INVALID_FORMAT");

        Answer unknown = postJson("/sandbox/templates/status", "{\"wabaId\":\"" + WABA + "\",\"name\":\"nope\","
                + "\"language\":\"en_US\",\"event\":\"APPROVED\"}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("error").asString()).contains("no template nope");
        assertThat(postJson("/sandbox/numbers/quality", "{\"phoneNumberId\":\"" + CONNECTED_NUMBER
                + "\",\"event\":\"SIDEWAYS\"}").status()).isEqualTo(400);
    }

    private static JsonNode lastPost(String path) {
        List<IngressStub.Received> posts = INGRESS.received(path).stream().filter(r -> r.contentType() != null)
                .toList();
        IngressStub.Received last = posts.get(posts.size() - 1);
        assertThat(last.signatureValid()).isTrue();
        return Fixtures.JSON.readTree(last.body());
    }

    private static List<JsonNode> statusesOn(String path) {
        return INGRESS.received(path).stream().filter(r -> r.contentType() != null)
                .map(r -> Fixtures.JSON.readTree(r.body()).at("/entry/0/changes/0/value/statuses/0"))
                .filter(s -> !s.isMissingNode()).toList();
    }
}
