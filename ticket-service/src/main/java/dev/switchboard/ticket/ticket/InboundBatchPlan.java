package dev.switchboard.ticket.ticket;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.switchboard.events.InboundMessage;
import dev.switchboard.events.InboundMessageType;
import dev.switchboard.events.TicketEventType;
import dev.switchboard.schemas.Keys;
import dev.switchboard.ticket.channel.TicketChannels.AfterClose;
import dev.switchboard.ticket.channel.TicketChannels.Channel;
import dev.switchboard.ticket.channel.TicketSettings;
import dev.switchboard.ticket.ticket.TicketRepository.ArticleRow;
import dev.switchboard.ticket.ticket.TicketRepository.Conversation;
import dev.switchboard.ticket.ticket.TicketRepository.TicketRow;

/**
 * What a batch of inbound messages changes, worked out in Java by applying {@link InboundMessages#handle}'s rules to
 * the messages one by one, in order, against what the database held before the batch ({@link Stored}) and what the
 * earlier messages of the batch did. The result is written with a few statements for the whole batch
 * ({@link InboundBatches}); it is the same state, and the same outbox records in the same order, as handling the
 * messages one by one.
 *
 * <p>Plain Java: no database, no Spring. Steps: {@link #of} plans, {@link #assignIds} takes the ticket and article
 * ids (from their sequences, in the order the one-by-one path would take them), then the rows and
 * {@link #emit events} can be read.
 */
public final class InboundBatchPlan {

    public record ConversationKey(String channelId, String customerId) {
    }

    public record ArticleKey(String channelId, String messageId) {
    }

    public record ReactionKey(long articleId, String reactor) {
    }

    /** A conversation as stored. */
    public record StoredConversation(String waId, String userId, String name, Instant lastCustomerMessageAt,
                                     boolean optedOut, Instant optedChangedAt, boolean welcomed) {
    }

    /** An article as stored: what a redelivery or a reaction finds. */
    public record StoredArticle(long id, long ticketId) {
    }

    /**
     * What the database holds for a batch's messages.
     *
     * @param articles      the articles with the batch's message ids or the message ids its reactions react to
     * @param conversations the batch's conversations that exist
     * @param tickets       per conversation its open ticket, or if none is open its newest
     * @param reactions     the time of each stored reaction by a reactor of the batch to one of {@code articles}
     */
    public record Stored(Map<ArticleKey, StoredArticle> articles, Map<ConversationKey, StoredConversation> conversations,
                         Map<ConversationKey, TicketRow> tickets, Map<ReactionKey, Instant> reactions) {
    }

    /** The rules the batch is applied with. */
    public record Rules(Function<String, Channel> channels, TicketSettings settings, Duration window) {
    }

    // ------------------------------------------------------------------------------------------------ rows to write

    /** A conversation's state after the batch (the upsert takes the newest of stored and batch where it can). */
    public record ConversationWrite(String channelId, String customerId, String waId, String userId, String name,
                                    Instant lastCustomerMessageAt, boolean optedOut, Instant optedChangedAt,
                                    boolean welcomed) {
    }

    public record TicketInsert(long id, String channelId, String customerId, String group) {
    }

    public record ArticleInsert(long id, long ticketId, String channelId, String direction, String type,
                                String messageId, String requestId, String status, String text,
                                Map<String, Object> content, Instant sentAt) {
    }

    public record ReactionWrite(long articleId, String reactor, String emoji, Instant reactedAt) {
    }

    // ------------------------------------------------------------------------------------------------ state

    /** A ticket the batch uses; a new one gets its id in {@link #assignIds}. */
    private static final class PlannedTicket {
        long id;
        final String channelId;
        final String customerId;
        final String group;
        final boolean created;
        String state;
        boolean reopened;
        boolean touched;

        PlannedTicket(long id, String channelId, String customerId, String group, String state, boolean created) {
            this.id = id;
            this.channelId = channelId;
            this.customerId = customerId;
            this.group = group;
            this.state = state;
            this.created = created;
        }

        TicketRow row(Instant now) {
            return new TicketRow(id, channelId, customerId, state, group, now, now);
        }
    }

    /** An article the batch reacts to or writes; a new one gets its id in {@link #assignIds}. */
    private static final class PlannedArticle {
        long id;
        final PlannedTicket ticket;
        final boolean created;

        PlannedArticle(long id, PlannedTicket ticket, boolean created) {
            this.id = id;
            this.ticket = ticket;
            this.created = created;
        }
    }

    private static final class ConversationState {
        final String channelId;
        final String customerId;
        String waId;
        String userId;
        String name;
        Instant lastCustomerMessageAt;
        boolean optedOut;
        Instant optedChangedAt;
        boolean welcomed;
        boolean changed;

