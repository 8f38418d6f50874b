package dev.switchboard.ticket.inbound.plan;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import dev.switchboard.events.InboundMessage;
import dev.switchboard.events.InboundMessageType;
import dev.switchboard.events.TicketEventType;
import dev.switchboard.schemas.Keys;
import dev.switchboard.ticket.channel.TicketChannels.AfterClose;
import dev.switchboard.ticket.channel.TicketChannels.Channel;
import dev.switchboard.ticket.channel.TicketSettings;
import dev.switchboard.ticket.store.CustomerKeys;
import dev.switchboard.ticket.inbound.plan.IdentityResolution.Claims;
import dev.switchboard.ticket.inbound.plan.IdentityResolution.Identity;
import dev.switchboard.ticket.inbound.plan.IdentityResolution.IdentityWrite;
import dev.switchboard.ticket.inbound.plan.IdentityResolution.Known;
import dev.switchboard.ticket.status.StatusProgress;
import dev.switchboard.ticket.status.StatusProgress.Status;
import dev.switchboard.ticket.store.Direction;
import dev.switchboard.ticket.store.TicketEvents;
import dev.switchboard.ticket.store.TicketRepository.ArticleRow;
import dev.switchboard.ticket.store.TicketRepository.Conversation;
import dev.switchboard.ticket.store.TicketRepository.PendingStatus;
import dev.switchboard.ticket.store.TicketRepository.TicketRow;
import dev.switchboard.ticket.store.TicketState;

