package dev.switchboard.sandbox.graph;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.switchboard.sandbox.support.SandboxTestBase;
import tools.jackson.databind.JsonNode;

/** The Graph calls of an onboarding over HTTP: debug_token, phone_numbers, subscribed_apps and register. */
class GraphOnboardingTest extends SandboxTestBase {

    private static final String TOKEN = "demo-access-token";
    private static final String WABA = "900800700600500";
    private static final String SECOND_TOKEN = "second-access-token";
    private static final String SECOND_WABA = "800700600500400";

    private static void assertGraphError(Answer answer, int status, int code, Integer subcode) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        JsonNode error = answer.json().get("error");
        assertThat(error.get("code").asInt()).as(answer.body()).isEqualTo(code);
        assertThat(error.get("type").asString()).isNotBlank();
        assertThat(error.get("message").asString()).isNotBlank();
        assertThat(error.get("fbtrace_id").asString()).isNotBlank();
        if (subcode != null) {
            assertThat(error.get("error_subcode").asInt()).isEqualTo(subcode);
        }
    }

    @Test
    void aChannelTokenIsValidWithItsScopesAndWaba() throws Exception {
        Answer answer = get("/v23.0/debug_token?input_token=" + TOKEN, bearer(TOKEN));

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode data = answer.json().get("data");
        assertThat(data.get("is_valid").asBoolean()).isTrue();
        assertThat(data.get("type").asString()).isEqualTo("SYSTEM_USER");
        assertThat(data.get("app_id").asString()).matches("[0-9]{15}");
        assertThat(data.get("expires_at").asLong()).isZero();
        assertThat(data.get("scopes").valueStream().map(JsonNode::asString))
                .contains("whatsapp_business_management", "whatsapp_business_messaging");
        JsonNode messaging = data.get("granular_scopes").valueStream()
                .filter(s -> s.get("scope").asString().equals("whatsapp_business_messaging")).findFirst().orElseThrow();
        assertThat(messaging.get("target_ids").valueStream().map(JsonNode::asString)).containsExactly(WABA);
    }

    @Test
    void anAppTokenMayDebugAnotherChannelsToken() throws Exception {
        String appId = get("/v23.0/debug_token?input_token=" + TOKEN, bearer(TOKEN)).json().at("/data/app_id")
                .asString();

        Answer answer = get("/debug_token?input_token=" + SECOND_TOKEN + "&access_token=" + appId
                + "%7Cdemo-app-secret", null);

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().at("/data/granular_scopes/0/target_ids/0").asString()).isEqualTo(SECOND_WABA);
    }

    @Test
    void anUnknownTokenIsNotValidWithGraphsErrorInsideData() throws Exception {
        Answer answer = get("/v23.0/debug_token?input_token=revoked-token", bearer(TOKEN));

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode data = answer.json().get("data");
        assertThat(data.get("is_valid").asBoolean()).isFalse();
        assertThat(data.at("/error/code").asInt()).isEqualTo(190);
        assertThat(data.at("/error/message").asString()).startsWith("Invalid OAuth access token");
        assertThat(data.get("scopes").isEmpty()).isTrue();
    }

    @Test
    void debugTokenNeedsACallersToken() throws Exception {
        assertGraphError(get("/v23.0/debug_token?input_token=" + TOKEN, null), 400, 104, null);
        assertGraphError(get("/v23.0/debug_token?input_token=" + TOKEN, bearer("nope")), 401, 190, 463);
        assertGraphError(get("/v23.0/debug_token?input_token=" + TOKEN, bearer("123|demo-app-secret")), 401, 190,
                463);
        assertGraphError(get("/v23.0/debug_token", bearer(TOKEN)), 400, 100, null);
    }

    @Test
    void theWabasNumbersAreListedWithTheirQualityAndLimits() throws Exception {
        Answer answer = get("/v23.0/" + WABA + "/phone_numbers", bearer(TOKEN));

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode data = answer.json().get("data");
        assertThat(data.size()).isEqualTo(1);
        JsonNode number = data.get(0);
        assertThat(number.get("id").asString()).isEqualTo(PHONE_NUMBER_ID);
        assertThat(number.get("display_phone_number").asString()).isEqualTo("+15550001111");
        assertThat(number.get("verified_name").asString()).isNotBlank();
        assertThat(number.get("quality_rating").asString()).isEqualTo("GREEN");
        assertThat(number.get("code_verification_status").asString()).isEqualTo("VERIFIED");
        assertThat(number.get("platform_type").asString()).isEqualTo("CLOUD_API");
        assertThat(number.at("/throughput/level").asString()).isEqualTo("STANDARD");
        assertThat(number.get("messaging_limit_tier").asString()).startsWith("TIER_");
        assertThat(answer.json().at("/paging/cursors/before").asString()).isNotBlank();
        assertThat(answer.json().at("/paging/cursors/after").asString()).isNotBlank();
        assertThat(answer.json().at("/paging/next").isMissingNode()).isTrue();
    }

    @Test
    void numbersArePagedWithLimitAndAfter() throws Exception {
        Answer first = get("/v23.0/" + SECOND_WABA + "/phone_numbers?limit=2", bearer(SECOND_TOKEN));
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.json().get("data").valueStream().map(n -> n.get("id").asString()))
                .containsExactly("200300400500601", "200300400500602");
        String next = first.json().at("/paging/next").asString();
        assertThat(next).startsWith("http://localhost:" + port + "/v23.0/" + SECOND_WABA + "/phone_numbers?");

        Answer second = get(next.substring(next.indexOf("/v23.0")), bearer(SECOND_TOKEN));
        assertThat(second.json().get("data").valueStream().map(n -> n.get("id").asString()))
                .containsExactly("200300400500603");
        assertThat(second.json().at("/paging/next").isMissingNode()).isTrue();

        assertGraphError(get("/v23.0/" + SECOND_WABA + "/phone_numbers?after=garbage", bearer(SECOND_TOKEN)), 400,
                100, null);
    }

    @Test
    void anotherTokenOrAnotherWabaIsRefused() throws Exception {
        assertGraphError(get("/v23.0/" + WABA + "/phone_numbers", bearer("wrong")), 401, 190, 463);
        assertGraphError(get("/v23.0/" + WABA + "/phone_numbers", null), 401, 190, 463);
        Answer otherWaba = get("/v23.0/" + SECOND_WABA + "/phone_numbers", bearer(TOKEN));
        assertGraphError(otherWaba, 400, 100, 33);
        assertThat(otherWaba.json().at("/error/message").asString())
                .contains("Object with ID '" + SECOND_WABA + "'", "missing permissions");
        assertGraphError(postJson("/v23.0/" + SECOND_WABA + "/subscribed_apps", bearer(TOKEN), "{}"), 400, 100, 33);
    }

    @Test
    void theAppIsListedOnceSubscribedAndNotAfterUnsubscribing() throws Exception {
        String path = "/v23.0/" + SECOND_WABA + "/subscribed_apps";
        delete(path, bearer(SECOND_TOKEN));
        assertThat(get(path, bearer(SECOND_TOKEN)).json().get("data").isEmpty()).isTrue();

        Answer subscribe = postJson(path, bearer(SECOND_TOKEN), "{}");
        assertThat(subscribe.status()).as(subscribe.body()).isEqualTo(200);
        assertThat(subscribe.json().get("success").asBoolean()).isTrue();

        Answer listed = get(path, bearer(SECOND_TOKEN));
        assertThat(listed.status()).isEqualTo(200);
        JsonNode app = listed.json().at("/data/0/whatsapp_business_api_data");
        String appId = get("/v23.0/debug_token?input_token=" + SECOND_TOKEN, bearer(SECOND_TOKEN)).json()
                .at("/data/app_id").asString();
        assertThat(app.get("id").asString()).isEqualTo(appId);
        assertThat(app.get("name").asString()).isNotBlank();
        assertThat(app.get("link").asString()).startsWith("https://");
        assertThat(listed.json().get("data").size()).isEqualTo(1);

        assertThat(delete(path, bearer(SECOND_TOKEN)).json().get("success").asBoolean()).isTrue();
        assertThat(get(path, bearer(SECOND_TOKEN)).json().get("data").isEmpty()).isTrue();
        assertGraphError(get(path, bearer("wrong")), 401, 190, 463);
    }

    @Test
    void aNumberIsRegisteredWithASixDigitPin() throws Exception {
        String path = "/v23.0/200300400500602/register";
        Answer registered = postJson(path, bearer(SECOND_TOKEN), "{\"messaging_product\":\"whatsapp\",\"pin\":\"123456\"}");
        assertThat(registered.status()).as(registered.body()).isEqualTo(200);
        assertThat(registered.json().get("success").asBoolean()).isTrue();
        JsonNode number = get("/v23.0/" + SECOND_WABA + "/phone_numbers", bearer(SECOND_TOKEN)).json().get("data")
                .get(1);
        assertThat(number.get("status").asString()).isEqualTo("CONNECTED");

        assertGraphError(postJson(path, bearer(SECOND_TOKEN), "{\"messaging_product\":\"whatsapp\",\"pin\":\"12345\"}"),
                400, 100, null);
        assertGraphError(postJson(path, bearer(SECOND_TOKEN), "{\"messaging_product\":\"whatsapp\",\"pin\":123456}"),
                400, 100, null);
        Answer noPin = postJson(path, bearer(SECOND_TOKEN), "{\"messaging_product\":\"whatsapp\"}");
        assertGraphError(noPin, 400, 100, null);
        assertThat(noPin.json().at("/error/message").asString()).isEqualTo("(#100) The parameter pin is required.");
        assertGraphError(postJson(path, bearer(SECOND_TOKEN), "{\"pin\":\"123456\"}"), 400, 100, null);
        assertGraphError(postJson(path, bearer("wrong"), "{\"messaging_product\":\"whatsapp\",\"pin\":\"123456\"}"),
                401, 190, 463);
        assertGraphError(postJson(path, bearer(TOKEN), "{\"messaging_product\":\"whatsapp\",\"pin\":\"123456\"}"),
                400, 100, 33);
    }

    @Test
    void oneNumberIsReadByItsIdWithItsChannelsToken() throws Exception {
        Answer answer = get("/v23.0/" + PHONE_NUMBER_ID, bearer(TOKEN));

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get("id").asString()).isEqualTo(PHONE_NUMBER_ID);
        assertThat(answer.json().get("quality_rating").asString()).isEqualTo("GREEN");
        assertThat(answer.json().at("/throughput/level").asString()).isEqualTo("STANDARD");
        assertThat(answer.json().get("messaging_limit_tier").asString()).startsWith("TIER_");
        assertGraphError(get("/v23.0/" + PHONE_NUMBER_ID, bearer(SECOND_TOKEN)), 400, 100, 33);
        assertGraphError(get("/v23.0/" + PHONE_NUMBER_ID, bearer("wrong")), 401, 190, 463);
    }
}
