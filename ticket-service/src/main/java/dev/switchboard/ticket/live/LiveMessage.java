package dev.switchboard.ticket.live;

import java.time.Instant;

/**
 * One server-sent event for the console, encoded once for every stream that may show it.
 *
 * @param event      the SSE event name: {@code ticket} or {@code window}
 * @param id         the SSE id (the Kafka event's id)
 * @param data       the JSON data line
 * @param group      the ticket's group: who may see it ({@code Caller.canSee})
 * @param occurredAt when it happened (the delay metric measures from here)
 */
public record LiveMessage(String event, String id, String data, String group, Instant occurredAt) {
}
