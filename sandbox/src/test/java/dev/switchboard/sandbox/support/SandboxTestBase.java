package dev.switchboard.sandbox.support;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
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

    /** Where media sends link to. */
    protected static final LinkServer LINKS = new LinkServer();

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

    protected Answer delete(String path, String authorization) throws IOException, InterruptedException {
        return send(request(path).header("Authorization", authorization).DELETE());
    }

    /** A GET with this Authorization header (none when null). */
    protected Answer get(String path, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = request(path).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request);
    }

    /** A POST of JSON with this Authorization header (none when null). */
    protected Answer postJson(String path, String authorization, String json) throws IOException, InterruptedException {
        HttpRequest.Builder request = request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request);
    }

    /** A POST of a form (application/x-www-form-urlencoded) with this Authorization header (none when null). */
    protected Answer postForm(String path, String authorization, Map<String, String> form)
            throws IOException, InterruptedException {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder request = request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request);
    }

    /** A request with these headers (name and value after each other) and an optional JSON body (GET without). */
    protected Answer call(String method, String path, String json, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = request(path).method(method, json == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request);
    }

    /** What the customer sends, through the sandbox's simulator. */
    protected Answer customerWrites(String json) throws IOException, InterruptedException {
        return postJson("/sandbox/customers/messages", json);
    }

    /** A new customer who has just written on this channel: their window is open. */
    protected String customerWhoWrote(String channelId) throws IOException, InterruptedException {
        String customer = newCustomer();
        Answer answer = customerWrites("{\"channelId\":\"" + channelId + "\",\"from\":\"" + customer
                + "\",\"text\":\"Hi\"}");
        if (answer.status() != 200) {
            throw new IllegalStateException("the customer could not write: " + answer.body());
        }
        return customer;
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

    // ------------------------------------------------------------------ media

    /** An answer whose body is bytes (a downloaded file). */
    public record Bytes(int status, byte[] body, Map<String, List<String>> headers) {
        public String header(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of()).stream().findFirst().orElse(null);
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /**
     * GET of a URL (or a path of the sandbox) as bytes.
     *
     * @param authorization the Authorization header, or null
     * @param headers       further headers, name and value after each other
     */
    protected Bytes download(String urlOrPath, String authorization, String... headers)
            throws IOException, InterruptedException {
        URI uri = URI.create(urlOrPath.startsWith("http") ? urlOrPath : "http://localhost:" + port + urlOrPath);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        HttpResponse<byte[]> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        Map<String, List<String>> names = new TreeMap<>();
        response.headers().map().forEach((k, v) -> names.put(k.toLowerCase(Locale.ROOT), v));
        return new Bytes(response.statusCode(), response.body(), names);
    }

    protected Answer postMultipart(String path, String authorization, Multipart form)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = request(path).header("Content-Type", form.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.body()));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request);
    }

    /** A multipart POST with one further header (360dialog's D360-API-KEY). */
    protected Answer postMultipartWith(String path, Multipart form, String header, String value)
            throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", form.contentType()).header(header, value)
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.body())));
    }

    /** {@code POST /v23.0/{the demo phone number}/media} with the demo token. */
    protected Answer graphUpload(String contentType, String filename, byte[] bytes)
            throws IOException, InterruptedException {
        return postMultipart("/v23.0/" + PHONE_NUMBER_ID + "/media", bearer("demo-access-token"), new Multipart()
                .field("messaging_product", "whatsapp").file("file", filename, contentType, bytes));
    }

    protected Answer graphLookup(String mediaId, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = request("/v23.0/" + mediaId).GET();
        if (token != null) {
            request.header("Authorization", bearer(token));
        }
        return send(request);
    }

    protected static String bearer(String token) {
        return "Bearer " + token;
    }

    protected static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    protected static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    protected static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
