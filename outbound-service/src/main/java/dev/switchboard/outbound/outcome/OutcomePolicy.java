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
 *
 * <p>131057 (the account in maintenance, e.g. a throughput upgrade of up to a minute) is waited out instead: the
 * request goes again after {@code maintenancePause} without the attempt counting, for at most {@code maintenanceMaxWait}
 * since its first 131057, then fails as retries_exhausted. 131049 (Meta's per-user marketing limit) and 131050 (the
 * user stopped marketing messages) end the request at once as marketing_limited / marketing_opted_out: a retry within
 * hours cannot help, so the later retry is the requester's (a new request with {@code notBefore}).
 */
public final class OutcomePolicy {

    private final int maxAttempts;
    private final Backoff backoff;
    private final Duration maintenancePause;
    private final Duration maintenanceMaxWait;

    /** Without maintenance settings: 131057 waits 1 min, for at most 5 min (the service's defaults). */
    public OutcomePolicy(int maxAttempts, Backoff backoff) {
        this(maxAttempts, backoff, Duration.ofMinutes(1), Duration.ofMinutes(5));
    }

    public OutcomePolicy(int maxAttempts, Backoff backoff, Duration maintenancePause, Duration maintenanceMaxWait) {
        this.maxAttempts = maxAttempts;
        this.backoff = backoff;
        this.maintenancePause = maintenancePause;
        this.maintenanceMaxWait = maintenanceMaxWait;
    }

    /** What becomes of the request. */
    public sealed interface Next permits Finish, RetryLater, MaintenanceWait {
    }

    /**
     * Queued again without counting the attempt: the number is in maintenance until {@code notBefore}; {@code since}
     * is the request's first 131057 (its maintenance wait is measured from it).
     */
    public record MaintenanceWait(Instant notBefore, Instant since, String lastError) implements Next {
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
        return judge(request, attempt, null, answer, now);
    }

    /**
     * @param attempt          this attempt's number, 1 for the first (sends answered 131057 do not count)
     * @param maintenanceSince the request's first 131057, or null if it had none
     */
    public Judgement judge(OutboundRequest request, int attempt, Instant maintenanceSince, SendOutcome answer,
                           Instant now) {
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
            case RETRY_MAINTENANCE -> {
                Instant since = maintenanceSince == null ? now : maintenanceSince;
                Instant notBefore = now.plus(maintenancePause);
                if (request.getRetryOnRateLimit() && !notBefore.isAfter(since.plus(maintenanceMaxWait))) {
                    yield new MaintenanceWait(notBefore, since, describe(error));
                }
                yield failed(request, request.getRetryOnRateLimit() ? FailureKind.RETRIES_EXHAUSTED
                        : FailureKind.PROVIDER_REJECTED, error, attempt, now);
            }
            case MARKETING_LIMIT -> failed(request, FailureKind.MARKETING_LIMITED, error, attempt, now);
            case MARKETING_OPT_OUT -> failed(request, FailureKind.MARKETING_OPTED_OUT, error, attempt, now);
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
