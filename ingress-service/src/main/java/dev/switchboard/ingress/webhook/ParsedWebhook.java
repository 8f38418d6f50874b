package dev.switchboard.ingress.webhook;

import java.util.List;

import dev.switchboard.events.InboundMessage;
import dev.switchboard.events.MessageStatus;

/**
 * The typed events of one webhook body, and what did not become one (foreign numbers, webhook-level errors,
 * unparseable parts). Problems are for logs and metrics: the raw body, which holds everything, is on the raw
 * topic regardless.
 */
public record ParsedWebhook(List<InboundMessage> messages, List<MessageStatus> statuses, List<String> problems) {

    public ParsedWebhook {
        messages = List.copyOf(messages);
        statuses = List.copyOf(statuses);
        problems = List.copyOf(problems);
    }
}
