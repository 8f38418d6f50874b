package dev.switchboard.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import tools.jackson.databind.JsonNode;

/**
 * What the agent console does over HTTP, as a browser would: the login page (which sets the CSRF cookie), the login
 * form, then the JSON API with the session cookie and the {@code X-XSRF-TOKEN} header, and the live event stream.
 */
final class ConsoleSession implements AutoCloseable {

    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final List<String> liveEvents = new CopyOnWriteArrayList<>();
    private volatile java.io.InputStream liveStream;

    ConsoleSession(String ticketServiceUrl) {
        this.base = ticketServiceUrl;
    }

    /** @return where the login form redirected to */
    String logIn(String login, String password) {
        HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(base + "/console/login")).GET());
        if (page.statusCode() != 200) {
            throw new IllegalStateException("the login page answered " + page.statusCode());
        }
        String form = "username=" + encode(login) + "&password=" + encode(password) + "&_csrf=" + encode(csrfToken());
        HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        return answer.headers().firstValue("Location").orElse("(no redirect: " + answer.statusCode() + ")");
    }

    StackClient.Answer get(String path) {
        return answer(send(HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "application/json").GET()));
    }

    StackClient.Answer post(String path, String json, boolean withCsrf) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (withCsrf) {
            request.header("X-XSRF-TOKEN", csrfToken());
        }
        return answer(send(request));
    }

    /** Opens {@code /api/events} and keeps every {@code data:} line it receives. */
    void listen() {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/events"))
                .header("Accept", "text/event-stream").GET().build();
        Thread reader = new Thread(() -> {
            try {
                HttpResponse<java.io.InputStream> stream = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
                liveStream = stream.body();
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = lines.readLine()) != null) {
                        if (line.startsWith("data:")) {
                            liveEvents.add(line.substring(5).trim());
                        }
                    }
                }
            } catch (IOException e) {
                // closed by close()
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "console-live-events");
        reader.setDaemon(true);
        reader.start();
    }

    List<String> liveEvents() {
        return liveEvents;
    }

    private String csrfToken() {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN"))
                .map(HttpCookie::getValue).findFirst()
                .orElseThrow(() -> new IllegalStateException("no XSRF-TOKEN cookie: the login page did not set one"));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static StackClient.Answer answer(HttpResponse<String> response) {
        String body = response.body();
        JsonNode json = body == null || body.isBlank() || !body.trim().startsWith("{") && !body.trim().startsWith("[")
                ? StackClient.JSON.nullNode() : StackClient.JSON.readTree(body);
        return new StackClient.Answer(response.statusCode(), json);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        java.io.InputStream stream = liveStream;
        if (stream != null) {
            try {
                stream.close();
            } catch (IOException e) {
                // the stream is gone either way
            }
        }
    }
}
