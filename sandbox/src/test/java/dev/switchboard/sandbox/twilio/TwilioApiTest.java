package dev.switchboard.sandbox.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.switchboard.sandbox.support.Fixtures;
import dev.switchboard.sandbox.support.IngressStub;
import dev.switchboard.sandbox.support.SandboxTestBase;

/** Twilio's Messages API over HTTP: Basic auth, the window (63016) and the signed status callbacks. */
class TwilioApiTest extends SandboxTestBase {

    private static Map<String, String> form(String customer, String... more) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("To", "whatsapp:+" + customer);
        form.put("From", TWILIO_SENDER);
        for (int i = 0; i < more.length; i += 2) {
            form.put(more[i], more[i + 1]);
        }
        return form;
    }

    private static List<Map<String, List<String>>> callbacks(String path, String sid) {
        return INGRESS.received(path).stream().map(r -> Fixtures.form(r.text()))
                .filter(f -> f.getOrDefault("MessageSid", List.of()).contains(sid)).toList();
    }

    /** The parameters of Twilio's status callbacks in the fixtures (status-sent.txt, status-delivered.txt, …). */
    private static Set<String> fixtureCallbackKeys() {
        Set<String> keys = new HashSet<>();
        for (String fixture : List.of("status-sent.txt", "status-delivered.txt", "status-undelivered-63016.synthetic.txt")) {
            keys.addAll(Fixtures.form(Fixtures.text("twilio/" + fixture)).keySet());
        }
        return keys;
    }

    @Test
    void withoutTheAccountsCredentialsASendIs401WithCode20003() throws Exception {
        for (String password : new String[]{null, "wrong-token"}) {
            Answer answer = twilioSend(password, form(newCustomer(), "Body", "hi"));
            assertThat(answer.status()).isEqualTo(401);
            assertThat(answer.json().get("code").asInt()).isEqualTo(20003);
            assertThat(answer.json().get("more_info").asString()).isEqualTo("https://www.twilio.com/docs/errors/20003");
            assertThat(answer.header("WWW-Authenticate")).isEqualTo("Basic realm=\"Twilio API\"");
        }
    }

    @Test
    void aCustomerInTheWindowGetsSentDeliveredAndReadCallbacksSignedOverThePublicUrl() throws Exception {
        String customer = newCustomer();
        assertThat(customerWrites("{\"channelId\":\"demo-twilio\",\"from\":\"" + customer
                + "\",\"type\":\"text\",\"text\":\"Hi\"}").status()).isEqualTo(200);

        Answer answer = twilioSend(form(customer, "Body", "Hello from support"));

        assertThat(answer.status()).isEqualTo(201);
        assertThat(Fixtures.shape(answer.json()))
                .isEqualTo(Fixtures.shape(Fixtures.json("twilio/message-create-response.json")));
        String sid = answer.json().get("sid").asString();
        assertThat(sid).matches("SM[0-9a-f]{32}");
        assertThat(answer.json().get("status").asString()).isEqualTo("queued");
        assertThat(answer.json().get("to").asString()).isEqualTo("whatsapp:+" + customer);

        await().atMost(Duration.ofSeconds(10)).until(() -> callbacks(TWILIO_STATUS, sid).size() == 3);
        List<Map<String, List<String>>> callbacks = callbacks(TWILIO_STATUS, sid);
        assertThat(callbacks).extracting(c -> c.get("MessageStatus").get(0)).containsExactly("sent", "delivered", "read");
        assertThat(INGRESS.received(TWILIO_STATUS)).allMatch(IngressStub.Received::signatureValid);
        assertThat(callbacks).allSatisfy(c -> {
            assertThat(fixtureCallbackKeys()).containsAll(c.keySet());
            assertThat(c.get("From")).containsExactly(TWILIO_SENDER);
            assertThat(c.get("To")).containsExactly("whatsapp:+" + customer);
            assertThat(c.get("AccountSid")).containsExactly(ACCOUNT);
        });
        assertThat(callbacks.get(1).get("EventType")).containsExactly("DELIVERED");
        assertThat(callbacks.get(2).get("EventType")).containsExactly("READ");
    }

    @Test
    void aFreeFormMessageOutsideTheWindowIsUndeliveredWith63016AtTheStatusCallbackGiven() throws Exception {
        String customer = newCustomer();
        String callback = INGRESS.url() + "/callbacks/outbound?attempt=1";

        Answer answer = twilioSend(form(customer, "Body", "Are you there?", "StatusCallback", callback));

        assertThat(answer.status()).isEqualTo(201);
        String sid = answer.json().get("sid").asString();
        await().atMost(Duration.ofSeconds(10)).until(() -> callbacks("/callbacks/outbound", sid).size() == 1);
        Map<String, List<String>> undelivered = callbacks("/callbacks/outbound", sid).get(0);
        assertThat(undelivered.get("MessageStatus")).containsExactly("undelivered");
        assertThat(undelivered.get("ErrorCode")).containsExactly("63016");
        assertThat(fixtureCallbackKeys()).containsAll(undelivered.keySet());
        assertThat(INGRESS.received("/callbacks/outbound")).allMatch(IngressStub.Received::signatureValid);
        assertThat(INGRESS.received(TWILIO_STATUS)).isEmpty();
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> callbacks("/callbacks/outbound", sid).size() == 1);
    }

    @Test
    void aTemplateByContentSidReachesACustomerOutsideTheWindow() throws Exception {
        String customer = newCustomer();

        Answer answer = twilioSend(form(customer, "ContentSid", "HXaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                "ContentVariables", "{\"1\":\"Jane\",\"2\":\"12345\"}"));

        assertThat(answer.status()).isEqualTo(201);
        String sid = answer.json().get("sid").asString();
        await().atMost(Duration.ofSeconds(10)).until(() -> callbacks(TWILIO_STATUS, sid).size() == 3);
        assertThat(recorded(customer).get(0).get("type").asString()).isEqualTo("template");
    }

    @Test
    void aBreachIsAnsweredWithTwilioErrorAndRecorded() throws Exception {
        String customer = newCustomer();

        Answer answer = twilioSend(form(customer, "Body", "b".repeat(1601)));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("code").asInt()).isEqualTo(21617);
        assertThat(answer.json().get("status").asInt()).isEqualTo(400);
        assertThat(recorded(customer)).singleElement().satisfies(r -> {
            assertThat(r.get("errorCode").asInt()).isEqualTo(21617);
            assertThat(r.get("channelId").asString()).isEqualTo("demo-twilio");
            assertThat(r.get("request").get("From").asString()).isEqualTo(TWILIO_SENDER);
        });
    }
}