        ConversationState(String channelId, String customerId, StoredConversation stored) {
            this.channelId = channelId;
            this.customerId = customerId;
            if (stored != null) {
                waId = stored.waId();
                userId = stored.userId();
                name = stored.name();
                lastCustomerMessageAt = stored.lastCustomerMessageAt();
                optedOut = stored.optedOut();
                optedChangedAt = stored.optedChangedAt();
                welcomed = stored.welcomed();
            }
        }

        /** As the conversation upsert: the customer's ids and name where the message has them. */
        Conversation upsert(dev.switchboard.events.Customer customer) {
            waId = customer.getWaId() != null ? customer.getWaId() : waId;
            userId = customer.getUserId() != null ? customer.getUserId() : userId;
            name = customer.getName() != null ? customer.getName() : name;
            changed = true;
            return new Conversation(channelId, customerId, waId, userId, name, lastCustomerMessageAt, optedOut,
                    welcomed, false);
        }

        /** The window's start moves forward, never back. */
        void customerWrote(Instant sentAt) {
            if (lastCustomerMessageAt == null || sentAt.isAfter(lastCustomerMessageAt)) {
                lastCustomerMessageAt = sentAt;
            }
            changed = true;
        }

        ConversationWrite write() {
            return new ConversationWrite(channelId, customerId, waId, userId, name, lastCustomerMessageAt, optedOut,
                    optedChangedAt, welcomed);
        }
    }

    private static final class ReactionState {
        final PlannedArticle article;
        final String reactor;
        String emoji;
        Instant reactedAt;
        boolean changed;

        ReactionState(PlannedArticle article, String reactor, Instant reactedAt) {
            this.article = article;
            this.reactor = reactor;
            this.reactedAt = reactedAt;
        }
    }

    private record PlannedInbound(PlannedArticle article, InboundMessage message, InboundContent content) {
    }

    private record PlannedWelcome(PlannedArticle article, String requestId, String text) {
    }

    /** An outbox record in the making, in the order the one-by-one path writes them. */
    private sealed interface Emission {
    }

    private record TicketEmission(TicketEventType type, PlannedTicket ticket, Conversation conversation)
            implements Emission {
    }

    private record InboundEmission(PlannedTicket ticket, Conversation conversation, PlannedInbound inbound)
            implements Emission {
    }

    private record WelcomeEmission(PlannedTicket ticket, Conversation conversation, PlannedWelcome welcome,
                                   InboundMessage message) implements Emission {
    }

    private final Rules rules;
    private final Instant now;
    private final Map<ArticleKey, PlannedArticle> articles = new HashMap<>();
    private final Map<ConversationKey, ConversationState> conversations = new LinkedHashMap<>();
    private final Map<ConversationKey, PlannedTicket> currentTickets = new HashMap<>();
    private final Map<Long, PlannedTicket> storedTickets = new LinkedHashMap<>();
    private final Map<ReactionKey, Instant> storedReactions;
    private final Map<Object, ReactionState> reactions = new LinkedHashMap<>();
    private final List<PlannedTicket> newTickets = new ArrayList<>();
    private final List<Object> newArticles = new ArrayList<>(); // PlannedInbound or PlannedWelcome, in id order
    private final List<Emission> emissions = new ArrayList<>();
    private boolean idsAssigned;

    private InboundBatchPlan(Rules rules, Stored stored, Instant now) {
        this.rules = rules;
        this.now = now;
        this.storedReactions = stored.reactions();
        stored.tickets().forEach((key, row) -> currentTickets.put(key, storedTicket(row)));
        stored.articles().forEach((key, article) -> articles.put(key,
                new PlannedArticle(article.id(), storedTicket(article.ticketId()), false)));
        stored.conversations().forEach((key, conversation) -> conversations.put(key,
                new ConversationState(key.channelId(), key.customerId(), conversation)));
    }

    /**
     * Plans the batch. Throws for a message the rules cannot apply (no sender: {@link Keys#customerId}); the caller
     * then applies the batch record by record, which names the record.
     */
    public static InboundBatchPlan of(List<InboundMessage> messages, Stored stored, Rules rules, Instant now) {
        InboundBatchPlan plan = new InboundBatchPlan(rules, stored, now);
        messages.forEach(plan::apply);
        return plan;
    }

    private PlannedTicket storedTicket(TicketRow row) {
        PlannedTicket ticket = storedTickets.computeIfAbsent(row.id(), id -> new PlannedTicket(id, row.channelId(),
                row.customerId(), row.group(), row.state(), false));
        return ticket;
    }

    /** A ticket known only as an article's ticket: it is only ever touched (the batch's own tickets are read). */
    private PlannedTicket storedTicket(long id) {
        return storedTickets.computeIfAbsent(id, i -> new PlannedTicket(i, null, null, null, null, false));
    }

