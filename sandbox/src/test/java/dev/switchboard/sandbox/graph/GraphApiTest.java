package dev.switchboard.sandbox.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import dev.switchboard.sandbox.support.Fixtures;
import dev.switchboard.sandbox.support.IngressStub;
import dev.switchboard.sandbox.support.SandboxTestBase;
import tools.jackson.databind.JsonNode;

/** The Graph API over HTTP: auth, the 24-hour rule, the status webhooks and their retries. */
class GraphApiTest extends SandboxTestBase {

    /** The status webhooks ingress got for one message, in order of arrival. */
    private static List<JsonNode> statusesOf(String wamid) {
        return INGRESS.received(META_WEBHOOKS).stream()
                .map(r -> Fixtures.JSON.readTree(r.body()))
                .filter(w -> w.at("/entry/0/changes/0/value/statuses/0/id").asString("").equals(wamid))
                .toList();
    }

    private static String statusOf(JsonNode webhook) {
        return webhook.at("/entry/0/changes/0/value/statuses/0/status").asString();
    }

    private String customerWhoWrote() throws Exception {
        String customer = newCustomer();
        assertThat(customerWrites("{\"channelId\":\"demo\",\"from\":\"" + customer + "\",\"type\":\"text\","
                + "\"text\":\"Hi\"}").status()).isEqualTo(200);
        return customer;
    }

    @Test
    void withoutTheChannelsTokenASendIs401WithCode190() throws Exception {
        String customer = newCustomer();
        for (String token : new String[]{null, "someone-elses-token"}) {
            Answer answer = graphSend(token, textTo(customer, "hello"));
            assertThat(answer.status()).isEqualTo(401);
            assertThat(answer.json().at("/error/code").asInt()).isEqualTo(190);
            assertThat(answer.json().at("/error/type").asString()).isEqualTo("OAuthException");
            assertThat(Fixtures.shape(answer.json()))
                    .isEqualTo(Fixtures.shape(Fixtures.json("meta/graph-error-190-invalid-token.json")));
        }
        assertThat(recorded(customer)).extracting(m -> m.get("errorCode").asInt()).containsExactly(190, 190);
        assertThat(INGRESS.received()).isEmpty();
    }

    @Test
    void theCountOfReceivedRequestsGrowsWithEachRequestAndSurvivesClearingTheLog() throws Exception {
        // Refusals only: an accepted send's statuses would reach the shared ingress stub after this test.
        String customer = newCustomer();
        JsonNode before = get("/sandbox/messages/count").json();

        assertThat(graphSend(null, textTo(customer, "no token")).status()).isEqualTo(401);
        assertThat(graphSend("someone-elses-token", textTo(customer, "wrong token")).status()).isEqualTo(401);
        assertThat(graphSend(textTo(customer, "x".repeat(4097))).status()).isEqualTo(400);
        assertThat(delete("/sandbox/messages").status()).isEqualTo(204);

        JsonNode after = get("/sandbox/messages/count").json();
        assertThat(after.get("total").asLong()).isEqualTo(before.get("total").asLong() + 3);
        assertThat(after.at("/byProvider/meta").asLong()).isEqualTo(before.at("/byProvider/meta").asLong(0) + 3);
        assertThat(get("/sandbox/messages").json().get("items")).isEmpty();
    }

