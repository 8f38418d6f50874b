package dev.switchboard.sandbox.support;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.switchboard.sandbox.SandboxApplication;
import dev.switchboard.testing.MutableClock;
import tools.jackson.databind.JsonNode;

/**
 * The sandbox on a random port, talking to one {@link IngressStub} for the whole test JVM (so every test class
 * shares one Spring context). Each test starts with no faults, no recorded messages, nothing received and the clock
 * at now; customers are new numbers per test, so windows opened by other tests do not count.
 */
@SpringBootTest(classes = {SandboxApplication.class, SandboxTestBase.Clocks.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
public abstract class SandboxTestBase {

    protected static final IngressStub INGRESS = new IngressStub()
            .metaChannel("demo", "demo-app-secret")
            .twilioPath("/webhooks/twilio/demo-twilio", "demo-twilio-auth-token")
            .twilioPath("/callbacks/", "demo-twilio-auth-token");

    protected static final String PHONE_NUMBER_ID = "100200300400500";
    protected static final String ACCOUNT = "AC00000000000000000000000000000000";
    protected static final String TWILIO_SENDER = "whatsapp:+15550002222";
    protected static final String META_WEBHOOKS = "/webhooks/whatsapp/demo";
    protected static final String TWILIO_WEBHOOKS = "/webhooks/twilio/demo-twilio";
    protected static final String TWILIO_STATUS = "/webhooks/twilio/demo-twilio/status";

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @DynamicPropertySource
    static void ingress(DynamicPropertyRegistry registry) {
        registry.add("stub.url", INGRESS::url);
    }

    @TestConfiguration
    public static class Clocks {
        @Bean
        @Primary
        MutableClock testClock() {
            return new MutableClock();
        }
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected MutableClock clock;

    @BeforeEach
    void freshSandbox() throws Exception {
        delete("/sandbox/faults");
        delete("/sandbox/messages");
        INGRESS.clear();
        clock.reset();
    }

    /** A customer number no other test uses. */
    protected static String newCustomer() {
        return "49151" + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));
    }

    public record Answer(int status, String body, Map<String, List<String>> headers) {
        public JsonNode json() {
            return Fixtures.JSON.readTree(body);
        }

        public String header(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of()).stream().findFirst()
                    .orElse(null);
        }
    }

    protected Answer graphSend(String token, String body) throws IOException, InterruptedException {
        return graphSend(PHONE_NUMBER_ID, token, body);
    }

    protected Answer graphSend(String phoneNumberId, String token, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = request("/v23.0/" + phoneNumberId + "/messages")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request);
    }

    protected Answer graphSend(String body) throws IOException, InterruptedException {
        return graphSend("demo-access-token", body);
    }

    protected Answer twilioSend(String password, Map<String, String> form) throws IOException, InterruptedException {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder request = request("/2010-04-01/Accounts/" + ACCOUNT + "/Messages.json")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (password != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (ACCOUNT + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return send(request);
    }

    protected Answer twilioSend(Map<String, String> form) throws IOException, InterruptedException {
        return twilioSend("demo-twilio-auth-token", form);
    }

    protected Answer postJson(String path, String json) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    protected Answer get(String path) throws IOException, InterruptedException {
        return send(request(path).GET());
    }

    protected Answer delete(String path) throws IOException, InterruptedException {
        return send(request(path).DELETE());
    }

    /** What the customer sends, through the sandbox's simulator. */
    protected Answer customerWrites(String json) throws IOException, InterruptedException {
        return postJson("/sandbox/customers/messages", json);
    }

    /** The sandbox's record of what was sent to this customer. */
    protected List<JsonNode> recorded(String customer) throws IOException, InterruptedException {
        JsonNode items = get("/sandbox/messages?to=" + customer).json().get("items");
        return items.valueStream().toList();
    }

    protected static String textTo(String customer, String text) {
        return "{\"messaging_product\":\"whatsapp\",\"recipient_type\":\"individual\",\"to\":\"" + customer
                + "\",\"type\":\"text\",\"text\":{\"preview_url\":false,\"body\":\"" + text + "\"}}";
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(20));
    }

    private static Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        Map<String, List<String>> headers = new TreeMap<>();
        response.headers().map().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
        return new Answer(response.statusCode(), response.body(), headers);
    }
}