    // ------------------------------------------------------------------------------------------------ the rules

    /** {@link InboundMessages#handle}, on the plan's state instead of the database. */
    private void apply(InboundMessage message) {
        String channelId = message.getChannelId();
        String customerId = Keys.customerId(message.getCustomer());
        ArticleKey key = new ArticleKey(channelId, message.getMessageId());
        if (articles.containsKey(key)) {
            return;
        }
        if (message.getType() == InboundMessageType.REACTION && message.getReaction() != null) {
            PlannedArticle target = articles.get(new ArticleKey(channelId, message.getReaction().getMessageId()));
            if (target != null) {
                react(target, channelId, customerId, message);
                return;
            }
        }
        Channel channel = rules.channels().apply(channelId);
        ConversationKey conversationKey = new ConversationKey(channelId, customerId);
        ConversationState conversation = conversations.computeIfAbsent(conversationKey,
                k -> new ConversationState(channelId, customerId, null));
        Conversation snapshot = conversation.upsert(message.getCustomer());
        PlannedTicket ticket = ticketFor(channel, conversationKey, snapshot);

        PlannedArticle article = new PlannedArticle(0, ticket, true);
        articles.put(key, article);
        PlannedInbound inbound = new PlannedInbound(article, message, InboundContent.of(message));
        newArticles.add(inbound);
        conversation.customerWrote(message.getSentAt());
        ticket.touched = true;
        emissions.add(new InboundEmission(ticket, snapshot, inbound));

        if (message.getType() == InboundMessageType.TEXT) {
            optOutOrIn(message, conversation, ticket, snapshot);
        }
        if (channel.welcomes() && !conversation.welcomed) {
            conversation.welcomed = true;
            PlannedWelcome welcome = new PlannedWelcome(new PlannedArticle(0, ticket, true),
                    InboundMessages.welcomeRequestId(channelId, customerId), channel.welcomeMessage());
            newArticles.add(welcome);
            emissions.add(new WelcomeEmission(ticket, snapshot, welcome, message));
        }
    }

    private PlannedTicket ticketFor(Channel channel, ConversationKey key, Conversation conversation) {
        PlannedTicket current = currentTickets.get(key);
        if (current != null && "open".equals(current.state)) {
            return current;
        }
        if (current != null && channel.afterClose() == AfterClose.REOPEN) {
            current.state = "open";
            current.reopened = true;
            emissions.add(new TicketEmission(TicketEventType.TICKET_REOPENED, current, conversation));
            return current;
        }
        String group = channel.group() == null || channel.group().isBlank() ? key.channelId() : channel.group();
        PlannedTicket created = new PlannedTicket(0, key.channelId(), key.customerId(), group, "open", true);
        currentTickets.put(key, created);
        newTickets.add(created);
        emissions.add(new TicketEmission(TicketEventType.TICKET_OPENED, created, conversation));
        return created;
    }

    /** The newest reaction of a reactor to an article wins; an older one delivered late changes nothing. */
    private void react(PlannedArticle target, String channelId, String reactor, InboundMessage message) {
        Object key = target.created ? List.of(target, reactor) : new ReactionKey(target.id, reactor);
        ReactionState reaction = reactions.computeIfAbsent(key, k -> new ReactionState(target, reactor,
                target.created ? null : storedReactions.get((ReactionKey) k)));
        Instant at = message.getSentAt();
        if (reaction.reactedAt != null && !reaction.reactedAt.isBefore(at)) {
            return;
        }
        reaction.emoji = message.getReaction().getEmoji() == null ? "" : message.getReaction().getEmoji();
        reaction.reactedAt = at;
        reaction.changed = true;
        ConversationState conversation = conversations.get(new ConversationKey(channelId, reactor));
        if (conversation != null) {
            conversation.customerWrote(at);
        }
        target.ticket.touched = true;
    }

    private void optOutOrIn(InboundMessage message, ConversationState conversation, PlannedTicket ticket,
                            Conversation snapshot) {
        boolean optOut = rules.settings().isOptOut(message.getText());
        if (!optOut && !rules.settings().isOptIn(message.getText())) {
            return;
        }
        Instant at = message.getSentAt();
        if ((conversation.optedChangedAt == null || conversation.optedChangedAt.isBefore(at))
                && conversation.optedOut != optOut) {
            conversation.optedOut = optOut;
            conversation.optedChangedAt = at;
            emissions.add(new TicketEmission(optOut ? TicketEventType.CUSTOMER_OPTED_OUT
                    : TicketEventType.CUSTOMER_OPTED_IN, ticket, snapshot));
        }
    }

