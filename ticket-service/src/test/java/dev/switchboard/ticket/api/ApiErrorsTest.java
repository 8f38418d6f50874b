package dev.switchboard.ticket.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.switchboard.testing.UseSharedKafka;
import dev.switchboard.testing.UseSharedPostgres;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What no controller answers itself, answered in the one error shape {@code {error, message, details?}} as JSON: by
 * {@link ApiErrors} inside Spring MVC, by {@link ErrorPageAttributes} for what fails before it (a servlet filter).
 * Small upload limits, so that 413 needs no 110 MB request.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.servlet.multipart.max-file-size=1KB", "spring.servlet.multipart.max-request-size=4KB"})
@UseSharedKafka
@UseSharedPostgres
@ActiveProfiles("flow")
@Import(ApiErrorsTest.Failures.class)
@ExtendWith(OutputCaptureExtension.class)
class ApiErrorsTest {

    private static final String TOKEN = "Bearer test-agent-token";
    private static final String SECRET = "the database password is hunter2";
    private static final Pattern CORRELATION_ID = Pattern.compile("correlation id ([0-9a-f-]{36})");

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @Value("${local.server.port}")
    private int port;

    @Test
    void malformedJsonIsAnInvalidRequestNamingWhereItBreaks() throws Exception {
        JsonNode body = expect(400, "invalid_request", reply("application/json", body("{\"type\": \"text\", \"text\": ")));
        assertThat(body.path("message").asString()).isEqualTo("the request body is missing or is not valid JSON");
        assertThat(body.path("details").get(0).path("field").asString()).isEqualTo("body");
        assertThat(body.path("details").get(0).path("problem").asString()).contains("line 1");

        JsonNode missing = expect(400, "invalid_request", reply("application/json", HttpRequest.BodyPublishers.noBody()));
        assertThat(missing.path("details").get(0).path("field").asString()).isEqualTo("body");
    }

    @Test
    void aParameterOfTheWrongTypeIsAnInvalidRequestNamingTheParameter() throws Exception {
        JsonNode path = expect(400, "invalid_request", request("/api/tickets/twelve").GET());
        assertThat(path.path("details").get(0).path("field").asString()).isEqualTo("id");
        assertThat(path.path("details").get(0).path("problem").asString()).isEqualTo("not a valid integer");

        JsonNode query = expect(400, "invalid_request", request("/api/tickets?page=first").GET());
        assertThat(query.path("details").get(0).path("field").asString()).isEqualTo("page");
    }

    @Test
    void aMultipartRequestThatCannotBeReadIsAnInvalidRequest() throws Exception {
        expect(400, "invalid_request", reply("multipart/form-data", body("no boundary, no parts")));
    }

    @Test
    void noSuchRouteIsNotFound() throws Exception {
        JsonNode body = expect(404, "not_found", request("/api/no-such-thing").GET());
        assertThat(body.path("message").asString()).isEqualTo("no route GET /api/no-such-thing");
        expect(404, "not_found", request("/no-such-page").header("Accept", "text/html").GET());
    }

    @Test
    void aControllersOwnRefusalComesFirst() throws Exception {
        JsonNode body = expect(404, "not_found", request("/api/tickets/999999999").GET());
        assertThat(body.path("message").asString()).isEqualTo("no ticket 999999999");
    }

    @Test
    void aMethodTheRouteDoesNotTakeIsNotAllowed() throws Exception {
        HttpResponse<String> response = send(request("/api/tickets/1").DELETE());
        expect(405, "method_not_allowed", response);
        assertThat(response.headers().firstValue("Allow")).hasValueSatisfying(allow -> assertThat(allow).contains("GET"));
    }

    @Test
    void aRequestThatAcceptsNoJsonIsNotAcceptableAndStillGetsJson() throws Exception {
        expect(406, "not_acceptable", request("/api/tickets").header("Accept", "application/xml").GET());
    }

    @Test
    void aBodyOfAnotherMediaTypeIsUnsupported() throws Exception {
        expect(415, "unsupported_media_type", reply("text/plain", body("Hello")));
    }

    @Test
    void anUploadBeyondTheLimitIsTooLarge() throws Exception {
        String boundary = "sb-boundary";
        String multipart = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\n" + "x".repeat(2048) + "\r\n--" + boundary + "--\r\n";
        expect(413, "content_too_large", reply("multipart/form-data; boundary=" + boundary, body(multipart)));
    }

    @Test
    void anUnexpectedErrorIsLoggedWithACorrelationIdAndAnsweredWithoutItsDetails(CapturedOutput output)
            throws Exception {
        JsonNode body = expect(500, "internal_error", request("/api/test-only/failure").GET());
        String correlationId = correlationId(body);
        assertThat(body.toString()).doesNotContain(SECRET).doesNotContain("IllegalStateException")
                .doesNotContain("at dev.switchboard");
        assertThat(output).contains("unexpected error " + correlationId + " answering GET /api/test-only/failure")
                .contains("java.lang.IllegalStateException: " + SECRET);
    }

    @Test
    void whatFailsBeforeSpringMvcHasTheSameShape(CapturedOutput output) throws Exception {
        JsonNode failed = expect(500, "internal_error", request("/test-only/filter/failure").GET());
        String correlationId = correlationId(failed);
        assertThat(failed.toString()).doesNotContain(SECRET);
        assertThat(output).contains("unexpected error " + correlationId).contains(SECRET);

        JsonNode refused = expect(403, "forbidden", request("/test-only/filter/refusal").GET());
        assertThat(refused.path("message").asString()).isEqualTo("Forbidden");
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private JsonNode expect(int status, String error, HttpRequest.Builder request) throws IOException, InterruptedException {
        return expect(status, error, send(request));
    }

    private JsonNode expect(int status, String error, HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = json.readTree(response.body());
        assertThat(body.path("error").asString()).isEqualTo(error);
        assertThat(body.path("message").asString()).isNotBlank();
        assertThat(body.propertyNames()).isSubsetOf("error", "message", "details");
        return body;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Authorization", TOKEN);
    }

    /** A reply to ticket 1 (which need not exist: these requests fail before the ticket is looked up). */
    private HttpRequest.Builder reply(String contentType, HttpRequest.BodyPublisher body) {
        return request("/api/tickets/1/articles").header("Content-Type", contentType).POST(body);
    }

    private static HttpRequest.BodyPublisher body(String text) {
        return HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8);
    }

    private static String correlationId(JsonNode body) {
        Matcher id = CORRELATION_ID.matcher(body.path("message").asString());
        assertThat(id.find()).as(body.toString()).isTrue();
        return id.group(1);
    }

    /** A route that fails unexpectedly, and a servlet filter that fails or refuses before Spring MVC. */
    @TestConfiguration
    static class Failures {

        @Bean
        FailingController failingController() {
            return new FailingController();
        }

        @Bean
        FilterRegistrationBean<Filter> failingFilter() {
            FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>((request, response, chain) -> {
                if (((jakarta.servlet.http.HttpServletRequest) request).getRequestURI().endsWith("/refusal")) {
                    ((HttpServletResponse) response).sendError(HttpServletResponse.SC_FORBIDDEN);
                    return;
                }
                throw new IllegalStateException(SECRET);
            });
            registration.addUrlPatterns("/test-only/filter/*");
            return registration;
        }
    }

    @RestController
    static class FailingController {

        @GetMapping("/api/test-only/failure")
        String fail() {
            throw new IllegalStateException(SECRET);
        }
    }
}
