package dev.switchboard.reminder.intake;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import dev.switchboard.events.Customer;
import dev.switchboard.events.InboundMessage;
import dev.switchboard.events.InboundMessageType;
import dev.switchboard.events.TicketEvent;
import dev.switchboard.events.TicketState;
import dev.switchboard.reminder.conversation.Conversation;
import dev.switchboard.reminder.conversation.ConversationRepository;
import dev.switchboard.reminder.conversation.ConversationRepository.Message;
import dev.switchboard.reminder.conversation.ConversationRepository.TicketChange;
import dev.switchboard.reminder.conversation.CustomerAliases;
import dev.switchboard.reminder.conversation.CustomerAliases.Alias;
import dev.switchboard.reminder.timer.TimerTable;
import dev.switchboard.reminder.timer.TimerSettings;
import dev.switchboard.reminder.timing.WindowRules;
import dev.switchboard.schemas.Keys;

/**
 * Applies what the input topics say to the conversations, a batch at a time, and makes sure every conversation with
 * something left to decide has a timer no later than its next due time.
 *
 * <p>One customer may be known by several ids (a wa_id, a BSUID, a new number), each of which keys their records.
 * ticket-service names the conversation's id ({@code TicketEvent.customerKey}, which never changes) and the others
 * ({@code aliases}): a message keyed by an alias is recorded on the conversation, and a conversation recorded under an
 * alias before it was known as one is folded into it (its timer removed), so that one customer has one window, one
 * reminder and one close.
 *
 * <p>Rows are written in conversation-key order (a stable sort keeps each conversation's own order): the two
 * listeners and the firing timers then lock conversations in the same order and cannot deadlock. Alias keys are
 * locked first (advisory locks, in key order), conversations after.
 */
@Component
public class ConversationIntake {

    /** Messages that are not the customer writing: no window, no reminder (an echo is the business writing). */
    private static final Set<InboundMessageType> NOT_WRITTEN = Set.of(InboundMessageType.SYSTEM, InboundMessageType.CALL);

    private final ConversationRepository conversations;
    private final CustomerAliases aliases;
    private final TimerTable timers;
    private final WindowRules rules;

