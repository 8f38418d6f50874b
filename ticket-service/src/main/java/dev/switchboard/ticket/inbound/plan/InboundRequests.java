package dev.switchboard.ticket.inbound.plan;

import java.time.Duration;
import java.time.Instant;

import dev.switchboard.events.InboundMessage;
import dev.switchboard.events.OutboundKind;
import dev.switchboard.events.OutboundRequest;
import dev.switchboard.events.OutboundText;
import dev.switchboard.events.OutboundType;

/** The request ids and outbound requests the inbound rules make. */
final class InboundRequests {

    private InboundRequests() {
    }

    /** One welcome per conversation: the request id is outbound-service's idempotency key and the article's. */
    static String welcomeRequestId(String channelId, String customerId) {
        return "welcome:" + channelId + ":" + customerId;
    }

    /** Echo articles have no request of ours; this id stands in for one (receipts look articles up by it). */
    static String echoRequestId(String channelId, String messageId) {
        return "echo:" + channelId + ":" + messageId;
    }

    static OutboundRequest welcomeRequest(InboundMessage message, String requestId, String text, long ticketId,
                                          long articleId, Instant now, Duration window) {
        return OutboundRequest.newBuilder()
                .setRequestId(requestId)
                .setKind(OutboundKind.WELCOME)
                .setChannelId(message.getChannelId())
                .setRecipient(message.getCustomer())
                .setRequestedAt(now)
                .setNotAfter(message.getSentAt().plus(window))
                .setType(OutboundType.TEXT)
                .setText(OutboundText.newBuilder().setBody(text).build())
                .setTicketId(String.valueOf(ticketId))
                .setArticleId(String.valueOf(articleId))
                // from the number the customer wrote to
                .setBusinessNumberId(message.getBusinessNumberId())
                .build();
    }
}
