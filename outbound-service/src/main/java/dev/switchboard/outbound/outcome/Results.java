package dev.switchboard.outbound.dispatch;

import java.time.Instant;
import java.util.UUID;

import dev.switchboard.events.FailureKind;
import dev.switchboard.events.OutboundOutcome;
import dev.switchboard.events.OutboundRequest;
import dev.switchboard.events.OutboundResult;
import dev.switchboard.events.ProviderError;

/** The one result every request ends with. */
final class Results {

    private Results() {
    }

    static OutboundResult accepted(OutboundRequest request, String messageId, String providerStatus, int attempts,
                                   Instant now) {
        return base(request, attempts, now).setOutcome(OutboundOutcome.ACCEPTED).setMessageId(messageId)
                .setProviderStatus(providerStatus).build();
    }

    static OutboundResult failed(OutboundRequest request, FailureKind kind, ProviderError error, int attempts,
                                 Instant now) {
        return base(request, attempts, now).setOutcome(OutboundOutcome.FAILED).setFailureKind(kind).setError(error)
                .build();
    }

    static ProviderError error(int code, String title, String message) {
        return ProviderError.newBuilder().setCode(code).setTitle(title).setMessage(message).build();
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
