package dev.switchboard.outbound.flow;

import java.time.Instant;
import java.util.UUID;

import dev.switchboard.events.Customer;
import dev.switchboard.events.OutboundKind;
import dev.switchboard.events.OutboundRequest;
import dev.switchboard.events.OutboundText;
import dev.switchboard.events.OutboundType;

/** The requests and customers of the flow tests: a new customer per request, so that no two tests meet. */
final class FlowRequests {

    private FlowRequests() {
    }

    /** A wa_id nobody else uses. */
    static String customer() {
        return "49" + (1_000_000_000L + Math.floorMod(UUID.randomUUID().getMostSignificantBits(), 8_999_999_999L));
    }

    /** An agent's reply to {@code waId} on the channel, of no type yet. */
    static OutboundRequest.Builder base(String channelId, String waId, Instant requestedAt) {
        return OutboundRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString())
                .setKind(OutboundKind.AGENT_REPLY)
                .setChannelId(channelId)
                .setRecipient(Customer.newBuilder().setWaId(waId).build())
                .setRequestedAt(requestedAt)
                .setTicketId("T1")
                .setArticleId("A1");
    }

    static OutboundRequest.Builder text(String channelId, String waId, String body, Instant requestedAt) {
        return base(channelId, waId, requestedAt).setType(OutboundType.TEXT)
                .setText(OutboundText.newBuilder().setBody(body).build());
    }
}
