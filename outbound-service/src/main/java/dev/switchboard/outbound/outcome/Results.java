package dev.switchboard.outbound.outcome;

import java.time.Instant;
import java.util.UUID;

import dev.switchboard.events.FailureKind;
import dev.switchboard.events.OutboundOutcome;
import dev.switchboard.events.OutboundRequest;
import dev.switchboard.events.OutboundResult;
import dev.switchboard.events.ProviderError;

/** The one result every request ends with. */
public final class Results {

    private Results() {
    }

    public static OutboundResult accepted(OutboundRequest request, String messageId, String providerStatus, int attempts,
                                   Instant now) {
        return base(request, attempts, now).setOutcome(OutboundOutcome.ACCEPTED).setMessageId(messageId)
                .setProviderStatus(providerStatus).build();
    }

    public static OutboundResult failed(OutboundRequest request, FailureKind kind, ProviderError error, int attempts,
                                 Instant now) {
        return base(request, attempts, now).setOutcome(OutboundOutcome.FAILED).setFailureKind(kind).setError(error)
                .build();
    }

    public static ProviderError error(int code, String title, String message) {
        return ProviderError.newBuilder().setCode(code).setTitle(title).setMessage(message).build();
    }

    /** Its notAfter passed before it could be sent. */
    public static OutboundResult expired(OutboundRequest request, int attempts, Instant now) {
        return failed(request, FailureKind.EXPIRED, error(0, "expired", "notAfter " + request.getNotAfter()
                + " passed before it could be sent"), attempts, now);
    }

    /** The tier has no room for a new recipient before {@code until}, which is too late for it. */
    public static OutboundResult quotaExhausted(OutboundRequest request, String tier, Instant until, int attempts,
                                                Instant now) {
        return failed(request, FailureKind.QUOTA_EXHAUSTED, error(0, "quota_exhausted", "tier " + tier
                + " has no room for a new recipient before " + until), attempts, now);
    }

    private static OutboundResult.Builder base(OutboundRequest request, int attempts, Instant now) {
        return OutboundResult.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setRequestId(request.getRequestId())
                .setKind(request.getKind())
                .setChannelId(request.getChannelId())
                .setRecipient(request.getRecipient())
                .setAttempts(attempts)
                .setRequestedAt(request.getRequestedAt())
                .setCompletedAt(now)
                .setTicketId(request.getTicketId())
                .setArticleId(request.getArticleId());
    }
}
