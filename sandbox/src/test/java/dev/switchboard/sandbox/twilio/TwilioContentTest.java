package dev.switchboard.sandbox.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.switchboard.sandbox.support.SandboxTestBase;
import tools.jackson.databind.JsonNode;

/**
 * Twilio's Content API (content.twilio.com paths) over HTTP: the demo account {@code acme-twilio} of application.yml
 * has the default templates, the file's demo account the test settings' own; a send's ContentSid must be one of the
 * account's.
 */
class TwilioContentTest extends SandboxTestBase {

    private static final String ACME = "AC11111111111111111111111111111111";
    private static final String ACME_AUTH = basic(ACME, "acme-twilio-auth-token");

    @Test
    void theAccountsTemplatesAreListedWithTheirApprovals() throws Exception {
        Answer answer = get("/v1/ContentAndApprovals", ACME_AUTH);

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode contents = answer.json().get("contents");
        assertThat(contents.valueStream().map(c -> c.get("friendly_name").asString()).toList())
                .containsExactly("order_update", "appointment_reminder", "welcome", "win_back");
        JsonNode first = contents.get(0);
        assertThat(first.get("sid").asString()).matches("HX[0-9a-f]{32}");
        assertThat(first.get("account_sid").asString()).isEqualTo(ACME);
        assertThat(first.get("language").asString()).isEqualTo("en");
        assertThat(first.at("/types/twilio~1text/body").asString()).contains("{{1}}");
        assertThat(first.at("/variables/1").asString()).isEqualTo("#12345");
        assertThat(first.at("/approval_requests/status").asString()).isEqualTo("approved");
        assertThat(first.at("/approval_requests/name").asString()).isEqualTo("order_update");
        assertThat(first.at("/approval_requests/category").asString()).isEqualTo("UTILITY");
        assertThat(contents.get(3).at("/approval_requests/status").asString()).isEqualTo("rejected");
        JsonNode meta = answer.json().get("meta");
        assertThat(meta.get("key").asString()).isEqualTo("contents");
        assertThat(meta.get("page").asInt()).isZero();
        assertThat(meta.get("next_page_url").isNull()).isTrue();

        JsonNode plain = get("/v1/Content", ACME_AUTH).json().get("contents").get(0);
        assertThat(plain.has("approval_requests")).isFalse();
        assertThat(plain.get("url").asString()).endsWith("/v1/Content/" + first.get("sid").asString());

        Answer paged = get("/v1/ContentAndApprovals?PageSize=3&Page=1", ACME_AUTH);
        assertThat(paged.json().get("contents").size()).isEqualTo(1);
        assertThat(paged.json().at("/meta/previous_page_url").asString()).endsWith("PageSize=3&Page=0");

        Answer demo = get("/v1/ContentAndApprovals", basic(ACCOUNT, "demo-twilio-auth-token"));
        assertThat(demo.json().at("/contents/0/sid").asString()).isEqualTo("HXaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");

        Answer wrong = get("/v1/ContentAndApprovals", basic(ACME, "nope"));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.json().get("code").asInt()).isEqualTo(20003);
    }

    @Test
    void aContentSidOfAnotherAccountIsRefusedWith21655() throws Exception {
        String customer = newCustomer();
        String acmeSid = get("/v1/ContentAndApprovals", ACME_AUTH).json().at("/contents/0/sid").asString();

        Answer refused = twilioSend(Map.of("To", "whatsapp:+" + customer, "From", TWILIO_SENDER,
                "ContentSid", acmeSid));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("code").asInt()).isEqualTo(21655);
        assertThat(refused.json().get("message").asString()).contains(acmeSid);
        assertThat(recorded(customer).get(0).get("errorCode").asInt()).isEqualTo(21655);
    }

    @Test
    void anAccountWithoutPublicUrlSendsItsTemplatesAndItsCallbacksGoNowhere() throws Exception {
        String customer = newCustomer();
        String acmeSid = get("/v1/ContentAndApprovals", ACME_AUTH).json().at("/contents/0/sid").asString();

        Answer sent = postForm("/2010-04-01/Accounts/" + ACME + "/Messages.json", ACME_AUTH, Map.of(
                "To", "whatsapp:+" + customer, "From", "whatsapp:+15550006666", "ContentSid", acmeSid));

        assertThat(sent.status()).as(sent.body()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(10)).until(() -> recorded(customer).get(0).get("statuses").size() == 3);
        assertThat(recorded(customer).get(0).get("statuses").valueStream().map(s -> s.get("attempts").asInt()))
                .containsOnly(0);
        JsonNode sender = get("/v2/Channels/Senders?Channel=whatsapp", ACME_AUTH).json().at("/senders/0");
        assertThat(sender.get("sender_id").asString()).isEqualTo("whatsapp:+15550006666");
        assertThat(sender.at("/webhook/callback_url").isNull()).isTrue();
    }
}
