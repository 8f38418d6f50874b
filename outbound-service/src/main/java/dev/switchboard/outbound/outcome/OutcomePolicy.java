package dev.switchboard.outbound.outcome;

import java.time.Duration;
import java.time.Instant;

import dev.switchboard.events.FailureKind;
import dev.switchboard.events.OutboundRequest;
import dev.switchboard.events.OutboundResult;
import dev.switchboard.events.ProviderError;
import dev.switchboard.outbound.sending.ErrorClassifier;
import dev.switchboard.outbound.sending.ErrorClassifier.Verdict;
import dev.switchboard.outbound.sending.SendOutcome;

/**
 * What a provider's answer to one attempt comes to: the request done with its one result, or queued for another
 * attempt after a backoff. Retryable errors are retried up to {@code maxAttempts} (not at all when the request says
 * {@code retryOnRateLimit=false}); everything else ends the request at once.
 */
public final class OutcomePolicy {

    private final int maxAttempts;
    private final Backoff backoff;

    public OutcomePolicy(int maxAttempts, Backoff backoff) {
        this.maxAttempts = maxAttempts;
        this.backoff = backoff;
    }

    /** What becomes of the request. */
    public sealed interface Next permits Finish, RetryLater {
    }

    /**
     * Done with {@code result}. {@code reachedCustomer} false: the send failed, so a tier contact reserved for it is
     * given back.
     */
    public record Finish(OutboundResult result, boolean reachedCustomer) implements Next {
    }

    /** Queued again: {@code attempts} made so far, the next not before {@code notBefore}. */
    public record RetryLater(int attempts, Instant notBefore, String lastError) implements Next {
    }

    /** The answer judged: its verdict and provider error (null if none), and what becomes of the request. */
    public record Judgement(Verdict verdict, ProviderError error, Next next) {
    }

    /** @param attempt this attempt's number, 1 for the first */
    public Judgement judge(OutboundRequest request, int attempt, SendOutcome answer, Instant now) {
        Verdict verdict = ErrorClassifier.classify(answer);
        ProviderError error = answer instanceof SendOutcome.Rejected rejected ? rejected.error()
                : answer instanceof SendOutcome.Unreachable unreachable
                ? Results.error(unreachable.httpStatus() == null ? 0 : unreachable.httpStatus(), "unreachable", unreachable.reason())
                : null;
        Next next = switch (verdict) {
            case ACCEPTED -> {
                SendOutcome.Accepted accepted = (SendOutcome.Accepted) answer;
                yield new Finish(Results.accepted(request, accepted.messageId(), accepted.providerStatus(), attempt, now), true);
            }
            case RETRY_THROUGHPUT, RETRY_TRANSIENT, RETRY_RECIPIENT -> {
                if (request.getRetryOnRateLimit() && attempt < maxAttempts) {
                    Duration wait = verdict == Verdict.RETRY_RECIPIENT ? backoff.recipient(attempt)
                            : backoff.general(attempt, answer.retryAfter());
                    yield new RetryLater(attempt, now.plus(wait), describe(error));
                }
                yield failed(request, request.getRetryOnRateLimit() ? FailureKind.RETRIES_EXHAUSTED
                        : FailureKind.PROVIDER_REJECTED, error, attempt, now);
            }
            case CHANNEL_AUTH -> failed(request, FailureKind.CHANNEL_UNAVAILABLE, error, attempt, now);
            case PERMANENT -> failed(request, answer instanceof SendOutcome.Rejected rejected && rejected.local()
                    ? FailureKind.INVALID_REQUEST : FailureKind.PROVIDER_REJECTED, error, attempt, now);
        };
        return new Judgement(verdict, error, next);
    }

    private static Finish failed(OutboundRequest request, FailureKind kind, ProviderError error, int attempt, Instant now) {
        return new Finish(Results.failed(request, kind, error, attempt, now), false);
    }

    /** A provider error as one line for logs and the queue's last_error. */
    public static String describe(ProviderError error) {
        return error == null ? null : error.getCode() + " " + error.getTitle() + ": " + error.getMessage();
    }
}
