package dev.switchboard.sandbox.webhook;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Meta's verification of a callback URL before it sends webhooks there: {@code GET
 * {url}?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…}; only a 200 whose body is the challenge verifies it
 * (Meta's "Verification Requests" of its Webhooks guide,
 * https://developers.facebook.com/docs/graph-api/webhooks/getting-started#verification-requests).
 */
public final class CallbackVerifier {

    private final HttpClient http;
    private final Duration timeout;

    public CallbackVerifier(HttpClient http, Duration timeout) {
        this.http = http;
        this.timeout = timeout;
    }

    /** @return what went wrong, in the words of Graph's 2200 error; empty when the URL echoed the challenge */
    public Optional<String> verify(String url, String verifyToken) {
        String challenge = Long.toString(ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_999_999_999L));
        String query = "hub.mode=subscribe&hub.verify_token=" + URLEncoder.encode(verifyToken, StandardCharsets.UTF_8)
                + "&hub.challenge=" + challenge;
        URI uri = URI.create(url + (url.contains("?") ? "&" : "?") + query);
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        } catch (IOException | RuntimeException e) {
            return Optional.of("curl_errno = 7; curl_error = Couldn't connect to " + uri.getHost() + " ("
                    + e.getClass().getSimpleName() + "); HTTP Status Code = 0");
        }
        if (response.statusCode() != 200) {
            return Optional.of("HTTP Status Code = " + response.statusCode());
        }
        if (!challenge.equals(response.body())) {
            String body = response.body() == null ? "" : response.body();
            return Optional.of("HTTP Status Code = 200; the response does not match the challenge (expected "
                    + challenge + ", got '" + (body.length() > 100 ? body.substring(0, 100) + "…" : body) + "')");
        }
        return Optional.empty();
    }
}
