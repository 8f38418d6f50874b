package dev.switchboard.ingress.webhook;

import java.util.List;

import dev.switchboard.events.AccountEvent;
import dev.switchboard.events.InboundMessage;
import dev.switchboard.events.MessageStatus;

/**
 * The typed events of one webhook body (messages, statuses, and changes of the business account), and what did not
 * become one (foreign numbers, webhook-level errors,
 * unparseable parts). Problems are for logs and metrics: the raw body, which holds everything, is on the raw
 * topic regardless.
 */
public record ParsedWebhook(List<InboundMessage> messages, List<MessageStatus> statuses,
                            List<AccountEvent> accountEvents, List<String> problems) {

    public ParsedWebhook {
        messages = List.copyOf(messages);
        statuses = List.copyOf(statuses);
        accountEvents = List.copyOf(accountEvents);
        problems = List.copyOf(problems);
    }

    /** A webhook without account-level changes (Twilio's, or a Meta body of messages only). */
    public ParsedWebhook(List<InboundMessage> messages, List<MessageStatus> statuses, List<String> problems) {
        this(messages, statuses, List.of(), problems);
    }
}
