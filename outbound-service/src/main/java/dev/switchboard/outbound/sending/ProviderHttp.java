package dev.switchboard.outbound.sending;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What both clients share: one exchange that never fails, Retry-After, failure reasons, lenient JSON. */
final class ProviderHttp {

    private static final JsonMapper JSON = JsonMapper.shared();
    /**
     * Where answers are read, and recorded by whoever waits for them (the dispatcher writes to the database there):
     * threads reused, as many as answers come back at once. Not the common pool, on which the HttpClient completes
     * its futures: blocking work there would hold up every other answer.
     */
    private static final Executor ANSWERS = Executors.newCachedThreadPool(new ThreadFactory() {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "provider-answer-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    });
    private static final int SNIPPET = 300;

    private ProviderHttp() {
    }

    /**
     * Sends and turns the answer into an outcome with {@code parse(response, retryAfter)}; any failure on the way
     * becomes a {@link SendOutcome.Unreachable}. The returned future never completes exceptionally.
     */
    static CompletableFuture<SendOutcome> exchange(HttpClient http, HttpRequest request, Duration timeout, Clock clock,
                                                   BiFunction<HttpResponse<String>, Duration, SendOutcome> parse) {
        return exchange(http, request, timeout, clock, parse, unreachable -> unreachable);
    }

    /**
     * As {@link #exchange(HttpClient, HttpRequest, Duration, Clock, BiFunction)} for answers that are not sends (a
     * media upload): {@code unreachable} turns a failure on the way into the caller's type.
     */
    static <T> CompletableFuture<T> exchange(HttpClient http, HttpRequest request, Duration timeout, Clock clock,
                                             BiFunction<HttpResponse<String>, Duration, T> parse,
                                             Function<SendOutcome.Unreachable, T> unreachable) {
        CompletableFuture<HttpResponse<String>> answer;
        try {
            answer = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(unreachable.apply(failure(e, timeout)));
        }
        return answer.handleAsync((response, error) -> {
            if (error != null) {
                return unreachable.apply(failure(error, timeout));
            }
            Duration retryAfter = retryAfter(response.headers().firstValue("Retry-After").orElse(null), clock.instant());
            try {
                return parse.apply(response, retryAfter);
            } catch (RuntimeException e) {
                // The parsers don't throw; this is the last resort so that the future never fails.
                return unreachable.apply(new SendOutcome.Unreachable("could not read the answer (HTTP "
                        + response.statusCode() + "): " + e, response.statusCode(), retryAfter));
            }
        }, ANSWERS);
    }

    /**
     * Why a request got no answer. A failure to connect means nothing was sent; a timeout or an I/O error after
     * connecting leaves open whether the provider received (and will deliver) the message.
     */
    static SendOutcome.Unreachable failure(Throwable error, Duration timeout) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String reason;
        if (cause instanceof HttpConnectTimeoutException) {
            reason = "could not connect in time, not sent: " + cause.getMessage();
        } else if (cause instanceof HttpTimeoutException) {
            reason = "no answer within " + timeout + "; the provider may have received the message";
        } else if (cause instanceof ConnectException) {
            reason = "could not connect, not sent: " + describe(cause);
        } else if (cause instanceof IOException) {
            reason = "connection failed; the provider may have received the message: " + describe(cause);
        } else {
            reason = "send failed: " + describe(cause);
        }
        return new SendOutcome.Unreachable(reason, null);
    }

    private static String describe(Throwable error) {
        String message = error.getMessage();
        if (message == null && error.getCause() != null) {
            message = error.getCause().toString();
        }
        return error.getClass().getSimpleName() + (message == null ? "" : " " + message);
    }

    /**
     * A {@code Retry-After} value (RFC 9110: delay-seconds or an HTTP-date) as a wait from {@code now}; null when
     * absent or unreadable; never negative.
     */
    static Duration retryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.trim();
        if (trimmed.chars().allMatch(Character::isDigit)) {
            try {
                return Duration.ofSeconds(Long.parseLong(trimmed));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        try {
            Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(now, at);
            return wait.isNegative() ? Duration.ZERO : wait;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The body as JSON, or null when it is not JSON (an HTML error page, empty, …). */
    static JsonNode json(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (JacksonException e) {
            return null;
        }
    }

    /** A text field, or null when absent, null or not text. */
    static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isString() ? value.stringValue() : null;
    }

    /** An integer field, or null when absent or not an integer. */
    static Integer integer(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isIntegralNumber() && value.canConvertToInt() ? value.intValue() : null;
    }

    /** The start of a body for a message: one line, at most 300 characters. */
    static String snippet(String body) {
        if (body == null || body.isBlank()) {
            return "(empty body)";
        }
        String line = body.strip().replaceAll("\\s+", " ");
        return line.length() <= SNIPPET ? line : line.substring(0, SNIPPET) + "…";
    }
}
