package dev.switchboard.ticket.access;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What a browser does to ticket-service, cookies and all (no redirects followed), or a client with a bearer token. */
final class Browser {

    static final JsonMapper JSON = JsonMapper.builder().build();

    record Answer(int status, String text, HttpResponse<String> response) {

        JsonNode json() {
            return text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
        }

        Optional<String> header(String name) {
            return response.headers().firstValue(name);
        }
    }

    private final int port;
    private final CookieManager cookies = new CookieManager();
    private final HttpClient http;
    private final String bearer;

    private Browser(int port, String bearer) {
        this.port = port;
        this.bearer = bearer;
        this.http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    static Browser anonymous(int port) {
        return new Browser(port, null);
    }

    static Browser withToken(int port, String token) {
        return new Browser(port, token);
    }

    /** Opens the login page (which sets the XSRF-TOKEN cookie) and signs in; the answer to POST /login. */
    static Answer signIn(Browser browser, String login, String password) {
        browser.get("/console/login");
        Answer answer = browser.form("/login", "username", login, "password", password, "_csrf", browser.xsrf());
        // as a browser does: the page it is sent to sets the new XSRF-TOKEN (signing in replaces the token)
        answer.header("Location").ifPresent(location -> browser.get(URI.create(location).getRawPath()
                + (URI.create(location).getRawQuery() == null ? "" : "?" + URI.create(location).getRawQuery())));
        return answer;
    }

    String xsrf() {
        return cookie("XSRF-TOKEN").orElseThrow(() -> new AssertionError("no XSRF-TOKEN cookie"));
    }

    Optional<String> cookie(String name) {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name))
                .map(HttpCookie::getValue).findFirst();
    }

    Answer get(String path) {
        return send(request(path).GET());
    }

    /** A JSON request; with the X-XSRF-TOKEN header if {@code withXsrf}. */
    Answer json(String method, String path, String body, boolean withXsrf) {
        HttpRequest.Builder request = request(path).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (withXsrf) {
            request.header("X-XSRF-TOKEN", xsrf());
        }
        return send(request);
    }

    Answer json(String method, String path, String body) {
        return json(method, path, body, bearer == null);
    }

    Answer form(String path, String... namesAndValues) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            body.append(body.isEmpty() ? "" : "&").append(namesAndValues[i]).append('=')
                    .append(URLEncoder.encode(namesAndValues[i + 1], StandardCharsets.UTF_8));
        }
        return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return request;
    }
}
