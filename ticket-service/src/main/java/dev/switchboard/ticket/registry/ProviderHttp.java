package dev.switchboard.ticket.registry;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON calls to Meta, Twilio and 360dialog for onboarding and health checks. A call that gets no answer (or a 5xx)
 * is {@link ProviderRefused#unreachable}; any other answer is handed back for the caller to judge, since each
 * provider says "no" its own way.
 */
final class ProviderHttp {

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** A provider's answer: its status and its JSON (an empty object when the body is not JSON). */
    record Answer(int status, JsonNode body) {

        boolean ok() {
            return status / 100 == 2;
        }
    }

    private final HttpClient client;
    private final Duration timeout;

    ProviderHttp(Duration timeout) {
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.timeout = timeout;
    }

    static HttpRequest.BodyPublisher json(Object body) {
        return HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
    }

    /**
     * @param provider for the error: meta, twilio, dialog360
     * @param step     for the error: validate_token, list_numbers, …
     */
    Answer call(String provider, String step, String method, String url, HttpRequest.BodyPublisher body,
                String headerName, String headerValue) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : body);
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (headerName != null) {
            request.header(headerName, headerValue);
        }
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw ProviderRefused.unreachable(provider, step, "no answer from " + hostOf(url) + ": " + e,
                    "Check that Switchboard can reach " + hostOf(url) + " (egress, proxy, DNS, the base URL setting)"
                            + " and try again.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ProviderRefused.unreachable(provider, step, "interrupted", "Try again.");
        }
        JsonNode json;
        try {
            json = response.body() == null || response.body().isBlank() ? JSON.createObjectNode()
                    : JSON.readTree(response.body());
        } catch (JacksonException e) {
            json = JSON.createObjectNode();
        }
        if (response.statusCode() >= 500) {
            throw ProviderRefused.unreachable(provider, step, hostOf(url) + " answered " + response.statusCode()
                    + " " + abbreviate(response.body()), "The provider has a problem of its own: try again later.");
        }
        return new Answer(response.statusCode(), json);
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() || value.isMissingNode() ? null : value.asString();
    }

    static Integer integer(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.canConvertToInt() ? value.asInt() : null;
    }

    private static String hostOf(String url) {
        URI uri = URI.create(url);
        return uri.getScheme() + "://" + uri.getAuthority();
    }

    private static String abbreviate(String body) {
        return body == null ? "" : body.length() > 200 ? body.substring(0, 200) + "…" : body;
    }
}