/**
 * The inbound rules, the only implementation of them: what a batch of inbound messages changes, worked out by
 * applying the rules to the messages in order, against what the database held before the batch ({@link Stored}) and
 * what the earlier messages of the batch did. The result is written with a few statements for the whole batch
 * ({@link InboundBatches}); a batch that cannot be applied at once is applied again as batches of one message.
 *
 * <ul>
 *   <li>A message already stored (a redelivery, a replay) changes nothing.</li>
 *   <li>A reaction to a stored message lands on its article: the newest per reactor wins, an empty emoji removes,
 *       an older one delivered late changes nothing. A reaction to a message never seen is an article of its own.</li>
 *   <li>A customer's message becomes an article of their open ticket; without one, the channel's after-close
 *       reopens their last ticket or opens a new one. It moves the window's start forward (never back).</li>
 *   <li>A text that is an opt-out (opt-in) keyword opts the customer out (in), unless a newer change is recorded.</li>
 *   <li>The channel's welcome message goes out once per conversation, on its first customer message.</li>
 *   <li>An echo (the business writing in the WhatsApp Business app) is an outbound article, already sent, on the
 *       customer's ticket; the receipts that overtook it are applied to it. It opens no window, sends no welcome
 *       and is no keyword.</li>
 *   <li>A message's ids (wa_id, BSUID, parent BSUID) lead to the customer's conversation ({@link IdentityResolution});
 *       when they lead to two, the younger is merged into the older ({@link #merge}).</li>
 *   <li>A system notice (a changed number or BSUID) or a call is an article on the open ticket, else the newest (left
 *       closed), a new one only for a customer without any; it opens no window, sends no welcome and is no keyword.
 *       A system notice about a customer the channel does not know is not stored.</li>
 * </ul>
 *
 * <p>Plain Java: no database, no Spring. Steps: {@link #of} plans, {@link #assignIds} takes the ticket and article
 * ids (from their sequences, ascending, in the order the rules create them), then the rows and
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
                                     boolean optedOut, Instant optedChangedAt, boolean welcomed, String username,
                                     String parentUserId, boolean marketingOptedOut, Instant marketingChangedAt,
                                     Instant createdAt) {

        public StoredConversation(String waId, String userId, String name, Instant lastCustomerMessageAt,
                                  boolean optedOut, Instant optedChangedAt, boolean welcomed) {
            this(waId, userId, name, lastCustomerMessageAt, optedOut, optedChangedAt, welcomed, null, null, false,
                    null, Instant.EPOCH);
        }
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
     * @param receipts      the receipts parked for the batch's echoes (they overtook them), oldest first
     * @param identities    the batch's identities and every identity of {@code conversations}, each pointing at
     *                      the conversation it resolves to (merges followed)
     * @param takenKeys     conversation keys that exist although no identity resolves to them (a retired id's old
     *                      conversation): a new conversation takes another ({@link CustomerKeys#candidates})
     */
    public record Stored(Map<ArticleKey, StoredArticle> articles, Map<ConversationKey, StoredConversation> conversations,
                         Map<ConversationKey, TicketRow> tickets, Map<ReactionKey, Instant> reactions,
                         Map<ArticleKey, List<PendingStatus>> receipts, Map<Identity, Known> identities,
                         Set<ConversationKey> takenKeys) {
    }

    /** The rules the batch is applied with. */
    public record Rules(Function<String, Channel> channels, TicketSettings settings, Duration window) {
    }

    // ------------------------------------------------------------------------------------------------ rows to write

    /**
     * A conversation's state after the batch (the upsert takes the newest of stored and batch where it can).
     *
     * @param marketingOptedOut null unless a merge carried the other conversation's newer marketing consent over
     * @param mergedInto        the conversation this one was merged into, or null
     */
    public record ConversationWrite(String channelId, String customerId, String waId, String userId, String name,
                                    Instant lastCustomerMessageAt, boolean optedOut, Instant optedChangedAt,
                                    boolean welcomed, String username, String parentUserId, Boolean marketingOptedOut,
                                    Instant marketingChangedAt, String mergedInto) {
    }

    public record TicketInsert(long id, String channelId, String customerId, String group, TicketState state) {
    }

    /** Two conversations of one customer: the loser's tickets and the conversations merged into it move over. */
    public record MergeWrite(String channelId, String loser, String survivor) {
    }

    /** A ticket a merge closed (the customer's younger open ticket), with the note saying which one stays open. */
    public record MergeClosed(long ticketId, String note) {
    }

    /** @param businessNumberId inbound articles: the number the customer wrote to; else null */
    public record ArticleInsert(long id, long ticketId, String channelId, Direction direction, String type,
                                String messageId, String requestId, Status status, String text,
                                Map<String, Object> content, Instant sentAt, String businessNumberId) {
    }

    public record ReactionWrite(long articleId, String reactor, String emoji, Instant reactedAt) {
    }

    /**
     * What an echo's article holds besides its insert: when its status last changed and, if a receipt failed it,
     * WhatsApp's error.
     */
    public record EchoStatus(long articleId, Instant statusAt, Integer errorCode, String errorTitle,
                             String errorMessage) {
    }

    // ------------------------------------------------------------------------------------------------ state

    /** A ticket the batch uses; a new one gets its id in {@link #assignIds}. */
    private static final class PlannedTicket {
        long id;
        final String channelId;
        String customerId; // a merge moves the ticket to the surviving conversation
        final String group;
        final boolean created;
        /** Which ticket is younger: stored ones by id, then the batch's in the order it creates them. */
        final long age;
        TicketState state;
        boolean reopened;
        boolean touched;
        /** The ticket a merge kept open instead of this one, or null. */
        PlannedTicket mergedInto;

        PlannedTicket(long id, String channelId, String customerId, String group, TicketState state, boolean created,
                      long age) {
            this.id = id;
            this.channelId = channelId;
            this.customerId = customerId;
            this.group = group;
            this.state = state;
            this.created = created;
            this.age = age;
        }

        TicketRow row(Instant now, TicketState state) {
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
        final Instant createdAt;
        String waId;
        String userId;
        String parentUserId;
        String username;
        String name;
        Instant lastCustomerMessageAt;
        boolean optedOut;
        Instant optedChangedAt;
        boolean welcomed;
        boolean marketingOptedOut;
        Instant marketingChangedAt;
        boolean marketingCarried;
        String mergedInto;
        boolean changed;

        ConversationState(String channelId, String customerId, StoredConversation stored, Instant now) {
            this.channelId = channelId;
            this.customerId = customerId;
            this.createdAt = stored != null ? stored.createdAt() : now;
            if (stored != null) {
                waId = stored.waId();
                userId = stored.userId();
                parentUserId = stored.parentUserId();
                username = stored.username();
                name = stored.name();
                lastCustomerMessageAt = stored.lastCustomerMessageAt();
                optedOut = stored.optedOut();
                optedChangedAt = stored.optedChangedAt();
                welcomed = stored.welcomed();
                marketingOptedOut = stored.marketingOptedOut();
                marketingChangedAt = stored.marketingChangedAt();
            }
        }

        /**
         * As the conversation upsert: the customer's ids, username and name where the message has them; an identity
         * change gives the new ids instead of its sender's.
         */
        Conversation upsert(InboundMessage message, List<String> aliases) {
            dev.switchboard.events.Customer customer = message.getCustomer();
            dev.switchboard.events.SystemChange change = message.getType() == InboundMessageType.SYSTEM
                    ? message.getSystem() : null;
            if (change != null) {
                waId = or(change.getNewWaId(), waId == null ? customer.getWaId() : waId);
                userId = or(change.getNewUserId(), userId == null ? customer.getUserId() : userId);
                parentUserId = or(change.getNewParentUserId(), parentUserId);
            } else {
                waId = or(customer.getWaId(), waId);
                userId = or(customer.getUserId(), userId);
                parentUserId = or(customer.getParentUserId(), parentUserId);
                username = or(customer.getUsername(), username);
                name = or(customer.getName(), name);
            }
            changed = true;
            return snapshot(aliases);
        }

        Conversation snapshot(List<String> aliases) {
            return new Conversation(channelId, customerId, waId, userId, name, lastCustomerMessageAt, optedOut,
                    welcomed, false, username, parentUserId, aliases);
        }

        /** A merge: what the other conversation of the same customer knew is kept (see the class). */
        void absorb(ConversationState other) {
            waId = or(waId, other.waId);
            userId = or(userId, other.userId);
            parentUserId = or(parentUserId, other.parentUserId);
            username = or(username, other.username);
            name = or(name, other.name);
            if (other.lastCustomerMessageAt != null) {
                customerWrote(other.lastCustomerMessageAt);
            }
            welcomed = welcomed || other.welcomed;
            if (other.optedChangedAt != null
                    && (optedChangedAt == null || other.optedChangedAt.isAfter(optedChangedAt))) {
                optedOut = other.optedOut;
                optedChangedAt = other.optedChangedAt;
            }
            if (other.marketingChangedAt != null
                    && (marketingChangedAt == null || other.marketingChangedAt.isAfter(marketingChangedAt))) {
                marketingOptedOut = other.marketingOptedOut;
                marketingChangedAt = other.marketingChangedAt;
                marketingCarried = true;
            }
            changed = true;
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
                    optedChangedAt, welcomed, username, parentUserId, marketingCarried ? marketingOptedOut : null,
                    marketingCarried ? marketingChangedAt : null, mergedInto);
        }

        private static String or(String first, String second) {
            return first != null && !first.isBlank() ? first : second;
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

    /** An article the batch inserts. */
    private sealed interface NewArticle permits InboundArticle, WelcomeArticle, EchoArticle {
        PlannedArticle article();
    }

    private record InboundArticle(PlannedArticle article, InboundMessage message, InboundContent content)
            implements NewArticle {
    }

    private record WelcomeArticle(PlannedArticle article, InboundMessage message, String requestId, String text)
            implements NewArticle {
    }

    /**
     * An echo, already sent; {@code receipts} are the waiting receipts that moved its status, in order, each with
     * the article's state after it.
     */
    private record EchoArticle(PlannedArticle article, InboundMessage message, InboundContent content,
                               List<ReceiptApplied> receipts) implements NewArticle {

        Status status() {
            return receipts.isEmpty() ? Status.SENT : receipts.get(receipts.size() - 1).status();
        }
    }

    private record ReceiptApplied(Status previous, Status status, PendingStatus receipt) {
    }

    /** A reactor's reaction to an article (stored or planned: one {@link PlannedArticle} per article). */
    private record PlannedReactionKey(PlannedArticle article, String reactor) {
    }

    /** An outbox record in the making, in the order the rules produce them. */
    private sealed interface Emission permits TicketEmission, ArticleEmission {
    }

    /** @param state the ticket's state when the event happened (a merge may close it later in the batch) */
    private record TicketEmission(TicketEventType type, PlannedTicket ticket, TicketState state,
                                  Conversation conversation) implements Emission {
    }

    private record ArticleEmission(PlannedTicket ticket, TicketState state, Conversation conversation,
                                   NewArticle article) implements Emission {
    }

    private final Rules rules;
    private final Instant now;
    private final Map<ArticleKey, PlannedArticle> articles = new HashMap<>();
    private final Map<ConversationKey, ConversationState> conversations = new LinkedHashMap<>();
    private final Map<ConversationKey, PlannedTicket> currentTickets = new HashMap<>();
    private final Map<Long, PlannedTicket> storedTickets = new LinkedHashMap<>();
    private final Map<ReactionKey, Instant> storedReactions;
    private final Map<ArticleKey, List<PendingStatus>> waitingReceipts;
    private final Map<PlannedReactionKey, ReactionState> reactions = new LinkedHashMap<>();
    private final List<PlannedTicket> newTickets = new ArrayList<>();
    private final List<NewArticle> newArticles = new ArrayList<>(); // in id order
    private final List<Emission> emissions = new ArrayList<>();
    private final IdentityResolution identities;
    private final Set<ConversationKey> takenKeys;
    private final List<MergeWrite> merges = new ArrayList<>();
    private final List<PlannedTicket> mergeClosed = new ArrayList<>();
    private boolean idsAssigned;

    private InboundBatchPlan(Rules rules, Stored stored, Instant now) {
        this.rules = rules;
        this.now = now;
        this.storedReactions = stored.reactions();
        this.waitingReceipts = stored.receipts();
        this.identities = new IdentityResolution(stored.identities());
        this.takenKeys = stored.takenKeys();
        stored.tickets().forEach((key, row) -> currentTickets.put(key, storedTicket(row)));
        stored.articles().forEach((key, article) -> articles.put(key,
                new PlannedArticle(article.id(), storedTicket(article.ticketId()), false)));
        stored.conversations().forEach((key, conversation) -> conversations.put(key,
                new ConversationState(key.channelId(), key.customerId(), conversation, now)));
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
                row.customerId(), row.group(), row.state(), false, id));
        return ticket;
    }

    /** A ticket known only as an article's ticket: it is only ever touched (the batch's own tickets are read). */
    private PlannedTicket storedTicket(long id) {
        return storedTickets.computeIfAbsent(id, i -> new PlannedTicket(i, null, null, null, null, false, i));
    }

    // ------------------------------------------------------------------------------------------------ the rules

    /** The rules (see the class), for one message, on the plan's state. */
    private void apply(InboundMessage message) {
        String channelId = message.getChannelId();
        String reactor = Keys.customerId(message.getCustomer());
        ArticleKey key = new ArticleKey(channelId, message.getMessageId());
        if (articles.containsKey(key)) {
            return;
        }
        if (message.getEcho()) {
            echo(message, key);
            return;
        }
        if (message.getType() == InboundMessageType.REACTION && message.getReaction() != null) {
            PlannedArticle target = articles.get(new ArticleKey(channelId, message.getReaction().getMessageId()));
            if (target != null) {
                react(target, reactor, message);
                return;
            }
        }
        boolean timelineOnly = message.getType() == InboundMessageType.SYSTEM
                || message.getType() == InboundMessageType.CALL;
        Channel channel = rules.channels().apply(channelId);
        // a system message about a customer this channel never talked to has no timeline to go on
        ConversationState conversation = resolve(message, message.getType() != InboundMessageType.SYSTEM);
        if (conversation == null) {
            return;
        }
        ConversationKey conversationKey = new ConversationKey(channelId, conversation.customerId);
        Conversation snapshot = conversation.upsert(message, aliases(conversation));
        PlannedTicket ticket = timelineOnly ? timelineTicket(channel, conversationKey, snapshot)
                : ticketFor(channel, conversationKey, snapshot);

        PlannedArticle article = new PlannedArticle(0, ticket, true);
        articles.put(key, article);
        add(new InboundArticle(article, message, InboundContent.of(message)), ticket, snapshot);
        if (timelineOnly) {
            // identity notices and calls: on the timeline, but no window, no welcome, no keyword
            return;
        }
        conversation.customerWrote(message.getSentAt());

        if (message.getType() == InboundMessageType.TEXT) {
            optOutOrIn(message, conversation, ticket, snapshot);
        }
        if (channel.welcomes() && !conversation.welcomed) {
            conversation.welcomed = true;
            add(new WelcomeArticle(new PlannedArticle(0, ticket, true), message,
                    InboundRequests.welcomeRequestId(channelId, conversation.customerId), channel.welcomeMessage()),
                    ticket, snapshot);
        }
    }

    /** An echo: on the customer's ticket as a message of theirs would be, but no window, welcome or keyword. */
    private void echo(InboundMessage message, ArticleKey key) {
        Channel channel = rules.channels().apply(key.channelId());
        ConversationState conversation = resolve(message, true);
        Conversation snapshot = conversation.upsert(message, aliases(conversation));
        PlannedTicket ticket = ticketFor(channel, new ConversationKey(key.channelId(), conversation.customerId),
                snapshot);
        PlannedArticle article = new PlannedArticle(0, ticket, true);
        articles.put(key, article);
        add(new EchoArticle(article, message, InboundContent.of(message),
                receiptsApplied(waitingReceipts.getOrDefault(key, List.of()))), ticket, snapshot);
    }

    // ------------------------------------------------------------------------------------------------ identities

    /**
     * The conversation the message's identities lead to ({@link IdentityResolution}): none (a new one, keyed
     * {@code Keys.customerId}, if {@code create}), one (it learns the message's other ids), or several: the customer
     * turned out to have two conversations, which are merged into the older. Null if none and not {@code create}.
     */
    private ConversationState resolve(InboundMessage message, boolean create) {
        String channelId = message.getChannelId();
        Claims claims = IdentityResolution.claims(message);
        List<ConversationState> found = new ArrayList<>();
        for (String customerId : identities.conversations(claims)) {
            ConversationState state = conversations.get(new ConversationKey(channelId, customerId));
            if (state == null) {
                throw new IllegalStateException("identity of " + channelId + ":" + customerId + " not read");
            }
            found.add(state);
        }
        ConversationState target;
        if (found.isEmpty()) {
            if (!create) {
                return null;
            }
            String customerId = freeKey(channelId, Keys.customerId(message.getCustomer()));
            target = new ConversationState(channelId, customerId, null, now);
            conversations.put(new ConversationKey(channelId, customerId), target);
        } else {
            target = found.stream().min(Comparator.comparing((ConversationState c) -> c.createdAt)
                    .thenComparing(c -> c.customerId)).orElseThrow();
            for (ConversationState other : found) {
                if (other != target) {
                    merge(target, other);
                }
            }
        }
        identities.record(claims, target.customerId, message.getSentAt());
        return target;
    }

    /** The natural key, unless a conversation keeps it that no identity leads to (a recycled number's old one). */
    private String freeKey(String channelId, String natural) {
        for (String candidate : CustomerKeys.candidates(natural)) {
            ConversationKey key = new ConversationKey(channelId, candidate);
            if (!takenKeys.contains(key) && !conversations.containsKey(key)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no free conversation key for " + channelId + ":" + natural);
    }

    /**
     * Merges {@code loser} into {@code survivor} (the older): its identities and tickets move over; of two open
     * tickets the younger is closed with a note; the window's start is the newest, welcomed if either was, the
     * newest opt-out and marketing consent changes win. The loser's row stays, marked merged.
     */
    private void merge(ConversationState survivor, ConversationState loser) {
        String channelId = survivor.channelId;
        identities.merge(channelId, loser.customerId, survivor.customerId);
        survivor.absorb(loser);
        loser.mergedInto = survivor.customerId;
        loser.changed = true;
        merges.add(new MergeWrite(channelId, loser.customerId, survivor.customerId));
        conversations.values().stream().filter(c -> loser.customerId.equals(c.mergedInto))
                .forEach(c -> c.mergedInto = survivor.customerId);

        ConversationKey survivorKey = new ConversationKey(channelId, survivor.customerId);
        PlannedTicket kept = currentTickets.get(survivorKey);
        PlannedTicket moved = currentTickets.remove(new ConversationKey(channelId, loser.customerId));
        storedTickets.values().stream().filter(t -> loser.customerId.equals(t.customerId)
                && channelId.equals(t.channelId)).forEach(t -> t.customerId = survivor.customerId);
        newTickets.stream().filter(t -> loser.customerId.equals(t.customerId) && channelId.equals(t.channelId))
                .forEach(t -> t.customerId = survivor.customerId);
        Conversation snapshot = survivor.snapshot(aliases(survivor));
        PlannedTicket current;
        if (kept != null && moved != null && kept.state == TicketState.OPEN && moved.state == TicketState.OPEN) {
            PlannedTicket younger = kept.age > moved.age ? kept : moved;
            current = younger == kept ? moved : kept;
            younger.state = TicketState.CLOSED;
            younger.mergedInto = current;
            mergeClosed.add(younger);
            emissions.add(new TicketEmission(TicketEventType.TICKET_CLOSED, younger, TicketState.CLOSED, snapshot));
        } else if (kept == null || moved == null) {
            current = kept != null ? kept : moved;
        } else if (kept.state == TicketState.OPEN || moved.state == TicketState.OPEN) {
            current = kept.state == TicketState.OPEN ? kept : moved;
        } else {
            current = kept.age > moved.age ? kept : moved;
        }
        if (current != null) {
            currentTickets.put(survivorKey, current);
            emissions.add(new TicketEmission(TicketEventType.CUSTOMER_MERGED, current, current.state, snapshot));
        }
    }

    private List<String> aliases(ConversationState conversation) {
        return identities.aliases(conversation.channelId, conversation.customerId);
    }

    // ------------------------------------------------------------------------------------------------ tickets

    /** The waiting receipts, oldest first, that move a sent article's status (it only moves forward). */
    private static List<ReceiptApplied> receiptsApplied(List<PendingStatus> waiting) {
        List<ReceiptApplied> applied = new ArrayList<>();
        Status current = Status.SENT;
        for (PendingStatus receipt : waiting) {
            Status next = StatusProgress.next(current, receipt.status());
            if (next != current) {
                applied.add(new ReceiptApplied(current, next, receipt));
                current = next;
            }
        }
        return applied;
    }

    private void add(NewArticle article, PlannedTicket ticket, Conversation conversation) {
        newArticles.add(article);
        // an entry on a closed ticket's timeline does not bring the closed ticket back up its queue
        ticket.touched |= ticket.state == TicketState.OPEN;
        emissions.add(new ArticleEmission(ticket, ticket.state, conversation, article));
    }

    private PlannedTicket ticketFor(Channel channel, ConversationKey key, Conversation conversation) {
        PlannedTicket current = currentTickets.get(key);
        if (current != null && current.state == TicketState.OPEN) {
            return current;
        }
        if (current != null && channel.afterClose() == AfterClose.REOPEN) {
            current.state = TicketState.OPEN;
            current.reopened = true;
            emissions.add(new TicketEmission(TicketEventType.TICKET_REOPENED, current, TicketState.OPEN,
                    conversation));
            return current;
        }
        String group = channel.groupOf(key.channelId());
        PlannedTicket created = new PlannedTicket(0, key.channelId(), key.customerId(), group, TicketState.OPEN, true,
                Long.MAX_VALUE / 2 + newTickets.size());
        currentTickets.put(key, created);
        newTickets.add(created);
        emissions.add(new TicketEmission(TicketEventType.TICKET_OPENED, created, TicketState.OPEN, conversation));
        return created;
    }

    /**
     * Where a system notice or a call goes: the open ticket, else the newest one, left closed; a new ticket only
     * when the customer has none.
     */
    private PlannedTicket timelineTicket(Channel channel, ConversationKey key, Conversation conversation) {
        PlannedTicket current = currentTickets.get(key);
        return current != null ? current : ticketFor(channel, key, conversation);
    }

    /** The newest reaction of a reactor to an article wins; an older one delivered late changes nothing. */
    private void react(PlannedArticle target, String reactor, InboundMessage message) {
        ReactionState reaction = reactions.computeIfAbsent(new PlannedReactionKey(target, reactor),
                k -> new ReactionState(target, reactor,
                        target.created ? null : storedReactions.get(new ReactionKey(target.id, reactor))));
        Instant at = message.getSentAt();
        if (reaction.reactedAt != null && !reaction.reactedAt.isBefore(at)) {
            return;
        }
        reaction.emoji = message.getReaction().getEmoji() == null ? "" : message.getReaction().getEmoji();
        reaction.reactedAt = at;
        reaction.changed = true;
        ConversationState conversation = resolve(message, false);
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
                    : TicketEventType.CUSTOMER_OPTED_IN, ticket, ticket.state, snapshot));
        }
    }

    // ------------------------------------------------------------------------------------------------ ids

    public int newTicketCount() {
        return newTickets.size();
    }

    public int newArticleCount() {
        return newArticles.size();
    }

    /** The ids of the new tickets and articles, ascending: given in the order the rules create them. */
    public void assignIds(long[] ticketIds, long[] articleIds) {
        if (ticketIds.length != newTickets.size() || articleIds.length != newArticles.size()) {
            throw new IllegalArgumentException("expected " + newTickets.size() + " ticket and " + newArticles.size()
                    + " article ids, got " + ticketIds.length + " and " + articleIds.length);
        }
        for (int i = 0; i < ticketIds.length; i++) {
            newTickets.get(i).id = ticketIds[i];
        }
        for (int i = 0; i < articleIds.length; i++) {
            newArticles.get(i).article().id = articleIds[i];
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
        return newTickets.stream().map(t -> new TicketInsert(t.id, t.channelId, t.customerId, t.group, t.state))
                .toList();
    }

    /** The identities the batch learned, retired or moved to another conversation. */
    public List<IdentityWrite> identityWrites() {
        return identities.writes();
    }

    /** The batch's merges, in order: the loser's tickets and merged conversations move to the survivor. */
    public List<MergeWrite> mergeWrites() {
        return List.copyOf(merges);
    }

    /** Stored tickets a merge closed (new ones are inserted closed), each with its note. */
    public List<MergeClosed> mergeClosedTickets() {
        requireIds();
        return mergeClosed.stream().map(t -> new MergeClosed(t.id, mergeNote(t.mergedInto.id))).toList();
    }

    /** The note on a ticket a merge closed (V11's backfill writes the same). */
    static String mergeNote(long keptTicketId) {
        return "Merged into #" + keptTicketId + ": the same customer wrote with another identity.";
    }

    /** Closed tickets the batch reopens (their activity becomes now). */
    public List<Long> reopenedTickets() {
        return storedTickets.values().stream().filter(t -> t.reopened && t.state == TicketState.OPEN)
                .map(t -> t.id).toList();
    }

    /** Stored tickets that only gain activity (a new ticket's activity is its creation). */
    public List<Long> touchedTickets() {
        return storedTickets.values().stream().filter(t -> t.touched && !t.reopened).map(t -> t.id).toList();
    }

    public List<ArticleInsert> articleInserts() {
        requireIds();
        return newArticles.stream().map(this::insert).toList();
    }

    private ArticleInsert insert(NewArticle article) {
        long id = article.article().id;
        long ticketId = article.article().ticket.id;
        if (article instanceof InboundArticle a) {
            return new ArticleInsert(id, ticketId, a.message().getChannelId(), Direction.INBOUND, a.content().type(),
                    a.message().getMessageId(), null, Status.RECEIVED, a.content().text(), a.content().content(),
                    a.message().getSentAt(), a.message().getBusinessNumberId());
        }
        if (article instanceof WelcomeArticle a) {
            return new ArticleInsert(id, ticketId, a.message().getChannelId(), Direction.OUTBOUND, "text", null,
                    a.requestId(), Status.PENDING, a.text(), Map.of(), null, null);
        }
        EchoArticle a = (EchoArticle) article;
        return new ArticleInsert(id, ticketId, a.message().getChannelId(), Direction.OUTBOUND, a.content().type(),
                a.message().getMessageId(), InboundRequests.echoRequestId(a.message().getChannelId(),
                a.message().getMessageId()), a.status(), a.content().text(), a.content().content(),
                a.message().getSentAt(), null);
    }

    /** The batch's echoes: when their status last changed (when sent, or by the newest receipt applied). */
    public List<EchoStatus> echoStatuses() {
        requireIds();
        List<EchoStatus> rows = new ArrayList<>();
        for (NewArticle article : newArticles) {
            if (article instanceof EchoArticle echo) {
                PendingStatus last = echo.receipts().isEmpty() ? null
                        : echo.receipts().get(echo.receipts().size() - 1).receipt();
                boolean failed = echo.status() == Status.FAILED;
                rows.add(new EchoStatus(echo.article().id, last == null ? echo.message().getSentAt() : last.statusAt(),
                        failed ? last.errorCode() : null, failed ? last.errorTitle() : null,
                        failed ? last.errorMessage() : null));
            }
        }
        return rows;
    }

    /** The message ids of the batch's echoes: the receipts parked for them are applied ({@link Stored#receipts}). */
    public List<ArticleKey> echoKeys() {
        return newArticles.stream().filter(EchoArticle.class::isInstance)
                .map(a -> new ArticleKey(((EchoArticle) a).message().getChannelId(),
                        ((EchoArticle) a).message().getMessageId()))
                .toList();
    }

    /** Reactions that change: per article and reactor the newest of the batch, if newer than the stored one. */
    public List<ReactionWrite> reactionWrites() {
        requireIds();
        return reactions.values().stream().filter(r -> r.changed)
                .map(r -> new ReactionWrite(r.article.id, r.reactor, r.emoji, r.reactedAt)).toList();
    }

    /**
     * Stored articles (not the batch's own, whose ARTICLE_ADDED says it all) whose reactions the batch changes: each
     * is announced as updated ({@code ArticleUpdates}).
     */
    public List<Long> reactedArticles() {
        return reactions.values().stream().filter(r -> r.changed && !r.article.created).map(r -> r.article.id)
                .distinct().toList();
    }

    /** Writes the batch's ticket events and outbound requests, in the order the rules produce them. */
    public void emit(TicketEvents events) {
        requireIds();
        for (Emission emission : emissions) {
            if (emission instanceof TicketEmission e) {
                events.ticket(e.type(), e.ticket().row(now, e.state()), e.conversation());
            } else if (emission instanceof ArticleEmission e) {
                emit(events, e.ticket().row(now, e.state()), e.conversation(), e.article());
            }
        }
    }

    private void emit(TicketEvents events, TicketRow ticket, Conversation conversation, NewArticle article) {
        long id = article.article().id;
        if (article instanceof InboundArticle a) {
            events.article(TicketEventType.ARTICLE_ADDED, ticket, conversation,
                    new ArticleRow(id, ticket.id(), ticket.channelId(), Direction.INBOUND, a.content().type(),
                            a.message().getMessageId(), null, Status.RECEIVED, a.content().text(), null, null, null,
                            null, a.message().getSentAt(), now), null);
        } else if (article instanceof WelcomeArticle a) {
            events.request(InboundRequests.welcomeRequest(a.message(), a.requestId(), a.text(), ticket.id(), id,
                    now, rules.window()));
            events.article(TicketEventType.ARTICLE_ADDED, ticket, conversation,
                    new ArticleRow(id, ticket.id(), ticket.channelId(), Direction.OUTBOUND, "text", null, a.requestId(),
                            Status.PENDING, a.text(), "{}", null, null, null, null, now), null);
        } else if (article instanceof EchoArticle a) {
            ArticleRow row = new ArticleRow(id, ticket.id(), ticket.channelId(), Direction.OUTBOUND, a.content().type(),
                    a.message().getMessageId(),
                    InboundRequests.echoRequestId(ticket.channelId(), a.message().getMessageId()), Status.SENT,
                    a.content().text(), null, null, null, null, a.message().getSentAt(), now);
            events.article(TicketEventType.ARTICLE_ADDED, ticket, conversation, row, null);
            for (ReceiptApplied applied : a.receipts()) {
                PendingStatus receipt = applied.receipt();
                boolean failed = applied.status() == Status.FAILED;
                row = new ArticleRow(id, row.ticketId(), row.channelId(), row.direction(), row.type(),
                        row.messageId(), row.requestId(), applied.status(), row.text(), null,
                        failed ? receipt.errorCode() : null, failed ? receipt.errorTitle() : null,
                        failed ? receipt.errorMessage() : null, row.sentAt(), now);
                events.article(TicketEventType.ARTICLE_STATUS_CHANGED, ticket, conversation, row,
                        applied.previous());
            }
        }
    }

    private void requireIds() {
        if (!idsAssigned) {
            throw new IllegalStateException("assignIds first");
        }
    }
}
