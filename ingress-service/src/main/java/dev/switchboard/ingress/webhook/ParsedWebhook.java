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
 * topic regardless. {@code keptRaw} names the parts that are deliberately not typed (a group message, a Business
 * Agent field, a field the contract does not type), for the kept-raw counter.
 */
public record ParsedWebhook(List<InboundMessage> messages, List<MessageStatus> statuses,
                            List<AccountEvent> accountEvents, List<String> problems, List<KeptRaw> keptRaw) {

    public ParsedWebhook {
        messages = List.copyOf(messages);
        statuses = List.copyOf(statuses);
        accountEvents = List.copyOf(accountEvents);
        problems = List.copyOf(problems);
        keptRaw = List.copyOf(keptRaw);
    }

    public ParsedWebhook(List<InboundMessage> messages, List<MessageStatus> statuses,
                         List<AccountEvent> accountEvents, List<String> problems) {
        this(messages, statuses, accountEvents, problems, List.of());
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

    /**
     * A part of a webhook kept on the raw topic only (or as an OTHER account event with its JSON) by design:
     * {@code field} is the change's field, {@code channelId} the channel it belongs to.
     */
    public record KeptRaw(String channelId, String field, Reason reason) {
    }

    /** Why a part is kept raw: the {@code reason} tag of {@code switchboard_webhook_kept_raw_total}. */
    public enum Reason {
        /** A message to or in a WhatsApp group: no customer conversation, refused. */
        GROUP_MESSAGE,
        /** standby, messaging_handovers: a conversation Meta Business Agent handles. */
        BUSINESS_AGENT,
        /** Any other field, or part of one, the contract does not type. */
        NOT_TYPED;

        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One typed event, the topic it goes to and its record key. */
    public record KeyedEvent<V extends SpecificRecord>(Topic<V> topic, String key, V event) {
    }
}
