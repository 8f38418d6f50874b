package dev.switchboard.ingress.webhook;

import java.util.ArrayList;
import java.util.List;

import org.apache.avro.specific.SpecificRecord;

import dev.switchboard.events.AccountEvent;
import dev.switchboard.events.Customer;
import dev.switchboard.events.InboundMessage;
import dev.switchboard.events.MessageStatus;
import dev.switchboard.schemas.Keys;
import dev.switchboard.schemas.Topic;
import dev.switchboard.schemas.Topics;

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

    /**
     * Every event as it is published: its topic and key (messages and statuses keyed by conversation, so one
     * customer's messages stay in order; account events by channel), in the order messages, statuses, account events.
     * Ingress's publisher sends these; the admin tool's reparse sends the missing ones with the same keys.
     */
    public List<KeyedEvent<?>> keyedEvents() {
        List<KeyedEvent<?>> events = new ArrayList<>(messages.size() + statuses.size() + accountEvents.size());
        for (InboundMessage message : messages) {
            events.add(new KeyedEvent<>(Topics.INBOUND_MESSAGES,
                    conversationKey(message.getChannelId(), message.getCustomer()), message));
        }
        for (MessageStatus status : statuses) {
            events.add(new KeyedEvent<>(Topics.INBOUND_STATUSES,
                    conversationKey(status.getChannelId(), status.getRecipient()), status));
        }
        for (AccountEvent event : accountEvents) {
            events.add(new KeyedEvent<>(Topics.ACCOUNT_EVENTS, Keys.channel(event.getChannelId()), event));
        }
        return events;
    }

    /** A status without a recipient cannot be ordered within a conversation; it still goes out, keyed by channel. */
    private static String conversationKey(String channelId, Customer customer) {
        try {
            return Keys.conversation(channelId, customer);
        } catch (IllegalArgumentException | NullPointerException e) {
            return Keys.channel(channelId);
        }
    }

    /** One typed event, the topic it goes to and its record key. */
    public record KeyedEvent<V extends SpecificRecord>(Topic<V> topic, String key, V event) {
    }
}
