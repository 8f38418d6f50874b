package dev.switchboard.media.clients;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import dev.switchboard.media.outcome.RetryPolicy;

/**
 * {@code switchboard.media.fetch.*}: how many files are fetched at once, how long a fetch may take, and how
 * transient failures are retried. Every problem is reported at start, naming its property.
 *
 * @param concurrency     files fetched at once per replica (each on a thread of its own)
 * @param pollingInterval the longest an idle fetch thread waits before it looks for due jobs again (a new message
 *                        wakes it at once)
 * @param requestTimeout  the longest wait for an answer's headers (Graph's metadata, the download's start)
 * @param connectTimeout  the longest wait for a connection
 * @param downloadTimeout the longest one download into the store may take; then it is cut off and retried
 * @param initialBackoff  the first wait after a transient failure, doubled each time (±50 % jitter) ...
 * @param maxBackoff      ... up to this
 * @param maxAttempts     attempts before a transient failure becomes RETRIES_EXHAUSTED
 * @param maxAge          no attempt starts later than this after the message was recorded
 * @param stopTimeout     on shutdown, how long the fetch threads may take to finish their files; the jobs still being
 *                        fetched then are released for another replica
 */
@ConfigurationProperties("switchboard.media.fetch")
public record FetchSettings(@DefaultValue("8") int concurrency, @DefaultValue("1s") Duration pollingInterval,
                            @DefaultValue("10s") Duration requestTimeout, @DefaultValue("5s") Duration connectTimeout,
                            @DefaultValue("5m") Duration downloadTimeout, @DefaultValue("2s") Duration initialBackoff,
                            @DefaultValue("2m") Duration maxBackoff, @DefaultValue("10") int maxAttempts,
                            @DefaultValue("30m") Duration maxAge, @DefaultValue("20s") Duration stopTimeout) {

    private static final String AT = "switchboard.media.fetch.";

    public FetchSettings {
        List<String> problems = new ArrayList<>();
        if (concurrency < 1 || concurrency > 256) {
            problems.add(AT + "concurrency (SWITCHBOARD_MEDIA_FETCH_CONCURRENCY) must be between 1 and 256, not "
                    + concurrency);
        }
        positive(problems, "polling-interval", pollingInterval);
        positive(problems, "request-timeout", requestTimeout);
        positive(problems, "connect-timeout", connectTimeout);
        positive(problems, "download-timeout", downloadTimeout);
        positive(problems, "initial-backoff", initialBackoff);
        positive(problems, "max-backoff", maxBackoff);
        positive(problems, "max-age", maxAge);
        positive(problems, "stop-timeout", stopTimeout);
        if (initialBackoff != null && maxBackoff != null && initialBackoff.compareTo(maxBackoff) > 0) {
            problems.add(AT + "initial-backoff (" + initialBackoff + ") must not exceed max-backoff (" + maxBackoff + ")");
        }
        if (maxAttempts < 1 || maxAttempts > 100) {
            problems.add(AT + "max-attempts must be between 1 and 100, not " + maxAttempts);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid media fetch settings:\n  - " + String.join("\n  - ", problems));
        }
    }

    private static void positive(List<String> problems, String name, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            problems.add(AT + name + " must be a positive duration (e.g. 2s, 5m), not " + value);
        }
    }

    /**
     * How long a claimed job is left to the replica that claimed it: longer than any fetch may take (the metadata
     * call, up to five redirects, the download), so that nobody else takes it meanwhile; a replica that dies
     * mid-fetch leaves it due again when this passes.
     */
    public Duration lease() {
        return downloadTimeout.plus(requestTimeout.multipliedBy(8)).plusMinutes(1);
    }

    public RetryPolicy retryPolicy() {
        return new RetryPolicy(initialBackoff, maxBackoff, maxAttempts, maxAge);
    }
}
