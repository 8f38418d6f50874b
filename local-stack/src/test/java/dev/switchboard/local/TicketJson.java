package dev.switchboard.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import tools.jackson.databind.JsonNode;

/** Reading the agent API's tickets, for the end-to-end tests. */
final class TicketJson {

    private TicketJson() {
    }

    static Optional<JsonNode> firstTicket(StackClient client, String channelId, String customer) {
        JsonNode items = client.tickets(channelId, customer).body().path("items");
        return items.isEmpty() ? Optional.empty() : Optional.of(items.get(0));
    }

    static List<JsonNode> inbound(JsonNode ticket) {
        return articles(ticket, "inbound");
    }

    static List<JsonNode> outbound(JsonNode ticket) {
        return articles(ticket, "outbound");
    }

    static List<JsonNode> articles(JsonNode ticket, String direction) {
        List<JsonNode> found = new ArrayList<>();
        ticket.path("articles").forEach(a -> {
            if (a.path("direction").asString().equals(direction)) {
                found.add(a);
            }
        });
        return found;
    }

    static JsonNode article(JsonNode ticket, String articleId) {
        for (JsonNode a : ticket.path("articles")) {
            if (a.path("id").asString().equals(articleId)) {
                return a;
            }
        }
        throw new AssertionError("no article " + articleId + " in " + ticket);
    }
}
