package dev.switchboard.sandbox.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.switchboard.sandbox.support.Fixtures;
import dev.switchboard.sandbox.support.SandboxTestBase;
import tools.jackson.databind.JsonNode;

/**
 * Meta's 2026 rules for what a send costs and whom it reaches: per-message pricing (service replies inside the
 * window billable since October 2026, templates by their category), marketing templates to a customer who stopped
 * marketing messages (131050), and failures Meta reports after accepting the send (131049, the per-user marketing
 * limit).
 */
class PricingAndMarketingTest extends SandboxTestBase {

    private static final String WABA = "900800700600500";

    private static String templateTo(String customer, String name) {
        return "{\"messaging_product\":\"whatsapp\",\"to\":\"" + customer + "\",\"type\":\"template\",\"template\":"
                + "{\"name\":\"" + name + "\",\"language\":{\"code\":\"en_US\"},\"components\":[{\"type\":\"body\","
                + "\"parameters\":[{\"type\":\"text\",\"text\":\"#4711\"}]}]}}";
    }

    /** The statuses ingress got for one message, in order. */
    private static List<JsonNode> statusesOf(String wamid) {
        return INGRESS.received(META_WEBHOOKS).stream()
                .map(r -> Fixtures.JSON.readTree(r.body()))
                .filter(w -> w.at("/entry/0/changes/0/value/statuses/0/id").asString("").equals(wamid))
                .map(w -> w.at("/entry/0/changes/0/value/statuses/0"))
                .toList();
    }

    private static JsonNode firstStatusOf(String wamid) {
        await().atMost(Duration.ofSeconds(10)).until(() -> !statusesOf(wamid).isEmpty());
        return statusesOf(wamid).get(0);
    }

    private String sent(String body) throws Exception {
        Answer answer = graphSend(body);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json().at("/messages/0/id").asString();
    }

    private void springSale(String event) throws Exception {
        assertThat(postJson("/sandbox/templates/status", "{\"wabaId\":\"" + WABA + "\",\"name\":\"spring_sale\","
                + "\"language\":\"en_US\",\"event\":\"" + event + "\"}").status()).isEqualTo(200);
    }

    private Answer preference(String customer, String value) throws Exception {
        return postJson("/sandbox/customers/preferences", "{\"channelId\":\"demo\",\"from\":\"" + customer
                + "\",\"value\":\"" + value + "\",\"category\":\"marketing_messages\"}");
    }

    @Test
    void aServiceReplyInsideTheWindowIsBillableSinceOctober2026() throws Exception {
        String customer = customerWhoWrote("demo");

        String wamid = sent(textTo(customer, "Your parcel left today"));

        await().atMost(Duration.ofSeconds(10)).until(() -> statusesOf(wamid).size() == 3);
        for (JsonNode status : statusesOf(wamid)) {
            assertThat(status.at("/pricing/billable").asBoolean()).isTrue();
            assertThat(status.at("/pricing/pricing_model").asString()).isEqualTo("PMP");
            assertThat(status.at("/pricing/category").asString()).isEqualTo("service");
            assertThat(status.at("/pricing/type").asString()).isEqualTo("regular");
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> recorded(customer).get(0).get("statuses").size() == 3);
        JsonNode recordedPricing = recorded(customer).get(0).at("/statuses/0/pricing");
        assertThat(recordedPricing.get("billable").asBoolean()).isTrue();
        assertThat(recordedPricing.get("category").asString()).isEqualTo("service");
        assertThat(recordedPricing.get("type").asString()).isEqualTo("regular");
    }

    @Test
    void aTemplateIsPricedByItsCatalogueCategory() throws Exception {
        String customer = newCustomer();
        springSale("APPROVED");
        try {
            String utility = sent(templateTo(customer, "order_update"));
            String marketing = sent(templateTo(customer, "spring_sale"));
            String unlisted = sent(templateTo(customer, "not_in_the_catalogue"));

            assertThat(firstStatusOf(utility).at("/pricing/category").asString()).isEqualTo("utility");
            assertThat(firstStatusOf(marketing).at("/pricing/category").asString()).isEqualTo("marketing");
            assertThat(firstStatusOf(marketing).at("/conversation/origin/type").asString()).isEqualTo("marketing");
            assertThat(firstStatusOf(unlisted).at("/pricing/category").asString()).isEqualTo("utility");
            assertThat(List.of(utility, marketing, unlisted)).allMatch(id ->
                    firstStatusOf(id).at("/pricing/billable").asBoolean()
                            && firstStatusOf(id).at("/pricing/type").asString().equals("regular"));
        } finally {
            springSale("PAUSED");
        }
    }

