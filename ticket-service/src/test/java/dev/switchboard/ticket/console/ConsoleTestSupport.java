package dev.switchboard.ticket.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import dev.switchboard.schemas.testing.TestEvents;
import dev.switchboard.testing.UseSharedKafka;
import dev.switchboard.testing.UseSharedPostgres;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A ticket-service on a random port with the real broker and PostgreSQL (channels of the "flow" profile: shop in
 * group Sales, club in group club; and boutique in group Boutique, which only ConsoleThreadTest writes to, so that its
 * screenshots show its own conversations), a browser, and the WhatsApp side. Agents are made through the admin API
 * with the static token (an admin).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "switchboard.channels.boutique.provider=meta", "switchboard.channels.boutique.group=Boutique"})
@UseSharedKafka
@UseSharedPostgres
@ActiveProfiles("flow")
abstract class ConsoleTestSupport {

    static final String PASSWORD = "correct horse battery staple";
    private static final String TOKEN = "test-agent-token";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Value("${local.server.port}")
    int port;

    ConsoleBrowser browser;
    WhatsAppSide whatsApp;

    @BeforeAll
    static void topics() {
        TestEvents.createCatalogueTopics(2);
    }

    @BeforeEach
    void openBrowser() {
        whatsApp = new WhatsAppSide();
        browser = new ConsoleBrowser(port);
    }

    @AfterEach
    void closeBrowser() {
        browser.close();
        whatsApp.close();
    }

    /** A new agent (a unique login starting with {@code prefix}), with the password {@link #PASSWORD}. */
    String agent(String prefix, String role, String... groups) {
        return agentNamed(prefix + "-" + UUID.randomUUID().toString().substring(0, 8),
                Character.toUpperCase(prefix.charAt(0)) + prefix.substring(1), role, groups).path("login").asString();
    }

    /** A new agent with the password {@link #PASSWORD}: its JSON. */
    JsonNode agentNamed(String login, String name, String role, String... groups) {
        JsonNode created = call("POST", "/api/admin/agents", JSON.writeValueAsString(Map.of("login", login,
                "name", name, "password", PASSWORD, "role", role, "groups", List.of(groups))), 201);
        assertThat(created.path("login").asString()).isEqualTo(login);
        return created;
    }

    /** The customer's only ticket on the channel, once ticket-service has it (through the API, as an admin). */
    long awaitTicket(String channelId, String waId) {
        long[] id = new long[1];
        Awaitility.await().atMost(ConsoleBrowser.WAIT).untilAsserted(() -> {
            JsonNode items = call("GET", "/api/tickets?state=all&channelId=" + channelId + "&customer=" + waId, null, 200)
                    .path("items");
            assertThat(items.size()).isEqualTo(1);
            id[0] = items.get(0).path("id").asLong();
        });
        return id[0];
    }

    /** The API with the static (admin) token; asserts the status. */
    JsonNode call(String method, String path, String json, int expectedStatus) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Accept", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isEqualTo(expectedStatus);
            return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String test(String name) {
        return ConsoleBrowser.test(name);
    }
}
