package dev.switchboard.sandbox.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.switchboard.sandbox.support.Fixtures;
import dev.switchboard.sandbox.support.SandboxTestBase;
import tools.jackson.databind.JsonNode;

/** Faults over HTTP: what a faulted send is answered, and what it leaves for the next one. */
class FaultInjectionTest extends SandboxTestBase {

    private String customerWhoWrote() throws Exception {
        String customer = newCustomer();
        customerWrites("{\"channelId\":\"demo\",\"from\":\"" + customer + "\",\"text\":\"Hi\"}");
        return customer;
    }

    @Test
    void aCountOf130429FailsExactlyThatManySendsWithMetasError() throws Exception {
        String customer = customerWhoWrote();
        Answer created = postJson("/sandbox/faults", "{\"code\":130429,\"count\":3}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("provider").asString()).isEqualTo("meta");

        for (int i = 0; i < 3; i++) {
            Answer answer = graphSend(textTo(customer, "burst " + i));
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.json().at("/error/code").asInt()).isEqualTo(130429);
            assertThat(answer.json().at("/error/message").asString()).isEqualTo("(#130429) Rate limit hit");
            assertThat(Fixtures.shape(Fixtures.json("meta/send-error-130429.json")))
                    .containsAll(Fixtures.shape(answer.json()));
        }
        assertThat(graphSend(textTo(customer, "after")).status()).isEqualTo(200);

        JsonNode fault = get("/sandbox/faults").json().at("/items/0");
        assertThat(fault.get("remaining").asInt()).isZero();
        assertThat(fault.get("hits").asInt()).isEqualTo(3);
        assertThat(recorded(customer)).extracting(r -> r.get("httpStatus").asInt()).containsExactly(400, 400, 400, 200);
    }

    @Test
    void anHttpStatusAloneIsABareErrorPageWithRetryAfter() throws Exception {
        postJson("/sandbox/faults", "{\"httpStatus\":503,\"count\":1,\"retryAfterSeconds\":7}");

        Answer answer = graphSend(textTo(newCustomer(), "x"));

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.header("Content-Type")).startsWith("text/html");
        assertThat(answer.header("Retry-After")).isEqualTo("7");
        assertThat(graphSend(textTo(newCustomer(), "x")).status()).isEqualTo(200);
    }

    @Test
    void aRatioForOneRecipientFailsAboutThatShareOfItsSendsAndNoneOfOthers() throws Exception {
        String unlucky = newCustomer();
        String other = newCustomer();
        postJson("/sandbox/faults", "{\"code\":131056,\"ratio\":0.5,\"recipient\":\"+" + unlucky + "\"}");

        int faulted = 0;
        for (int i = 0; i < 200; i++) {
            Answer answer = graphSend(textTo(unlucky, "m" + i));
            if (answer.status() == 400) {
                assertThat(answer.json().at("/error/code").asInt()).isEqualTo(131056);
                faulted++;
            }
            assertThat(graphSend(textTo(other, "m" + i)).status()).isEqualTo(200);
        }
        // 200 draws at 0.5: 100 expected, a standard deviation of about 7.
        assertThat(faulted).isBetween(65, 135);
    }

    @Test
    void anAsynchronousCodeIsAcceptedThenAFailedStatus() throws Exception {
        String customer = customerWhoWrote();
        postJson("/sandbox/faults", "{\"code\":131026,\"count\":1}");

        Answer answer = graphSend(textTo(customer, "to a number without WhatsApp"));

        assertThat(answer.status()).isEqualTo(200);
        String wamid = answer.json().at("/messages/0/id").asString();
        await().atMost(Duration.ofSeconds(10)).until(() -> INGRESS.received(META_WEBHOOKS).stream()
                .anyMatch(r -> r.text().contains(wamid)));
        JsonNode status = INGRESS.received(META_WEBHOOKS).stream().filter(r -> r.text().contains(wamid))
                .map(r -> Fixtures.JSON.readTree(r.body())).findFirst().orElseThrow()
                .at("/entry/0/changes/0/value/statuses/0");
        assertThat(status.get("status").asString()).isEqualTo("failed");
        assertThat(status.at("/errors/0/code").asInt()).isEqualTo(131026);
        assertThat(status.at("/errors/0/title").asString()).isEqualTo("Message undeliverable");
    }

    @Test
    void aTwilioCodeIsAnsweredInTwiliosShape() throws Exception {
        postJson("/sandbox/faults", "{\"code\":20429,\"count\":1}");

        Answer answer = twilioSend(Map.of("To", "whatsapp:+" + newCustomer(), "From", TWILIO_SENDER,
                "ContentSid", "HXaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));

        assertThat(answer.status()).isEqualTo(429);
        assertThat(answer.json().get("code").asInt()).isEqualTo(20429);
        assertThat(Fixtures.shape(Fixtures.json("twilio/rest-error-response.json")))
                .containsAll(Fixtures.shape(answer.json()));
        // A Meta send is not a Twilio send.
        assertThat(graphSend(textTo(newCustomer(), "x")).status()).isEqualTo(200);
    }

    @Test
    void deletedFaultsStrikeNoMoreAndNonsenseIsRefused() throws Exception {
        postJson("/sandbox/faults", "{\"code\":131000}");
        assertThat(graphSend(textTo(newCustomer(), "x")).status()).isEqualTo(500);

        assertThat(delete("/sandbox/faults").status()).isEqualTo(204);

        assertThat(graphSend(textTo(newCustomer(), "x")).status()).isEqualTo(200);
        assertThat(get("/sandbox/faults").json().get("items").isEmpty()).isTrue();
        Answer refused = postJson("/sandbox/faults", "{\"count\":3}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("error").asString()).contains("needs a code");
    }
}
