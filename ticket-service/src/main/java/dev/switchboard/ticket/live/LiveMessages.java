package dev.switchboard.ticket.live;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.switchboard.events.ArticleSummary;
import dev.switchboard.events.Customer;
import dev.switchboard.events.TicketEvent;
import dev.switchboard.events.WindowEvent;
import dev.switchboard.ticket.store.Wire;
import tools.jackson.databind.json.JsonMapper;

/** The events of {@code tickets.events.v1} and {@code whatsapp.window.events.v1} as the console receives them. */
final class LiveMessages {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private LiveMessages() {
    }

    /** {@code event: ticket}: what happened and to what, in the agent API's spelling (ids as numbers, lower case). */
    static LiveMessage ticket(TicketEvent event) {
        ArticleSummary article = event.getArticle();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("type", event.getType().name());
        data.put("ticketId", Long.parseLong(event.getTicketId()));
        data.put("channelId", event.getChannelId());
        data.put("group", event.getGroup());
        data.put("state", Wire.of(event.getState()));
        data.put("articleId", article == null ? null : Long.parseLong(article.getArticleId()));
        data.put("direction", article == null ? null : Wire.of(article.getDirection()));
        data.put("status", article == null ? null : Wire.of(article.getStatus()));
        data.put("agent", event.getAgent());
        data.put("assignee", event.getAssignee());
        data.put("occurredAt", event.getOccurredAt().toString());
        return new LiveMessage("ticket", event.getEventId(), JSON.writeValueAsString(data), event.getGroup(),
                event.getOccurredAt());
    }

    /**
     * {@code event: window}: a window timer of the ticket {@code ticketId} (the event's own, or the customer's
     * ticket when the event names none), shown to those who may see {@code group}.
     */
    static LiveMessage window(WindowEvent event, long ticketId, String group) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("type", event.getType().name());
        data.put("channelId", event.getChannelId());
        data.put("ticketId", ticketId);
        data.put("customer", customer(event.getCustomer()));
        data.put("dueAt", event.getDueAt().toString());
        return new LiveMessage("window", event.getEventId(), JSON.writeValueAsString(data), group,
                event.getFiredAt());
    }

    private static String customer(Customer customer) {
        return customer.getWaId() != null ? customer.getWaId() : customer.getUserId();
    }
}
