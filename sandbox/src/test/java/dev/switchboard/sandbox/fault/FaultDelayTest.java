package dev.switchboard.sandbox.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.switchboard.sandbox.support.SandboxTestBase;
import tools.jackson.databind.JsonNode;

/**
 * The delay fault ({@code delayMillis}): a provider that answers late. The send is held, then refused; it is never
 * accepted, so a client that gave up and sends again sends nothing twice.
 */
class FaultDelayTest extends SandboxTestBase {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private HttpRequest graphRequest(String body, Duration timeout) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v23.0/" + PHONE_NUMBER_ID + "/messages"))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer demo-access-token")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    @Test
    void aClientThatWaitsLessThanTheDelayTimesOutAndNothingWasAccepted() throws Exception {
        String customer = newCustomer();
        postJson("/sandbox/faults", "{\"delayMillis\":3000,\"count\":1,\"recipient\":\"" + customer + "\"}");

        assertThatThrownBy(() -> CLIENT.send(graphRequest(textTo(customer, "held"), Duration.ofMillis(500)),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(HttpTimeoutException.class);

        List<JsonNode> record = recorded(customer);
        assertThat(record).hasSize(1);
        assertThat(record.get(0).get("httpStatus").asInt()).isEqualTo(503);
        assertThat(record.get(0).path("messageId").isMissingNode() || record.get(0).get("messageId").isNull())
                .as("a delayed send has no message id: it was never accepted").isTrue();
        assertThat(record.get(0).get("statuses").isEmpty()).isTrue();

        // The client sends again: accepted once, and the only status webhooks for this customer are the second's.
        Answer again = graphSend(textTo(customer, "held"));
        assertThat(again.status()).isEqualTo(200);
        String wamid = again.json().at("/messages/0/id").asString();
        await().atMost(Duration.ofSeconds(10)).until(() -> INGRESS.received(META_WEBHOOKS).stream()
                .anyMatch(r -> r.text().contains(wamid)));
        assertThat(INGRESS.received(META_WEBHOOKS).stream().filter(r -> r.text().contains(customer)))
                .allMatch(r -> r.text().contains(wamid));
        assertThat(recorded(customer)).extracting(r -> r.get("httpStatus").asInt()).containsExactly(503, 200);
    }

    @Test
    void aDelayedCodeIsThatCodesAnswerAfterTheDelay() throws Exception {
        String customer = newCustomer();
        Answer created = postJson("/sandbox/faults", "{\"code\":130429,\"delayMillis\":1500,\"count\":1}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("delayMillis").asInt()).isEqualTo(1500);

        long start = System.nanoTime();
        HttpResponse<String> answer = CLIENT.send(graphRequest(textTo(customer, "late"), Duration.ofSeconds(20)),
                HttpResponse.BodyHandlers.ofString());

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("\"code\":130429");
        JsonNode recorded = recorded(customer).get(0);
        assertThat(recorded.get("errorCode").asInt()).isEqualTo(130429);
        assertThat(recorded.get("httpStatus").asInt()).isEqualTo(400);
    }

    @Test
    void aDelayAloneIsABare503ForTwilioAnd360dialogToo() throws Exception {
        postJson("/sandbox/faults", "{\"delayMillis\":1000,\"count\":2}");

        long start = System.nanoTime();
        Answer twilio = twilioSend(Map.of("To", "whatsapp:+" + newCustomer(), "From", TWILIO_SENDER,
                "ContentSid", "HXaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
        Answer dialog360 = call("POST", "/360dialog/messages", textTo(newCustomer(), "x"),
                "D360-API-KEY", "acme-d360-api-key");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(2000));
        for (Answer answer : List.of(twilio, dialog360)) {
            assertThat(answer.status()).isEqualTo(503);
            assertThat(answer.header("Content-Type")).startsWith("text/html");
        }
        assertThat(graphSend(textTo(newCustomer(), "x")).status()).isEqualTo(200);
    }

    @Test
    void heldSendsHoldNoServletThread() throws Exception {
        String held = newCustomer();
        // More sends than Tomcat's 32 threads: blocking holds would leave none for anyone else.
        int holds = 40;
        postJson("/sandbox/faults", "{\"delayMillis\":10000,\"recipient\":\"" + held + "\"}");

        List<CompletableFuture<HttpResponse<String>>> answers = IntStream.range(0, holds)
                .mapToObj(i -> CLIENT.sendAsync(graphRequest(textTo(held, "m" + i), Duration.ofSeconds(30)),
                        HttpResponse.BodyHandlers.ofString()))
                .toList();
        await().atMost(Duration.ofSeconds(7)).until(() -> get("/sandbox/faults").json().at("/items/0/hits").asInt()
                == holds);

        assertThat(graphSend(textTo(newCustomer(), "not held")).status()).isEqualTo(200);
        assertThat(answers).as("answered while all %d are still held", holds).noneMatch(CompletableFuture::isDone);

        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get();
        assertThat(answers).allSatisfy(a -> assertThat(a.get().statusCode()).isEqualTo(503));
        assertThat(recorded(held)).hasSize(holds).allMatch(r -> r.get("httpStatus").asInt() == 503);
    }

    @Test
    void aDelayOutOfRangeOrAsyncIsRefused() throws Exception {
        Answer tooLong = postJson("/sandbox/faults", "{\"delayMillis\":120001}");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.json().get("error").asString()).contains("delayMillis must be above 0 and at most 120000");
        Answer async = postJson("/sandbox/faults", "{\"code\":131026,\"async\":true,\"delayMillis\":1000}");
        assertThat(async.status()).isEqualTo(400);
        assertThat(get("/sandbox/faults").json().get("items").isEmpty()).isTrue();
    }
}