    @Test
    void aPhoneNumberIdNotOfTheTokensChannelIsAnUnknownObject() throws Exception {
        Answer answer = graphSend("999999999", "demo-access-token", textTo(newCustomer(), "x"));
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().at("/error/code").asInt()).isEqualTo(100);
        assertThat(answer.json().at("/error/error_subcode").asInt()).isEqualTo(33);
        assertThat(Fixtures.shape(answer.json()))
                .isEqualTo(Fixtures.shape(Fixtures.json("meta/graph-error-100-subcode-33-object-not-found.json")));
    }

    @Test
    void aCustomerInTheWindowGetsSentDeliveredAndReadSignedAndInOrder() throws Exception {
        String customer = customerWhoWrote();

        Answer answer = graphSend("{\"messaging_product\":\"whatsapp\",\"recipient_type\":\"individual\",\"to\":\"+"
                + customer + "\",\"type\":\"text\",\"text\":{\"body\":\"Hello\"},\"biz_opaque_callback_data\":\"req-1\"}");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(Fixtures.shape(answer.json()))
                .isEqualTo(Fixtures.shape(Fixtures.json("meta/send-response-success.json")));
        assertThat(answer.json().at("/contacts/0/input").asString()).isEqualTo("+" + customer);
        assertThat(answer.json().at("/contacts/0/wa_id").asString()).isEqualTo(customer);
        String wamid = answer.json().at("/messages/0/id").asString();
        assertThat(wamid).startsWith("wamid.HBg");

        await().atMost(Duration.ofSeconds(10)).until(() -> statusesOf(wamid).size() == 3);
        List<JsonNode> statuses = statusesOf(wamid);
        assertThat(statuses).extracting(GraphApiTest::statusOf).containsExactly("sent", "delivered", "read");
        assertThat(INGRESS.received(META_WEBHOOKS)).allMatch(IngressStub.Received::signatureValid);
        JsonNode sent = statuses.get(0);
        Set<String> sentShape = new TreeSet<>(Fixtures.shape(Fixtures.json("meta/status-sent-pmp.json")));
        sentShape.add("entry[].changes[].value.statuses[].biz_opaque_callback_data");
        assertThat(Fixtures.shape(sent)).isEqualTo(sentShape);
        JsonNode status = sent.at("/entry/0/changes/0/value/statuses/0");
        assertThat(status.get("recipient_id").asString()).isEqualTo(customer);
        assertThat(status.get("biz_opaque_callback_data").asString()).isEqualTo("req-1");
        // Per-message pricing since October 2026: a service reply inside the window is billable too.
        assertThat(status.at("/pricing/category").asString()).isEqualTo("service");
        assertThat(status.at("/pricing/billable").asBoolean()).isTrue();
        assertThat(status.at("/pricing/type").asString()).isEqualTo("regular");
        assertThat(sent.at("/entry/0/id").asString()).isEqualTo("900800700600500");
        assertThat(sent.at("/entry/0/changes/0/value/metadata/phone_number_id").asString()).isEqualTo(PHONE_NUMBER_ID);
        assertThat(sent.at("/entry/0/changes/0/value/metadata/display_phone_number").asString())
                .isEqualTo("15550001111");
        Set<String> delivered = Fixtures.shape(statuses.get(1));
        assertThat(delivered).contains("entry[].changes[].value.statuses[].conversation.id")
                .doesNotContain("entry[].changes[].value.statuses[].conversation.expiration_timestamp");

        await().atMost(Duration.ofSeconds(5)).until(() -> recorded(customer).get(0).get("statuses").size() == 3);
        JsonNode record = recorded(customer).get(0);
        assertThat(record.get("messageId").asString()).isEqualTo(wamid);
        assertThat(record.get("httpStatus").asInt()).isEqualTo(200);
        assertThat(record.get("channelId").asString()).isEqualTo("demo");
        assertThat(record.get("request").at("/text/body").asString()).isEqualTo("Hello");
        assertThat(record.get("statuses").valueStream().map(s -> s.get("status").asString()))
                .containsExactly("sent", "delivered", "read");
        assertThat(record.get("statuses").valueStream().map(s -> s.get("ingressStatus").asInt()))
                .containsOnly(200);
    }

    @Test
    void aFreeFormMessageOutsideTheWindowIsAcceptedThenFailsWith131047() throws Exception {
        String customer = newCustomer();

        Answer answer = graphSend(textTo(customer, "Are you there?"));

        assertThat(answer.status()).isEqualTo(200);
        String wamid = answer.json().at("/messages/0/id").asString();
        await().atMost(Duration.ofSeconds(10)).until(() -> statusesOf(wamid).size() == 1);
        JsonNode failed = statusesOf(wamid).get(0);
        assertThat(Fixtures.shape(failed)).isEqualTo(Fixtures.shape(Fixtures.json("meta/status-failed-131047.json")));
        JsonNode error = failed.at("/entry/0/changes/0/value/statuses/0/errors/0");
        assertThat(statusOf(failed)).isEqualTo("failed");
        assertThat(error.get("code").asInt()).isEqualTo(131047);
        assertThat(error.get("title").asString()).isEqualTo("Re-engagement message");
        assertThat(error.at("/error_data/details").asString()).contains("more than 24 hours");
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> statusesOf(wamid).size() == 1);
        assertThat(recorded(customer).get(0).get("errorCode").asInt()).isEqualTo(131047);

        // A template may open the conversation.
        JsonNode template = GraphMessageCheckTest.filledIn("send-template-text.json");
        Answer templateAnswer = graphSend(template.toString().replace("4915112345678", customer));
        assertThat(templateAnswer.json().at("/messages/0/message_status").asString()).isEqualTo("accepted");
        String templateId = templateAnswer.json().at("/messages/0/id").asString();
        await().atMost(Duration.ofSeconds(10)).until(() -> statusesOf(templateId).size() == 3);
        assertThat(statusesOf(templateId)).extracting(GraphApiTest::statusOf)
                .containsExactly("sent", "delivered", "read");
        assertThat(statusesOf(templateId).get(0).at("/entry/0/changes/0/value/statuses/0/pricing/category")
                .asString()).isEqualTo("utility");
    }

    @Test
    void theWindowClosesWhenItsDurationHasPassedSinceTheCustomersLastMessage() throws Exception {
        String customer = customerWhoWrote();
        clock.advance(Duration.ofHours(23).plusMinutes(59));
        String inside = graphSend(textTo(customer, "still open")).json().at("/messages/0/id").asString();
        clock.advance(Duration.ofMinutes(2));
        String outside = graphSend(textTo(customer, "closed")).json().at("/messages/0/id").asString();

        await().atMost(Duration.ofSeconds(10)).until(() -> statusesOf(inside).size() == 3
                && statusesOf(outside).size() == 1);
        assertThat(statusOf(statusesOf(inside).get(0))).isEqualTo("sent");
        assertThat(statusOf(statusesOf(outside).get(0))).isEqualTo("failed");
    }

    @Test
    void aMarkAsReadIsAnsweredSuccessAndPostsNothing() throws Exception {
        Answer answer = graphSend(Fixtures.text("meta/send-mark-read-with-typing-indicator.json"));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json()).isEqualTo(Fixtures.json("meta/send-response-mark-read.json"));
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1)).until(() -> INGRESS.received().isEmpty());
        JsonNode record = get("/sandbox/messages").json().at("/items/0");
        assertThat(record.get("type").asString()).isEqualTo("read");
        assertThat(record.get("messageId").asString()).startsWith("wamid.HBgLMTY1");
    }

    @Test
    void aBreachIsAnswered400WithGraphsErrorAndRecorded() throws Exception {
        String customer = newCustomer();

        Answer answer = graphSend(textTo(customer, "x".repeat(4097)));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().at("/error/message").asString())
                .isEqualTo("(#100) Param text['body'] must be at most 4096 characters long.");
        JsonNode record = recorded(customer).get(0);
        assertThat(record.get("httpStatus").asInt()).isEqualTo(400);
        assertThat(record.get("errorCode").asInt()).isEqualTo(100);
        assertThat(record.get("messageId").isNull()).isTrue();
    }

    @Test
    void aWebhookIngressRefusesIsRetriedWithTheSameBytes() throws Exception {
        String customer = customerWhoWrote();
        INGRESS.clear();
        INGRESS.answer(META_WEBHOOKS, 503, 500);

        String wamid = graphSend(textTo(customer, "retry me")).json().at("/messages/0/id").asString();

        await().atMost(Duration.ofSeconds(10)).until(() -> statusesOf(wamid).size() == 5);
        List<IngressStub.Received> posts = INGRESS.received(META_WEBHOOKS);
        assertThat(posts).extracting(IngressStub.Received::answered).containsExactly(503, 500, 200, 200, 200);
        assertThat(posts.get(1).body()).isEqualTo(posts.get(0).body());
        assertThat(posts.get(2).body()).isEqualTo(posts.get(0).body());
        await().atMost(Duration.ofSeconds(5)).until(() -> recorded(customer).get(0).get("statuses").size() == 3);
        JsonNode sent = recorded(customer).get(0).get("statuses").get(0);
        assertThat(sent.get("attempts").asInt()).isEqualTo(3);
        assertThat(sent.get("ingressStatus").asInt()).isEqualTo(200);
    }

    @Test
    void aWebhookIngressNeverTakesIsGivenUpAfterTheConfiguredAttempts() throws Exception {
        String customer = customerWhoWrote();
        INGRESS.clear();
        INGRESS.answer(META_WEBHOOKS, 503, 503, 503);

        graphSend(textTo(customer, "lost"));

        await().atMost(Duration.ofSeconds(10)).until(() -> !recorded(customer).get(0).get("statuses").isEmpty());
        JsonNode sent = recorded(customer).get(0).get("statuses").get(0);
        assertThat(sent.get("attempts").asInt()).isEqualTo(3);
        assertThat(sent.get("ingressStatus").asInt()).isEqualTo(503);
    }
}
