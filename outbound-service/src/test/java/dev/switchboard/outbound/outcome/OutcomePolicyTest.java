package dev.switchboard.outbound.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.switchboard.events.Customer;
import dev.switchboard.events.FailureKind;
import dev.switchboard.events.OutboundKind;
import dev.switchboard.events.OutboundOutcome;
import dev.switchboard.events.OutboundRequest;
import dev.switchboard.events.OutboundText;
import dev.switchboard.events.OutboundType;
import dev.switchboard.events.ProviderError;
import dev.switchboard.outbound.sending.ErrorClassifier.Verdict;
import dev.switchboard.outbound.sending.SendOutcome;

/** What an answer comes to, without a database, a broker or Spring. */
class OutcomePolicyTest {

    private static final Instant NOW = Instant.parse("2026-12-06T03:00:00Z");
    /** Backoffs of exactly 1 s, 4 s (the recipient's, × 4), at most 1 min. */
    private final OutcomePolicy policy = new OutcomePolicy(3,
            new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(4), Duration.ofMinutes(1)));

    private static OutboundRequest request(boolean retryOnRateLimit) {
        return OutboundRequest.newBuilder().setRequestId("r1").setKind(OutboundKind.AGENT_REPLY).setChannelId("shop")
                .setRecipient(Customer.newBuilder().setWaId("4915112345678").build()).setRequestedAt(NOW)
                .setType(OutboundType.TEXT).setText(OutboundText.newBuilder().setBody("hi").build())
                .setRetryOnRateLimit(retryOnRateLimit).build();
    }

    private static SendOutcome.Rejected rejected(int code, Duration retryAfter) {
        return new SendOutcome.Rejected(400, ProviderError.newBuilder().setCode(code).setTitle("t").setMessage("m").build(),
                retryAfter);
    }

    @Test
    void anAcceptedSendIsDoneWithItsMessageId() {
        OutcomePolicy.Judgement judgement = policy.judge(request(true), 2,
                new SendOutcome.Accepted("wamid.1", "accepted"), NOW);

        assertThat(judgement.verdict()).isEqualTo(Verdict.ACCEPTED);
        assertThat(judgement.error()).isNull();
        OutcomePolicy.Finish finish = (OutcomePolicy.Finish) judgement.next();
        assertThat(finish.reachedCustomer()).isTrue();
        assertThat(finish.result().getOutcome()).isEqualTo(OutboundOutcome.ACCEPTED);
        assertThat(finish.result().getMessageId()).isEqualTo("wamid.1");
        assertThat(finish.result().getAttempts()).isEqualTo(2);
        assertThat(finish.result().getCompletedAt()).isEqualTo(NOW);
    }

    @Test
    void aThroughputErrorIsRetriedAfterItsRetryAfterUntilTheLastAttempt() {
        OutcomePolicy.Judgement first = policy.judge(request(true), 1, rejected(130429, Duration.ofSeconds(7)), NOW);

        assertThat(first.verdict()).isEqualTo(Verdict.RETRY_THROUGHPUT);
        assertThat(first.next()).isEqualTo(new OutcomePolicy.RetryLater(1, NOW.plusSeconds(7), "130429 t: m"));

        OutcomePolicy.Finish last = (OutcomePolicy.Finish) policy.judge(request(true), 3,
                rejected(130429, null), NOW).next();
        assertThat(last.reachedCustomer()).isFalse();
        assertThat(last.result().getFailureKind()).isEqualTo(FailureKind.RETRIES_EXHAUSTED);
        assertThat(last.result().getError().getCode()).isEqualTo(130429);
    }

    @Test
    void aPairRateLimitWaitsForTheRecipientsBackoff() {
        OutcomePolicy.RetryLater retry = (OutcomePolicy.RetryLater) policy.judge(request(true), 1,
                rejected(131056, null), NOW).next();

        // 4 s with a jitter of 0.2
        assertThat(Duration.between(NOW, retry.notBefore())).isBetween(Duration.ofMillis(3200), Duration.ofMillis(4800));
    }

    @Test
    void aRequestThatMayNotBeRetriedFailsAtTheFirstRateLimit() {
        OutcomePolicy.Finish finish = (OutcomePolicy.Finish) policy.judge(request(false), 1,
                new SendOutcome.Unreachable("timeout", null), NOW).next();

        assertThat(finish.result().getFailureKind()).isEqualTo(FailureKind.PROVIDER_REJECTED);
        assertThat(finish.result().getError().getTitle()).isEqualTo("unreachable");
    }

    @Test
    void tokenErrorsLocalRefusalsAndPermanentErrorsFailAtOnce() {
        assertThat(((OutcomePolicy.Finish) policy.judge(request(true), 1, rejected(190, null), NOW).next())
                .result().getFailureKind()).isEqualTo(FailureKind.CHANNEL_UNAVAILABLE);
        assertThat(((OutcomePolicy.Finish) policy.judge(request(true), 1,
                SendOutcome.Rejected.notSendable("unsupported", "no reactions on Twilio"), NOW).next())
                .result().getFailureKind()).isEqualTo(FailureKind.INVALID_REQUEST);
        OutcomePolicy.Judgement closedWindow = policy.judge(request(true), 1, rejected(131047, null), NOW);
        assertThat(closedWindow.verdict()).isEqualTo(Verdict.PERMANENT);
        assertThat(((OutcomePolicy.Finish) closedWindow.next()).result().getFailureKind())
                .isEqualTo(FailureKind.PROVIDER_REJECTED);
    }

    @Test
    void theMarketingLimitFailsAtOnceAsMarketingLimitedForALaterRetryByTheRequester() {
        for (int code : new int[] {131049, 63049}) {
            OutcomePolicy.Judgement judgement = policy.judge(request(true), 1, rejected(code, null), NOW);

            assertThat(judgement.verdict()).isEqualTo(Verdict.MARKETING_LIMIT);
            OutcomePolicy.Finish finish = (OutcomePolicy.Finish) judgement.next();
            assertThat(finish.reachedCustomer()).isFalse();
            assertThat(finish.result().getOutcome()).isEqualTo(OutboundOutcome.FAILED);
            assertThat(finish.result().getFailureKind()).isEqualTo(FailureKind.MARKETING_LIMITED);
            assertThat(finish.result().getError().getCode()).isEqualTo(code);
            assertThat(finish.result().getAttempts()).isEqualTo(1);
        }
    }

    @Test
    void aUserWhoStoppedMarketingMessagesFailsAtOnceAsMarketingOptedOut() {
        OutcomePolicy.Judgement judgement = policy.judge(request(true), 1, rejected(131050, null), NOW);

        assertThat(judgement.verdict()).isEqualTo(Verdict.MARKETING_OPT_OUT);
        assertThat(((OutcomePolicy.Finish) judgement.next()).result().getFailureKind())
                .isEqualTo(FailureKind.MARKETING_OPTED_OUT);
    }

    @Test
    void maintenanceIsWaitedOutWithoutCountingAttemptsUntilTheMaintenanceWaitIsOver() {
        // 3 attempts at most, a pause of 1 min, at most 5 min of 131057s per request
        OutcomePolicy.Judgement first = policy.judge(request(true), 1, null, rejected(131057, null), NOW);
        assertThat(first.verdict()).isEqualTo(Verdict.RETRY_MAINTENANCE);
        assertThat(first.next()).isEqualTo(new OutcomePolicy.MaintenanceWait(NOW.plusSeconds(60), NOW, "131057 t: m"));

        // The third attempt (the last one allowed) answered 131057 still waits: 131057s count no attempt.
        Instant fourMinutesOn = NOW.plus(Duration.ofMinutes(4));
        assertThat(policy.judge(request(true), 3, NOW, rejected(131057, null), fourMinutesOn).next())
                .isEqualTo(new OutcomePolicy.MaintenanceWait(fourMinutesOn.plusSeconds(60), NOW, "131057 t: m"));

        // Past the maintenance wait, it has waited long enough.
        OutcomePolicy.Finish last = (OutcomePolicy.Finish) policy.judge(request(true), 1, NOW,
                rejected(131057, null), NOW.plus(Duration.ofMinutes(4)).plusSeconds(1)).next();
        assertThat(last.result().getFailureKind()).isEqualTo(FailureKind.RETRIES_EXHAUSTED);
        assertThat(last.result().getError().getCode()).isEqualTo(131057);

        // A request that may not be retried fails at the first.
        assertThat(((OutcomePolicy.Finish) policy.judge(request(false), 1, null, rejected(131057, null), NOW).next())
                .result().getFailureKind()).isEqualTo(FailureKind.PROVIDER_REJECTED);
    }

    @Test
    void requestsThatCannotGoEndWithTheirReason() {
        OutboundRequest request = request(true);

        assertThat(Results.expired(request, 2, NOW).getFailureKind()).isEqualTo(FailureKind.EXPIRED);
        assertThat(Results.quotaExhausted(request, "250", NOW.plusSeconds(60), 0, NOW).getError().getMessage())
                .isEqualTo("tier 250 has no room for a new recipient before " + NOW.plusSeconds(60));
    }
}
