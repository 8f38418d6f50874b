package dev.switchboard.sandbox.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import dev.switchboard.sandbox.support.Fixtures;
import dev.switchboard.sandbox.support.IngressStub;
import dev.switchboard.sandbox.support.SandboxTestBase;
import tools.jackson.databind.JsonNode;

/** What customers do besides writing: marketing preferences ({@code user_preferences}) and calls ({@code calls}). */
class CustomerEventsTest extends SandboxTestBase {

    private static JsonNode onlyWebhook() {
        assertThat(INGRESS.received(META_WEBHOOKS)).hasSize(1);
        IngressStub.Received received = INGRESS.received(META_WEBHOOKS).get(0);
        assertThat(received.signatureValid()).isTrue();
        return Fixtures.JSON.readTree(received.body());
    }

    @Test
    void aStopIsMetasUserPreferencesWebhook() throws Exception {
        String customer = newCustomer();

        Answer answer = postJson("/sandbox/customers/preferences", "{\"channelId\":\"demo\",\"from\":\"" + customer
                + "\",\"userId\":\"US.13491208655302741918\",\"parentUserId\":\"US.ENT.11815799212886844830\","
                + "\"name\":\"Test Name\",\"value\":\"stop\"}");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get("field").asString()).isEqualTo("user_preferences");
        JsonNode webhook = onlyWebhook();
        Set<String> expected = new TreeSet<>(Fixtures.shape(Fixtures.json("meta/user-preferences-marketing-resume.json")));
        // The BSUID of a customer Meta knows it of, beside the number (Meta's BSUID documentation).
        expected.add("entry[].changes[].value.user_preferences[].user_id");
        assertThat(Fixtures.shape(webhook)).isEqualTo(expected);
        assertThat(webhook.at("/entry/0/changes/0/field").asString()).isEqualTo("user_preferences");
        JsonNode value = webhook.at("/entry/0/changes/0/value");
        assertThat(value.at("/metadata/phone_number_id").asString()).isEqualTo(PHONE_NUMBER_ID);
        assertThat(value.at("/contacts/0/wa_id").asString()).isEqualTo(customer);
        JsonNode preference = value.at("/user_preferences/0");
        assertThat(preference.get("wa_id").asString()).isEqualTo(customer);
        assertThat(preference.get("category").asString()).isEqualTo("marketing_messages");
        assertThat(preference.get("value").asString()).isEqualTo("stop");
        assertThat(preference.get("detail").asString()).isEqualTo("User requested to stop marketing messages");
        assertThat(preference.get("timestamp").isNumber()).isTrue();
    }

    @Test
    void aBsuidOnlyCustomersPreferenceNamesTheirBsuidOnly() throws Exception {
        Answer answer = postJson("/sandbox/customers/preferences", "{\"channelId\":\"demo\",\"userId\":"
                + "\"US.99887766554433\",\"value\":\"resume\"}");

        assertThat(answer.status()).isEqualTo(200);
        JsonNode value = onlyWebhook().at("/entry/0/changes/0/value");
        assertThat(value.at("/user_preferences/0").has("wa_id")).isFalse();
        assertThat(value.at("/user_preferences/0/user_id").asString()).isEqualTo("US.99887766554433");
        assertThat(value.at("/contacts/0/user_id").asString()).isEqualTo("US.99887766554433");
        assertThat(value.at("/user_preferences/0/detail").asString())
                .isEqualTo("User requested to resume marketing messages");
    }

    @Test
    void aCallConnectsAndTerminatesAsMetasCallsWebhooks() throws Exception {
        String customer = newCustomer();

        Answer connect = postJson("/sandbox/customers/calls", "{\"channelId\":\"demo\",\"from\":\"" + customer
                + "\",\"event\":\"connect\"}");

        assertThat(connect.status()).as(connect.body()).isEqualTo(200);
        JsonNode connected = onlyWebhook();
        assertThat(connected.at("/entry/0/changes/0/field").asString()).isEqualTo("calls");
        JsonNode call = connected.at("/entry/0/changes/0/value/calls/0");
        String callId = call.get("id").asString();
        assertThat(callId).startsWith("wacid.");
        assertThat(call.get("from").asString()).isEqualTo(customer);
        assertThat(call.get("to").asString()).isEqualTo("15550001111");
        assertThat(call.get("event").asString()).isEqualTo("connect");
        assertThat(call.get("direction").asString()).isEqualTo("USER_INITIATED");
        assertThat(call.at("/session/sdp_type").asString()).isEqualTo("offer");
        assertThat(connected.at("/entry/0/changes/0/value/contacts/0/wa_id").asString()).isEqualTo(customer);

        INGRESS.clear();
        clock.advance(Duration.ofSeconds(33));
        Answer terminate = postJson("/sandbox/customers/calls", "{\"channelId\":\"demo\",\"from\":\"" + customer
                + "\",\"event\":\"terminate\"}");

        assertThat(terminate.status()).isEqualTo(200);
        JsonNode ended = onlyWebhook().at("/entry/0/changes/0/value/calls/0");
        assertThat(ended.get("id").asString()).isEqualTo(callId);
        assertThat(ended.get("event").asString()).isEqualTo("terminate");
        assertThat(ended.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(ended.get("duration").asInt()).isEqualTo(33);
        assertThat(Long.parseLong(ended.get("end_time").asString())
                - Long.parseLong(ended.get("start_time").asString())).isEqualTo(33);
        assertThat(ended.has("session")).isFalse();
    }

    @Test
    void aBsuidOnlyCallerIsNamedByBsuidAndACallOpensNoWindow() throws Exception {
        String customer = newCustomer();
        Answer answer = postJson("/sandbox/customers/calls", "{\"channelId\":\"demo\",\"userId\":\"US.5550001\","
                + "\"event\":\"terminate\",\"durationSeconds\":12,\"status\":\"failed\"}");
        JsonNode call = onlyWebhook().at("/entry/0/changes/0/value/calls/0");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(call.has("from")).isFalse();
        assertThat(call.get("from_user_id").asString()).isEqualTo("US.5550001");
        assertThat(call.get("status").asString()).isEqualTo("FAILED");
        assertThat(call.get("duration").asInt()).isEqualTo(12);

        postJson("/sandbox/customers/calls", "{\"channelId\":\"demo\",\"from\":\"" + customer
                + "\",\"event\":\"connect\"}");
        String wamid = graphSend(textTo(customer, "You called?")).json().at("/messages/0/id").asString();
        await().atMost(Duration.ofSeconds(10)).until(() -> INGRESS.received(META_WEBHOOKS).stream()
                .anyMatch(r -> r.text().contains(wamid)));
        assertThat(INGRESS.received(META_WEBHOOKS).stream().filter(r -> r.text().contains(wamid)).findFirst()
                .orElseThrow().text()).contains("\"code\":131047");
    }

    @Test
    void whatCannotBeDoneIsRefusedWithAReason() throws Exception {
        assertThat(postJson("/sandbox/customers/preferences", "{\"channelId\":\"demo-twilio\",\"from\":"
                + "\"4915112345678\",\"value\":\"stop\"}").json().get("error").asString())
                .contains("are Meta webhooks");
        assertThat(postJson("/sandbox/customers/preferences", "{\"channelId\":\"demo\",\"from\":\"4915112345678\","
                + "\"value\":\"maybe\"}").json().get("error").asString()).contains("value must be one of");
        assertThat(postJson("/sandbox/customers/preferences", "{\"channelId\":\"demo\",\"from\":\"4915112345678\","
                + "\"value\":\"stop\",\"category\":\"offers\"}").json().get("error").asString())
                .contains("marketing_messages");
        assertThat(postJson("/sandbox/customers/calls", "{\"channelId\":\"demo\",\"from\":\"4915112345678\","
                + "\"event\":\"ring\"}").json().get("error").asString()).contains("event must be one of");
        assertThat(postJson("/sandbox/customers/calls", "{\"channelId\":\"demo\",\"event\":\"connect\"}").status())
                .isEqualTo(400);
        assertThat(INGRESS.received()).isEmpty();
    }
}
