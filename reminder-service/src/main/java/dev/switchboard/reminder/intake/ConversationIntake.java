package dev.switchboard.reminder.intake;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import dev.switchboard.events.Customer;
import dev.switchboard.events.InboundMessage;
import dev.switchboard.events.TicketEvent;
import dev.switchboard.reminder.conversation.Conversation;
import dev.switchboard.reminder.conversation.ConversationRepository;
import dev.switchboard.reminder.conversation.ConversationRepository.Message;
import dev.switchboard.reminder.conversation.ConversationRepository.TicketChange;
import dev.switchboard.reminder.timer.TimerTable;
import dev.switchboard.reminder.timer.TimerSettings;
import dev.switchboard.reminder.timing.WindowRules;
import dev.switchboard.schemas.Keys;

/**
 * Applies what the input topics say to the conversations, a batch at a time, and makes sure every conversation with
 * something left to decide has a timer no later than its next due time.
 *
 * <p>Rows are written in conversation-key order (a stable sort keeps each conversation's own order): the two
 * listeners and the firing timers then lock conversations in the same order and cannot deadlock.
 */
@Component
public class ConversationIntake {

    private final ConversationRepository conversations;
    private final TimerTable timers;
    private final WindowRules rules;

    public ConversationIntake(ConversationRepository conversations, TimerTable timers, TimerSettings settings) {
        this.conversations = conversations;
        this.timers = timers;
        this.rules = settings.rules();
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void messages(List<InboundMessage> messages) {
        // An echo (the business writing from the WhatsApp Business app) is no customer message: no window, no reminder.
        List<Message> rows = messages.stream().filter(m -> !m.getEcho()).map(ConversationIntake::message)
                .sorted(Comparator.comparing(Message::key)).toList();
        if (rows.isEmpty()) {
            return;
        }
        conversations.recordMessages(rows);
        List<String> keys = rows.stream().map(Message::key).distinct().toList();
        List<TimerTable.Due> due = conversations.find(keys).stream()
                .map(this::nextTimer).filter(Objects::nonNull)
                .sorted(Comparator.comparing(TimerTable.Due::conversationKey)).toList();
        timers.scheduleNoLaterThan(due);
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void ticketEvents(List<TicketEvent> events) {
        conversations.recordTicketChanges(events.stream().map(ConversationIntake::change).filter(Objects::nonNull)
                .sorted(Comparator.comparing(TicketChange::key)).toList());
    }

    private TimerTable.Due nextTimer(Conversation conversation) {
        var due = rules.nextDue(conversation);
        return due == null ? null : new TimerTable.Due(conversation.key(), due);
    }

    private static Message message(InboundMessage m) {
        Customer customer = m.getCustomer();
        String customerId = Keys.customerId(customer);
        return new Message(Keys.conversation(m.getChannelId(), customerId), m.getChannelId(), customerId,
                customer.getWaId(), customer.getUserId(), customer.getName(), m.getMessageId(), m.getSentAt(),
                m.getBusinessNumberId());
    }

    /** The change a ticket event makes, or null for the events that do not matter here (articles, statuses). */
    private static TicketChange change(TicketEvent e) {
        TicketChange.Kind kind;
        boolean value;
        switch (e.getType()) {
            case TICKET_OPENED, TICKET_REOPENED -> { kind = TicketChange.Kind.TICKET_OPEN; value = true; }
            case TICKET_CLOSED -> { kind = TicketChange.Kind.TICKET_OPEN; value = false; }
            case CUSTOMER_OPTED_OUT -> { kind = TicketChange.Kind.OPTED_OUT; value = true; }
            case CUSTOMER_OPTED_IN -> { kind = TicketChange.Kind.OPTED_OUT; value = false; }
            default -> { return null; }
        }
        Customer customer = e.getCustomer();
        String customerId = Keys.customerId(customer);
        return new TicketChange(Keys.conversation(e.getChannelId(), customerId), e.getChannelId(), customerId,
                customer.getWaId(), customer.getUserId(), customer.getName(), kind, value, e.getTicketId(),
                e.getOccurredAt());
    }
}
