package dev.switchboard.ticket.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import dev.switchboard.testing.UseSharedKafka;
import dev.switchboard.testing.UseSharedPostgres;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The agent API's OpenAPI document, generated from the code, against the routes docs/public-surface.md promises
 * (its section "Agent API"): every route of the docs is in the document and every route of the document is in the
 * docs. A route added to the code without the docs, or to the docs without the code, fails the build.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@UseSharedKafka
@UseSharedPostgres
@ActiveProfiles("flow")
class OpenApiDocumentTest {

    static final String DOCUMENT = "/api/openapi.json";
    private static final Path PUBLIC_SURFACE = Path.of("..", "docs", "public-surface.md");
    private static final String SECTION = "## Agent API (ticket-service)";
    /** A route as the docs write it: {@code `GET /api/tickets?state=…`} → GET /api/tickets. */
    private static final Pattern ROUTE = Pattern.compile("`(GET|POST|PUT|PATCH|DELETE) (/api/[^`?\\s]*)");
    private static final List<String> METHODS = List.of("get", "post", "put", "patch", "delete");

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @Value("${local.server.port}")
    private int port;

    @Test
    void theDocumentDescribesExactlyTheAgentApiRoutesOfTheDocs() throws Exception {
        JsonNode document = document();
        assertThat(document.path("openapi").asString()).startsWith("3.");

        Set<String> documented = new TreeSet<>();
        document.path("paths").properties().forEach(path -> METHODS.stream()
                .filter(method -> path.getValue().has(method))
                .forEach(method -> documented.add(method.toUpperCase() + " " + path.getKey())));
        Set<String> promised = docsRoutes();

        assertThat(promised).as("agent API routes in " + PUBLIC_SURFACE).isNotEmpty();
        assertThat(documented).as("routes of " + DOCUMENT + " (the code) that docs/public-surface.md does not list")
                .isSubsetOf(promised);
        assertThat(promised).as("routes docs/public-surface.md lists that " + DOCUMENT + " (the code) lacks")
                .isSubsetOf(documented);
    }

    @Test
    void theDocumentGivesEachActionsOwnAnswersNotOnly200() throws Exception {
        JsonNode paths = document().path("paths");
        assertThat(paths.path("/api/tickets/{id}/articles").path("post").path("responses").propertyNames())
                .contains("202", "409", "422").doesNotContain("200");
        assertThat(paths.path("/api/tickets").path("post").path("responses").propertyNames())
                .contains("201", "409", "422").doesNotContain("200");
        assertThat(paths.path("/api/tickets/{id}/reopen").path("post").path("responses").propertyNames())
                .contains("200", "409");
        assertThat(paths.path("/api/tickets/{id}/notes").path("post").path("responses").propertyNames())
                .contains("201", "422").doesNotContain("200");
    }

    @Test
    void theDocumentLeavesOutTheAdminApi() throws Exception {
        assertThat(document().path("paths").propertyNames()).isNotEmpty()
                .noneMatch(path -> path.startsWith("/api/admin/")).allMatch(path -> path.startsWith("/api/"));
    }

    @Test
    void theDocumentNeedsTheAgentApiTokenAndIsNotAlsoAtSpringdocsDefaultPath() throws Exception {
        assertThat(anonymous(DOCUMENT).statusCode()).isEqualTo(401);
        // springdoc's default path is not served at all: not to strangers, not with a token
        assertThat(anonymous("/v3/api-docs").statusCode()).isEqualTo(401);
        assertThat(http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v3/api-docs"))
                .header("Authorization", "Bearer test-agent-token").GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> anonymous(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The agent API routes of docs/public-surface.md, without the admin API and the document itself. */
    static Set<String> docsRoutes() throws IOException {
        String docs = Files.readString(PUBLIC_SURFACE);
        int start = docs.indexOf(SECTION);
        assertThat(start).as(PUBLIC_SURFACE + " has a section \"" + SECTION + "\"").isNotNegative();
        int end = docs.indexOf("\n## ", start + SECTION.length());
        Matcher route = ROUTE.matcher(docs.substring(start, end < 0 ? docs.length() : end));
        Set<String> routes = new TreeSet<>();
        while (route.find()) {
            String path = route.group(2);
            if (!path.startsWith("/api/admin/") && !path.equals(DOCUMENT)) {
                routes.add(route.group(1) + " " + path);
            }
        }
        return routes;
    }

    private JsonNode document() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + DOCUMENT))
                .header("Authorization", "Bearer test-agent-token").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        // kept for review (and for clients to generate from) next to the build's other outputs
        Files.writeString(Path.of("target", "openapi.json"), response.body());
        return json.readTree(response.body());
    }
}
