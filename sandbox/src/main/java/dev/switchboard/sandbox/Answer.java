package dev.switchboard.sandbox;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The sandbox's answer to a provider API call, decided without Spring.
 *
 * @param status      HTTP status
 * @param contentType its media type
 * @param body        the body, as text
 * @param headers     further headers (Retry-After, WWW-Authenticate)
 * @param delay       how long the provider takes to give it (a {@code delayMillis} fault); zero: at once
 */
public record Answer(int status, String contentType, String body, Map<String, String> headers, Duration delay) {

    public Answer(int status, String contentType, String body, Map<String, String> headers) {
        this(status, contentType, body, headers, Duration.ZERO);
    }

    public static Answer json(int status, String body) {
        return new Answer(status, MediaType.APPLICATION_JSON_VALUE, body, Map.of());
    }

    public Answer withHeaders(Map<String, String> more) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.putAll(more);
        return new Answer(status, contentType, body, Map.copyOf(all), delay);
    }

    /** This answer, given only after {@code wait}. */
    public Answer after(Duration wait) {
        return new Answer(status, contentType, body, headers, wait);
    }

    /** A bare error page, as a proxy in front of the API would answer. */
    public static Answer errorPage(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        String reason = known == null ? "Error" : known.getReasonPhrase();
        return new Answer(status, MediaType.TEXT_HTML_VALUE,
                "<html><head><title>" + status + " " + reason + "</title></head><body><h1>" + status + " " + reason
                        + "</h1></body></html>", Map.of());
    }

    public ResponseEntity<String> toResponse() {
        HttpHeaders httpHeaders = new HttpHeaders();
        httpHeaders.set(HttpHeaders.CONTENT_TYPE, contentType);
        headers.forEach(httpHeaders::set);
        return ResponseEntity.status(status).headers(httpHeaders).body(body);
    }
}