    @Test
    void afterAStopMarketingTemplatesFailWith131050UntilTheCustomerResumes() throws Exception {
        String customer = customerWhoWrote("demo");
        springSale("APPROVED");
        try {
            assertThat(preference(customer, "stop").status()).isEqualTo(200);

            String refused = sent(templateTo(customer, "spring_sale"));
            String utility = sent(templateTo(customer, "order_update"));
            String service = sent(textTo(customer, "Anything else?"));

            JsonNode failed = firstStatusOf(refused);
            assertThat(failed.get("status").asString()).isEqualTo("failed");
            assertThat(failed.at("/errors/0/code").asInt()).isEqualTo(131050);
            assertThat(failed.at("/errors/0/title").asString()).contains("stop receiving marketing messages");
            assertThat(failed.has("pricing")).isFalse();
            assertThat(firstStatusOf(utility).get("status").asString()).isEqualTo("sent");
            assertThat(firstStatusOf(service).get("status").asString()).isEqualTo("sent");
            assertThat(recorded(customer).stream().filter(r -> r.get("messageId").asString("").equals(refused))
                    .findFirst().orElseThrow().get("errorCode").asInt()).isEqualTo(131050);
            assertThat(get("/sandbox/customers/preferences").json().get("items").valueStream()
                    .filter(p -> p.get("customer").asString().equals(customer)).findFirst().orElseThrow()
                    .get("value").asString()).isEqualTo("stop");

            assertThat(preference(customer, "resume").status()).isEqualTo(200);
            String resumed = sent(templateTo(customer, "spring_sale"));
            assertThat(firstStatusOf(resumed).get("status").asString()).isEqualTo("sent");
        } finally {
            springSale("PAUSED");
        }
    }

    @Test
    void aStopUnderTheBsuidStopsMarketingToTheNumberOfTheSameCustomer() throws Exception {
        String customer = newCustomer();
        String bsuid = "US." + customer;
        customerWrites("{\"channelId\":\"demo\",\"from\":\"" + customer + "\",\"userId\":\"" + bsuid
                + "\",\"text\":\"Hi\"}");
        springSale("APPROVED");
        try {
            assertThat(postJson("/sandbox/customers/preferences", "{\"phoneNumberId\":\"" + PHONE_NUMBER_ID
                    + "\",\"userId\":\"" + bsuid + "\",\"value\":\"stop\"}").status()).isEqualTo(200);

            String refused = sent(templateTo(customer, "spring_sale"));

            assertThat(firstStatusOf(refused).at("/errors/0/code").asInt()).isEqualTo(131050);
        } finally {
            springSale("PAUSED");
        }
    }

    @Test
    void theMarketingLimitIsAcceptedThenAFailedStatusWithMetasError() throws Exception {
        String customer = newCustomer();
        assertThat(postJson("/sandbox/faults", "{\"code\":131049,\"async\":true,\"count\":1}").json()
                .get("async").asBoolean()).isTrue();

        Answer answer = graphSend(templateTo(customer, "order_update"));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().at("/messages/0/message_status").asString()).isEqualTo("accepted");
        JsonNode failed = firstStatusOf(answer.json().at("/messages/0/id").asString());
        assertThat(failed.get("status").asString()).isEqualTo("failed");
        JsonNode error = failed.at("/errors/0");
        assertThat(error.get("code").asInt()).isEqualTo(131049);
        assertThat(error.get("title").asString())
                .isEqualTo("This message was not delivered to maintain healthy ecosystem engagement.");
        assertThat(error.get("message").asString()).isEqualTo(error.get("title").asString());
        assertThat(error.at("/error_data/details").asString()).contains("healthy ecosystem engagement");
        assertThat(Fixtures.shape(failed.at("/errors/0"))).isEqualTo(Fixtures.shape(
                Fixtures.json("meta/status-failed-131047.json").at("/entry/0/changes/0/value/statuses/0/errors/0")));
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() ->
                statusesOf(answer.json().at("/messages/0/id").asString()).size() == 1);
        // The next send is not faulted (count 1).
        String next = sent(templateTo(customer, "order_update"));
        assertThat(firstStatusOf(next).get("status").asString()).isEqualTo("sent");
    }

    @Test
    void asyncTurnsAnyCodeIntoAFailedStatusAndFalseIntoTheAnswer() throws Exception {
        String customer = customerWhoWrote("demo");
        postJson("/sandbox/faults", "{\"code\":131056,\"async\":true,\"count\":1}");
        postJson("/sandbox/faults", "{\"code\":131049,\"async\":false,\"count\":1}");

        Answer later = graphSend(textTo(customer, "first"));
        Answer now = graphSend(textTo(customer, "second"));

        assertThat(later.status()).isEqualTo(200);
        assertThat(firstStatusOf(later.json().at("/messages/0/id").asString()).at("/errors/0/code").asInt())
                .isEqualTo(131056);
        assertThat(now.status()).isEqualTo(400);
        assertThat(now.json().at("/error/code").asInt()).isEqualTo(131049);
        assertThat(postJson("/sandbox/faults", "{\"httpStatus\":503,\"async\":true}").json().get("error")
                .asString()).contains("async needs a code");
    }

    @Test
    void aTwilioFaultMayBeAsynchronousToo() throws Exception {
        String customer = newCustomer();
        postJson("/sandbox/faults", "{\"code\":20429,\"async\":true,\"count\":1}");

        Answer answer = twilioSend(java.util.Map.of("To", "whatsapp:+" + customer, "From", TWILIO_SENDER,
                "ContentSid", "HXaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));

        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(10)).until(() -> INGRESS.received(TWILIO_STATUS).stream()
                .anyMatch(r -> r.text().contains("ErrorCode=20429")));
        assertThat(Fixtures.form(INGRESS.received(TWILIO_STATUS).get(0).text()).get("MessageStatus"))
                .containsExactly("undelivered");
    }
}