    public ConversationIntake(ConversationRepository conversations, CustomerAliases aliases, TimerTable timers,
                              TimerSettings settings) {
        this.conversations = conversations;
        this.aliases = aliases;
        this.timers = timers;
        this.rules = settings.rules();
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void messages(List<InboundMessage> messages) {
        // An echo (the business writing from the WhatsApp Business app), an identity notice (SYSTEM) or a call is no
        // customer message: no window, no reminder.
        List<InboundMessage> written = messages.stream()
                .filter(m -> !m.getEcho() && !NOT_WRITTEN.contains(m.getType())).toList();
        if (written.isEmpty()) {
            return;
        }
        List<String> keys = written.stream().map(m -> Keys.conversation(m.getChannelId(), m.getCustomer())).toList();
        aliases.lock(keys);
        Map<String, Alias> known = aliases.find(keys);
        List<Message> rows = written.stream().map(m -> message(m, known)).sorted(Comparator.comparing(Message::key))
                .toList();
        conversations.recordMessages(rows);
        scheduleTimers(rows.stream().map(Message::key).distinct().toList());
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void ticketEvents(List<TicketEvent> events) {
        // Aliases first: the events' own changes then go to the conversations they name.
        learnAliases(events);
        List<TicketEvent> changing = events.stream().filter(e -> kind(e) != null).toList();
        Map<String, Alias> known = aliases.find(changing.stream().map(ConversationIntake::namedKey).toList());
        conversations.recordTicketChanges(changing.stream().map(e -> change(e, known))
                .sorted(Comparator.comparing(TicketChange::key)).toList());
    }

    /** An alias an event names, and the channel of its conversation. */
    private record Claim(String channelId, Alias alias) {
    }

    /**
     * Records the aliases the events name that are new (or now belong to another conversation), and folds what was
     * recorded under each of them into its conversation.
     */
    private void learnAliases(List<TicketEvent> events) {
        Map<String, Claim> claimed = claims(events);
        if (claimed.isEmpty() || newOnes(claimed).isEmpty()) {
            return;
        }
        aliases.lock(claimed.keySet());
        // Under the locks: another batch may have learned some of them meanwhile.
        List<Claim> learned = newOnes(claimed).stream().sorted(Comparator.comparing(c -> c.alias().aliasKey())).toList();
        aliases.learn(learned.stream().map(Claim::alias).toList());
        List<String> folded = new ArrayList<>();
        for (Claim claim : learned) {
            Alias alias = claim.alias();
            if (conversations.fold(alias.aliasKey(), alias.conversationKey(),
                    customerId(alias.conversationKey(), claim.channelId()))) {
                folded.add(alias.conversationKey());
            }
        }
        if (!folded.isEmpty()) {
            timers.remove(learned.stream().map(c -> c.alias().aliasKey()).toList());
            scheduleTimers(folded.stream().distinct().sorted().toList());
        }
    }

    /**
     * What the events say each alias key belongs to: the conversation they name (resolved through the aliases known,
     * so that all of a customer's ids name one conversation), the newest event per alias key winning.
     */
    private Map<String, Claim> claims(List<TicketEvent> events) {
        List<TicketEvent> naming = events.stream().filter(e -> e.getCustomerKey() != null
                && !e.getCustomerKey().isBlank()).toList();
        if (naming.isEmpty()) {
            return Map.of();
        }
        Map<String, Alias> known = aliases.find(naming.stream().map(ConversationIntake::namedKey).toList());
        Map<String, Claim> claims = new LinkedHashMap<>();
        for (TicketEvent e : naming) {
            String conversation = resolve(namedKey(e), known);
            Stream.concat(e.getAliases().stream(), Stream.of(e.getCustomer().getWaId(), e.getCustomer().getUserId()))
                    .filter(id -> id != null && !id.isBlank())
                    .map(id -> Keys.conversation(e.getChannelId(), id))
                    .filter(key -> !key.equals(conversation))
                    .forEach(key -> claims.merge(key,
                            new Claim(e.getChannelId(), new Alias(key, conversation, e.getOccurredAt())),
                            (old, now) -> now.alias().learnedAt().isBefore(old.alias().learnedAt()) ? old : now));
        }
        return claims;
    }

    /** The claims that change what is stored: a new alias, or one that now belongs to another conversation. */
    private List<Claim> newOnes(Map<String, Claim> claimed) {
        Map<String, Alias> stored = aliases.find(claimed.keySet());
        return claimed.values().stream().filter(claim -> {
            Alias current = stored.get(claim.alias().aliasKey());
            return current == null || (!current.conversationKey().equals(claim.alias().conversationKey())
                    && current.learnedAt().isBefore(claim.alias().learnedAt()));
        }).toList();
    }

    private void scheduleTimers(List<String> conversationKeys) {
        List<TimerTable.Due> due = conversations.find(conversationKeys).stream()
                .map(this::nextTimer).filter(Objects::nonNull)
                .sorted(Comparator.comparing(TimerTable.Due::conversationKey)).toList();
        timers.scheduleNoLaterThan(due);
    }

    private TimerTable.Due nextTimer(Conversation conversation) {
        var due = rules.nextDue(conversation);
        return due == null ? null : new TimerTable.Due(conversation.key(), due);
    }

    private static Message message(InboundMessage m, Map<String, Alias> known) {
        Customer customer = m.getCustomer();
        String key = Keys.conversation(m.getChannelId(), customer);
        String conversation = resolve(key, known);
        return new Message(conversation, m.getChannelId(), customerId(conversation, m.getChannelId()),
                customer.getWaId(), customer.getUserId(), customer.getName(), m.getMessageId(), m.getSentAt(),
                m.getBusinessNumberId());
    }

    /** The key of the conversation the event names: its customerKey, or (before TicketEvent v3) its customer's id. */
    private static String namedKey(TicketEvent e) {
        return e.getCustomerKey() != null && !e.getCustomerKey().isBlank()
                ? Keys.conversation(e.getChannelId(), e.getCustomerKey())
                : Keys.conversation(e.getChannelId(), e.getCustomer());
    }

    private static String resolve(String key, Map<String, Alias> known) {
        Alias alias = known.get(key);
        return alias == null ? key : alias.conversationKey();
    }

    /** The customer id in a conversation key of the channel ({@code <channelId>:<customer id>}). */
    private static String customerId(String conversationKey, String channelId) {
        return conversationKey.substring(channelId.length() + 1);
    }

    /**
     * What a ticket event changes: the ticket's state (a merge names the conversation's ticket and its state) or the
     * opt-out; null for the events that do not matter here (articles, statuses, assignments).
     */
    private static TicketChange.Kind kind(TicketEvent e) {
        return switch (e.getType()) {
            case TICKET_OPENED, TICKET_REOPENED, TICKET_CLOSED, CUSTOMER_MERGED -> TicketChange.Kind.TICKET_OPEN;
            case CUSTOMER_OPTED_OUT, CUSTOMER_OPTED_IN -> TicketChange.Kind.OPTED_OUT;
            default -> null;
        };
    }

    private static TicketChange change(TicketEvent e, Map<String, Alias> known) {
        boolean value = switch (e.getType()) {
            case TICKET_OPENED, TICKET_REOPENED, CUSTOMER_OPTED_OUT -> true;
            case CUSTOMER_MERGED -> e.getState() == TicketState.OPEN;
            default -> false;
        };
        Customer customer = e.getCustomer();
        String conversation = resolve(namedKey(e), known);
        return new TicketChange(conversation, e.getChannelId(), customerId(conversation, e.getChannelId()),
                customer.getWaId(), customer.getUserId(), customer.getName(), kind(e), value, e.getTicketId(),
                e.getOccurredAt());
    }
}
