package dev.switchboard.ticket.receipts;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What to do with an outbound message Meta refused for its per-user marketing limit (131049; Twilio 63049): not
 * retry at once (Meta counts fast retries against the business), but send it again after the configured delays, as
 * a new request whose id is derived from the original's ({@code <original>:retry<n>}, so that a replayed or
 * duplicated failure schedules nothing twice), or give up with a reason the agent can read.
 */
public final class MarketingLimitRule {

    /** Meta's per-user marketing limit. */
    public static final int META_CODE = 131049;
    /** Twilio's. */
    public static final int TWILIO_CODE = 63049;

    private static final Pattern RETRY_ID = Pattern.compile("(.+):retry(\\d+)");

    private MarketingLimitRule() {
    }

    public static boolean isMarketingLimit(Integer errorCode) {
        return errorCode != null && (errorCode == META_CODE || errorCode == TWILIO_CODE);
    }

    /** What to do. */
    public sealed interface Decision permits Retry, GiveUp {
    }

    /**
     * @param requestId  the retry's request id
     * @param original   the first request's id (OutboundRequest.retryOf)
     * @param number     1 for the first retry
     * @param of         how many retries there are in all
     * @param notBefore  not to be sent before
     */
    public record Retry(String requestId, String original, int number, int of, Instant notBefore) implements Decision {
    }

    /** @param reason why no retry: the failure's message */
    public record GiveUp(String reason) implements Decision {
    }

    /**
     * @param requestId the request that failed: an original, or a retry {@code <original>:retry<n>}
     * @param failedAt  when it failed (the status's or the result's time): the delay counts from here
     * @param optedOut  the customer stopped marketing messages: no retry
     */
    public static Decision decide(String requestId, Instant failedAt, boolean optedOut, List<Duration> delays) {
        Matcher retry = RETRY_ID.matcher(requestId);
        String original = retry.matches() ? retry.group(1) : requestId;
        int done = retry.matches() ? Integer.parseInt(retry.group(2)) : 0;
        String limit = "Meta's per-user marketing limit (131049)";
        if (optedOut) {
            return new GiveUp(limit + ": not retried, the customer stopped marketing messages");
        }
        if (delays.isEmpty()) {
            return new GiveUp(limit + ": not retried (switchboard.tickets.marketing-limit-retries is empty)");
        }
        if (done >= delays.size()) {
            return new GiveUp(limit + ": gave up after " + delays.stream().map(MarketingLimitRule::hours)
                    .collect(Collectors.joining(", ")));
        }
        int number = done + 1;
        return new Retry(original + ":retry" + number, original, number, delays.size(),
                failedAt.plus(delays.get(done)));
    }

    /** {@code 12 h}, {@code 90 min}, {@code 30 s}. */
    static String hours(Duration delay) {
        if (delay.toSeconds() % 3600 == 0) {
            return delay.toHours() + " h";
        }
        return delay.toSeconds() % 60 == 0 ? delay.toMinutes() + " min" : delay.toSeconds() + " s";
    }
}
