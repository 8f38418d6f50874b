package dev.switchboard.sandbox.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

import dev.switchboard.sandbox.support.SandboxTestBase;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /sandbox/messages/by-reference}: sends counted per request id ({@code biz_opaque_callback_data}) and per
 * {@code reply:<n>} token in a text, accepted or refused, for the sandbox's whole life.
 */
class ByReferenceTest extends SandboxTestBase {

    private static String unique(String prefix) {
        return prefix + ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
    }

    private static String textWithCallbackData(String customer, String text, String callbackData) {
        return "{\"messaging_product\":\"whatsapp\",\"to\":\"" + customer + "\",\"type\":\"text\",\"text\":{\"body\":\""
                + text + "\"},\"biz_opaque_callback_data\":\"" + callbackData + "\"}";
    }

    private JsonNode sendsOf(String reference) throws Exception {
        Answer answer = get("/sandbox/messages/by-reference");
        assertThat(answer.status()).isEqualTo(200);
        return answer.json().path("references").path(reference);
    }

    @Test
    void aMetaSendIsCountedByItsCallbackDataAndItsReplyTokenRefusalsApartAndNotLoweredByClearingTheLog()
            throws Exception {
        String customer = customerWhoWrote("demo");
        String requestId = unique("req-");
        String token = unique("reply:");
        long before = System.currentTimeMillis();
        assertThat(postJson("/sandbox/faults", "{\"httpStatus\":503,\"count\":1}").status()).isEqualTo(201);

        assertThat(graphSend(textWithCallbackData(customer, token + " hello", requestId)).status()).isEqualTo(503);
        assertThat(graphSend(textWithCallbackData(customer, token + " hello", requestId)).status()).isEqualTo(200);
        assertThat(graphSend(textWithCallbackData(customer, token + " hello", requestId)).status()).isEqualTo(200);
        assertThat(delete("/sandbox/messages").status()).isEqualTo(204);

        JsonNode sends = sendsOf(requestId);
        assertThat(sends.get("accepted").asLong()).isEqualTo(2);
        assertThat(sends.get("refused").asLong()).isEqualTo(1);
        assertThat(sends.get("acceptedAt").valueStream().map(JsonNode::asLong).toList()).hasSize(2)
                .allSatisfy(at -> assertThat(at).isGreaterThanOrEqualTo(before - 60_000));
        JsonNode byToken = sendsOf(token);
        assertThat(byToken.get("accepted").asLong()).isEqualTo(2);
        assertThat(byToken.get("refused").asLong()).isEqualTo(1);
    }

    @Test
    void aTwilioSendIsCountedByTheReplyTokenInItsBodyAndARefusalToo() throws Exception {
        String customer = customerWhoWrote("demo-twilio");
        String token = unique("reply:");
        Map<String, String> form = new LinkedHashMap<>();
        form.put("To", "whatsapp:+" + customer);
        form.put("From", TWILIO_SENDER);
        form.put("Body", "Agent says " + token + ", thanks");

        assertThat(twilioSend(form).status()).isEqualTo(201);
        assertThat(twilioSend("wrong-password", form).status()).isEqualTo(401);

        JsonNode sends = sendsOf(token);
        assertThat(sends.get("accepted").asLong()).isEqualTo(1);
        assertThat(sends.get("refused").asLong()).isEqualTo(1);
        assertThat(sends.get("acceptedAt")).hasSize(1);
    }

    @Test
    void aMarkAsReadAndASendWithoutAReferenceAreNotCounted() throws Exception {
        String customer = customerWhoWrote("demo");
        JsonNode before = get("/sandbox/messages/by-reference").json().path("references");

        assertThat(graphSend(textTo(customer, "no reference here")).status()).isEqualTo(200);
        Answer read = graphSend("{\"messaging_product\":\"whatsapp\",\"status\":\"read\",\"message_id\":"
                + "\"wamid.read-me\",\"biz_opaque_callback_data\":\"read-ref\"}");
        assertThat(read.status()).as(read.body()).isEqualTo(200);

        JsonNode after = get("/sandbox/messages/by-reference").json().path("references");
        assertThat(after.size()).isEqualTo(before.size());
        assertThat(after.has("read-ref")).isFalse();
    }
}
