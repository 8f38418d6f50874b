package dev.switchboard.ticket.canned;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import dev.switchboard.testing.UseSharedKafka;
import dev.switchboard.testing.UseSharedPostgres;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Admins write canned responses through the admin API; agents read them through the agent API. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "switchboard.admin.tokens=" + CannedResponsesAdminApiTest.ADMIN,
        "switchboard.channel-keys=test-2026:BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc="})
@UseSharedKafka
@UseSharedPostgres
@ActiveProfiles("flow")
class CannedResponsesAdminApiTest {

    static final String ADMIN = "test-admin-token-canned-0123";
    private static final String AGENT = "test-agent-token";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Value("${local.server.port}")
    private int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void anAdminCreatesChangesAndDeletesACannedResponse() throws Exception {
        String group = "g-" + UUID.randomUUID();
        Answer created = call("POST", "/api/admin/canned-responses", ADMIN,
                "{\"name\":\"Opening hours\",\"text\":\"Hi {{customer.name|there}}, we open at 9.\",\"group\":\"" + group + "\"}");
        assertThat(created.status).isEqualTo(201);
        long id = created.body.path("id").asLong();
        assertThat(created.body.path("name").asString()).isEqualTo("Opening hours");
        assertThat(created.body.path("group").asString()).isEqualTo(group);

        Answer duplicate = call("POST", "/api/admin/canned-responses", ADMIN,
                "{\"name\":\"Opening hours\",\"text\":\"again\",\"group\":\"" + group + "\"}");
        assertThat(duplicate.status).isEqualTo(422);
        assertThat(duplicate.body.path("error").asString()).isEqualTo("invalid_canned_response");
        Answer unknown = call("POST", "/api/admin/canned-responses", ADMIN,
                "{\"name\":\"Order\",\"text\":\"Your order {{order.id}}\"}");
        assertThat(unknown.status).isEqualTo(422);
        assertThat(unknown.body.path("details").get(0).path("field").asString()).isEqualTo("text");
        assertThat(unknown.body.path("details").get(0).path("problem").asString()).contains("{{order.id}}");

        Answer changed = call("PUT", "/api/admin/canned-responses/" + id, ADMIN,
                "{\"name\":\"Opening hours\",\"text\":\"We open at 10.\",\"group\":\"" + group + "\"}");
        assertThat(changed.status).isEqualTo(200);
        assertThat(changed.body.path("text").asString()).isEqualTo("We open at 10.");
        assertThat(call("GET", "/api/canned-responses", AGENT, null).body.path("items").valueStream()
                .filter(i -> i.path("id").asLong() == id)).singleElement()
                .satisfies(i -> assertThat(i.path("text").asString()).isEqualTo("We open at 10."));

        assertThat(call("DELETE", "/api/admin/canned-responses/" + id, ADMIN, null).status).isEqualTo(204);
        assertThat(call("DELETE", "/api/admin/canned-responses/" + id, ADMIN, null).status).isEqualTo(404);
        assertThat(call("PUT", "/api/admin/canned-responses/" + id, ADMIN, "{\"name\":\"x\",\"text\":\"y\"}").status)
                .isEqualTo(404);
    }

    private record Answer(int status, JsonNode body) {
    }

    private Answer call(String method, String path, String token, String json) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body()));
    }
}
