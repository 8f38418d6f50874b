package dev.switchboard.sandbox.webhook;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;

/**
 * Posts webhooks as Meta does: an answer other than 2xx (or no answer) is retried, with growing pauses, a few
 * times; each retry and each give-up is logged. Never throws: the outcome says what happened.
 */
public final class WebhookSender {

    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);

    private final HttpClient http;
    private final Executor posting;
    private final ScheduledExecutorService scheduler;
    private final Duration timeout;
    private final Retry retry;

    /**
     * @param http      the client (its own executor for its I/O)
     * @param posting   where posts wait for their answer: a bounded pool (HttpClient.sendAsync would hand each answer
     *                  to CompletableFuture's default pool, a new thread per answer on a 2-core machine)
     * @param scheduler where retries wait
     */
    public WebhookSender(HttpClient http, Executor posting, ScheduledExecutorService scheduler, int maxAttempts,
                         Duration firstRetryAfter, Duration timeout) {
        this.http = http;
        this.posting = posting;
        this.scheduler = scheduler;
        this.timeout = timeout;
        this.retry = Retry.of("webhooks", RetryConfig.<Attempt>custom()
                .maxAttempts(maxAttempts)
                .intervalFunction(IntervalFunction.ofExponentialBackoff(firstRetryAfter, 2.0))
                .retryOnResult(attempt -> !attempt.delivered())
                .failAfterMaxAttempts(false)
                .build());
    }

    /**
     * The answer to one post.
     *
     * @param status the HTTP status; 0 when there was none (connection refused, timeout)
     * @param body   the answer's body, or the error when there was none
     */
    public record Attempt(int status, String body) {
        public boolean delivered() {
            return status >= 200 && status < 300;
        }
    }

    /**
     * @param first    the first attempt's answer
     * @param last     the last attempt's answer, after any retries
     * @param attempts how many posts were made
     */
    public record Outcome(Attempt first, Attempt last, int attempts) {
    }

    /**
     * Posts it, retrying until delivered or the attempts are used up.
     *
     * @return completes with the first attempt, as soon as it is answered
     */
    public Sending send(Webhook webhook) {
        AtomicInteger attempts = new AtomicInteger();
        CompletableFuture<Attempt> first = new CompletableFuture<>();
        CompletionStage<Attempt> last = Retry.decorateCompletionStage(retry, scheduler, () -> {
            int number = attempts.incrementAndGet();
            return post(webhook).thenApply(attempt -> {
                first.complete(attempt);
                if (!attempt.delivered()) {
                    log.warn("webhook {} to {}: attempt {} answered {} {}", webhook.description(), webhook.url(),
                            number, attempt.status(), snippet(attempt.body()));
                }
                return attempt;
            });
        }).get();
        CompletableFuture<Outcome> outcome = last.toCompletableFuture().thenApply(attempt -> {
            if (!attempt.delivered()) {
                log.error("webhook {} to {}: given up after {} attempts", webhook.description(), webhook.url(),
                        attempts.get());
            } else {
                log.debug("webhook {} delivered to {} after {} attempt(s)", webhook.description(), webhook.url(),
                        attempts.get());
            }
            return new Outcome(first.join(), attempt, attempts.get());
        });
        return new Sending(first, outcome);
    }

    /** A webhook on its way: its first answer, and its outcome after retries. */
    public record Sending(CompletableFuture<Attempt> first, CompletableFuture<Outcome> outcome) {

        /** The first attempt's answer, waiting at most this long (then an attempt with status 0). */
        public Attempt awaitFirst(Duration timeout) {
            try {
                return first.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Attempt(0, "interrupted");
            } catch (ExecutionException | TimeoutException e) {
                return new Attempt(0, e.toString());
            }
        }
    }

    private CompletableFuture<Attempt> post(Webhook webhook) {
        try {
            return CompletableFuture.supplyAsync(() -> postNow(webhook), posting);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(new Attempt(0, "not posted: the sandbox is stopping"));
        }
    }

    private Attempt postNow(Webhook webhook) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(webhook.url()))
                    .timeout(timeout)
                    .header("Content-Type", webhook.contentType())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(webhook.body()));
            webhook.headers().forEach(request::header);
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Attempt(response.statusCode(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Attempt(0, "interrupted");
        } catch (IOException | RuntimeException e) {
            return new Attempt(0, "no answer from " + webhook.url() + ": " + e);
        }
    }

    private static String snippet(String body) {
        if (body == null) {
            return "";
        }
        String oneLine = body.replaceAll("\\s+", " ").trim();
        return oneLine.length() > 200 ? oneLine.substring(0, 200) + "…" : oneLine;
    }
}