    // ------------------------------------------------------------------------------------------------ ids

    public int newTicketCount() {
        return newTickets.size();
    }

    public int newArticleCount() {
        return newArticles.size();
    }

    /** The ids of the new tickets and articles, ascending: taken in the order the one-by-one path would take them. */
    public void assignIds(long[] ticketIds, long[] articleIds) {
        if (ticketIds.length != newTickets.size() || articleIds.length != newArticles.size()) {
            throw new IllegalArgumentException("expected " + newTickets.size() + " ticket and " + newArticles.size()
                    + " article ids, got " + ticketIds.length + " and " + articleIds.length);
        }
        for (int i = 0; i < ticketIds.length; i++) {
            newTickets.get(i).id = ticketIds[i];
        }
        for (int i = 0; i < articleIds.length; i++) {
            Object article = newArticles.get(i);
            (article instanceof PlannedInbound inbound ? inbound.article() : ((PlannedWelcome) article).article())
                    .id = articleIds[i];
        }
        idsAssigned = true;
    }

    // ------------------------------------------------------------------------------------------------ results

    /** Conversations the batch created or changed, with their state after it. */
    public List<ConversationWrite> conversationWrites() {
        return conversations.values().stream().filter(c -> c.changed).map(ConversationState::write).toList();
    }

    public List<TicketInsert> ticketInserts() {
        requireIds();
        return newTickets.stream().map(t -> new TicketInsert(t.id, t.channelId, t.customerId, t.group)).toList();
    }

    /** Closed tickets the batch reopens (their activity becomes now). */
    public List<Long> reopenedTickets() {
        return storedTickets.values().stream().filter(t -> t.reopened).map(t -> t.id).toList();
    }

    /** Stored tickets that only gain activity (a new ticket's activity is its creation). */
    public List<Long> touchedTickets() {
        return storedTickets.values().stream().filter(t -> t.touched && !t.reopened).map(t -> t.id).toList();
    }

    public List<ArticleInsert> articleInserts() {
        requireIds();
        List<ArticleInsert> rows = new ArrayList<>(newArticles.size());
        for (Object article : newArticles) {
            if (article instanceof PlannedInbound inbound) {
                InboundMessage m = inbound.message();
                rows.add(new ArticleInsert(inbound.article().id, inbound.article().ticket.id, m.getChannelId(),
                        "inbound", inbound.content().type(), m.getMessageId(), null, "received",
                        inbound.content().text(), inbound.content().content(), m.getSentAt()));
            } else {
                PlannedWelcome welcome = (PlannedWelcome) article;
                rows.add(new ArticleInsert(welcome.article().id, welcome.article().ticket.id,
                        welcome.article().ticket.channelId, "outbound", "text", null, welcome.requestId(), "pending",
                        welcome.text(), Map.of(), null));
            }
        }
        return rows;
    }

    /** Reactions that change: per article and reactor the newest of the batch, if newer than the stored one. */
    public List<ReactionWrite> reactionWrites() {
        requireIds();
        return reactions.values().stream().filter(r -> r.changed)
                .map(r -> new ReactionWrite(r.article.id, r.reactor, r.emoji, r.reactedAt)).toList();
    }

    /** Writes the batch's ticket events and outbound requests, in the order the one-by-one path writes them. */
    public void emit(TicketEvents events) {
        requireIds();
        for (Emission emission : emissions) {
            if (emission instanceof TicketEmission e) {
                events.ticket(e.type(), e.ticket().row(now), e.conversation());
            } else if (emission instanceof InboundEmission e) {
                InboundMessage m = e.inbound().message();
                InboundContent content = e.inbound().content();
                events.article(TicketEventType.ARTICLE_ADDED, e.ticket().row(now), e.conversation(),
                        new ArticleRow(e.inbound().article().id, e.ticket().id, m.getChannelId(), "inbound",
                                content.type(), m.getMessageId(), null, "received", content.text(), null, null,
                                null, null, m.getSentAt(), now), null);
            } else if (emission instanceof WelcomeEmission e) {
                InboundMessage m = e.message();
                PlannedWelcome welcome = e.welcome();
                events.request(InboundMessages.welcomeRequest(m, welcome.requestId(), welcome.text(), e.ticket().id,
                        welcome.article().id, now, rules.window()));
                events.article(TicketEventType.ARTICLE_ADDED, e.ticket().row(now), e.conversation(),
                        new ArticleRow(welcome.article().id, e.ticket().id, m.getChannelId(), "outbound", "text",
                                null, welcome.requestId(), "pending", welcome.text(), "{}", null, null, null, null,
                                now), null);
            }
        }
    }

    private void requireIds() {
        if (!idsAssigned) {
            throw new IllegalStateException("assignIds first");
        }
    }
}
