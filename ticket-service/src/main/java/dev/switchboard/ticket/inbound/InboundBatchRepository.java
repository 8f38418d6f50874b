package dev.switchboard.ticket.inbound;

import static dev.switchboard.kit.jdbc.JdbcTime.instant;
import static dev.switchboard.kit.jdbc.JdbcTime.timestamp;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Repository;

import dev.switchboard.events.InboundMessage;
import dev.switchboard.events.InboundMessageType;
import dev.switchboard.schemas.Keys;
import dev.switchboard.ticket.inbound.plan.IdentityResolution;
import dev.switchboard.ticket.inbound.plan.IdentityResolution.Claims;
import dev.switchboard.ticket.inbound.plan.IdentityResolution.Identity;
import dev.switchboard.ticket.inbound.plan.IdentityResolution.IdentityWrite;
import dev.switchboard.ticket.inbound.plan.IdentityResolution.Kind;
import dev.switchboard.ticket.inbound.plan.IdentityResolution.Known;
import dev.switchboard.ticket.inbound.plan.InboundBatchPlan;
import dev.switchboard.ticket.inbound.plan.InboundBatchPlan.ArticleInsert;
import dev.switchboard.ticket.inbound.plan.InboundBatchPlan.ArticleKey;
import dev.switchboard.ticket.inbound.plan.InboundBatchPlan.ConversationKey;
import dev.switchboard.ticket.inbound.plan.InboundBatchPlan.ConversationWrite;
import dev.switchboard.ticket.inbound.plan.InboundBatchPlan.EchoStatus;
import dev.switchboard.ticket.inbound.plan.InboundBatchPlan.MergeClosed;
import dev.switchboard.ticket.inbound.plan.InboundBatchPlan.MergeWrite;
import dev.switchboard.ticket.inbound.plan.InboundBatchPlan.ReactionKey;
import dev.switchboard.ticket.inbound.plan.InboundBatchPlan.ReactionWrite;
import dev.switchboard.ticket.inbound.plan.InboundBatchPlan.Stored;
import dev.switchboard.ticket.inbound.plan.InboundBatchPlan.StoredArticle;
import dev.switchboard.ticket.inbound.plan.InboundBatchPlan.StoredConversation;
import dev.switchboard.ticket.inbound.plan.InboundBatchPlan.TicketInsert;
import dev.switchboard.ticket.status.StatusProgress.Status;
import dev.switchboard.ticket.store.CustomerKeys;
import dev.switchboard.ticket.store.TicketRepository;
import dev.switchboard.ticket.store.TicketRepository.PendingStatus;
import dev.switchboard.ticket.store.TicketRepository.TicketRow;
import dev.switchboard.ticket.store.TicketState;
import dev.switchboard.ticket.store.Wire;
import tools.jackson.databind.json.JsonMapper;

/**
 * The SQL of {@link InboundBatches}: what a batch of inbound messages needs to know, read with three or four
 * queries, and what it changes, written with one statement per table, all over arrays ({@code unnest}).
 */
@Repository
public class InboundBatchRepository {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;

    public InboundBatchRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // ------------------------------------------------------------------------------------------------ reads

    /**
     * What the database holds for these messages (see {@link Stored}), after taking the lock of each of their
     * identities ({@link TicketRepository#lockIdentities}): the conversations they resolve to are not merged or
     * re-identified by another transaction until this one ends.
     */
    public Stored stored(List<InboundMessage> messages) {
        Set<ArticleKey> articleKeys = new LinkedHashSet<>();
        Set<Identity> identities = new LinkedHashSet<>();
        Set<Identity> replaced = new LinkedHashSet<>();
        Set<Identity> natural = new LinkedHashSet<>();
        for (InboundMessage m : messages) {
            articleKeys.add(new ArticleKey(m.getChannelId(), m.getMessageId()));
            if (m.getType() == InboundMessageType.REACTION && m.getReaction() != null) {
                articleKeys.add(new ArticleKey(m.getChannelId(), m.getReaction().getMessageId()));
            }
            Claims claims = IdentityResolution.claims(m);
            identities.addAll(claims.all());
            replaced.addAll(claims.replaced());
            claims.all().stream().filter(i -> i.value().equals(Keys.customerId(m.getCustomer()))).findFirst()
                    .ifPresent(natural::add);
        }
        Map<ArticleKey, List<PendingStatus>> receipts = receiptsFor(messages.stream().filter(InboundMessage::getEcho)
                .map(m -> new ArticleKey(m.getChannelId(), m.getMessageId())).distinct().toList());
        TicketRepository.lock(jdbc, identities.stream()
                .map(i -> TicketRepository.identityLock(i.channelId(), i.kind().wire(), i.value())).toList());
        Map<Identity, Known> known = identities(identities);
        Map<ArticleKey, StoredArticle> articles = articles(articleKeys);
        Map<ConversationKey, StoredConversation> conversations = new HashMap<>();
        Map<ConversationKey, TicketRow> tickets = new HashMap<>();
        Set<ConversationKey> conversationKeys = new LinkedHashSet<>();
        known.forEach((identity, k) -> conversationKeys.add(new ConversationKey(identity.channelId(), k.customerId())));
        readConversations(conversationKeys, conversations, tickets);
        known.putAll(identitiesOf(conversationKeys));
        // a new conversation's natural key may be kept by the old conversation of a retired id (a recycled number)
        Set<Identity> mayBeTaken = new LinkedHashSet<>(replaced);
        natural.stream().filter(i -> known.containsKey(i) && known.get(i).retiredAt() != null).forEach(mayBeTaken::add);
        return new Stored(articles, conversations, tickets, reactions(messages, articles), receipts, known,
                takenKeys(mayBeTaken));
    }

    /**
     * The identities as stored, each pointing at the conversation it resolves to (merges followed). A conversation
     * keyed by one of the values that has no identity row at all (one created before identities were kept) counts
     * as that identity's.
     */
    private Map<Identity, Known> identities(Set<Identity> identities) {
        Map<Identity, Known> found = new HashMap<>();
        if (identities.isEmpty()) {
            return found;
        }
        jdbc.sql("""
                        select v.channel_id, v.kind, v.value, coalesce(c.merged_into, c.customer_id), i.retired_at
                        from unnest(?::text[], ?::text[], ?::text[]) as v(channel_id, kind, value)
                        join customer_identity i on i.channel_id = v.channel_id and i.kind = v.kind and i.value = v.value
                        join conversation c on c.channel_id = i.channel_id and c.customer_id = i.customer_id
                        union all
                        select v.channel_id, v.kind, v.value, coalesce(c.merged_into, c.customer_id), null
                        from unnest(?::text[], ?::text[], ?::text[]) as v(channel_id, kind, value)
                        join conversation c on c.channel_id = v.channel_id and c.customer_id = v.value
                        where not exists (select 1 from customer_identity i
                                          where i.channel_id = v.channel_id and i.value = v.value
                                            and i.kind in ('wa_id', 'user_id'))
                        """)
                .params(texts(identities, Identity::channelId), texts(identities, i -> i.kind().wire()),
                        texts(identities, Identity::value), texts(identities, Identity::channelId),
                        texts(identities, i -> i.kind().wire()), texts(identities, Identity::value))
                .query(rs -> {
                    found.putIfAbsent(new Identity(rs.getString(1), Kind.fromWire(rs.getString(2)), rs.getString(3)),
                            new Known(rs.getString(4), instant(rs, 5)));
                });
        return found;
    }

    /** Every identity of the conversations (retired ones too). */
    private Map<Identity, Known> identitiesOf(Set<ConversationKey> keys) {
        Map<Identity, Known> found = new HashMap<>();
        if (keys.isEmpty()) {
            return found;
        }
        jdbc.sql("""
                        select i.channel_id, i.kind, i.value, i.customer_id, i.retired_at
                        from unnest(?::text[], ?::text[]) as v(channel_id, customer_id)
                        join customer_identity i on i.channel_id = v.channel_id and i.customer_id = v.customer_id
                        """)
                .params(texts(keys, ConversationKey::channelId), texts(keys, ConversationKey::customerId))
                .query(rs -> {
                    found.put(new Identity(rs.getString(1), Kind.fromWire(rs.getString(2)), rs.getString(3)),
                            new Known(rs.getString(4), instant(rs, 5)));
                });
        return found;
    }

    /** Which of the keys a new conversation of these identities could take exist already. */
    private Set<ConversationKey> takenKeys(Set<Identity> identities) {
        Set<ConversationKey> candidates = new LinkedHashSet<>();
        identities.forEach(i -> CustomerKeys.candidates(i.value())
                .forEach(key -> candidates.add(new ConversationKey(i.channelId(), key))));
        Set<ConversationKey> taken = new HashSet<>();
        if (candidates.isEmpty()) {
            return taken;
        }
        jdbc.sql("""
                        select c.channel_id, c.customer_id from unnest(?::text[], ?::text[]) as v(channel_id, customer_id)
                        join conversation c on c.channel_id = v.channel_id and c.customer_id = v.customer_id
                        """)
                .params(texts(candidates, ConversationKey::channelId), texts(candidates, ConversationKey::customerId))
                .query(rs -> {
                    taken.add(new ConversationKey(rs.getString(1), rs.getString(2)));
                });
        return taken;
    }

    /**
     * The receipts parked for the echoes' message ids, oldest first, after taking each message id's lock
     * ({@link TicketRepository#lockMessageId}): a receipt for one of them now either is parked already or waits for
     * this transaction and then finds the echo's article.
     */
    private Map<ArticleKey, List<PendingStatus>> receiptsFor(List<ArticleKey> echoes) {
        Map<ArticleKey, List<PendingStatus>> found = new HashMap<>();
        if (echoes.isEmpty()) {
            return found;
        }
        TicketRepository.lock(jdbc, echoes.stream().map(k -> TicketRepository.messageIdLock(k.channelId(),
                k.messageId())).toList());
        jdbc.sql("""
                        select p.channel_id, p.message_id, p.status, p.error_code, p.error_title, p.error_message,
                               p.status_at
                        from unnest(?::text[], ?::text[]) as v(channel_id, message_id)
                        join pending_status p on p.channel_id = v.channel_id and p.message_id = v.message_id
                        order by p.status_at
                        """)
                .params(texts(echoes, ArticleKey::channelId), texts(echoes, ArticleKey::messageId))
                .query(rs -> {
                    found.computeIfAbsent(new ArticleKey(rs.getString(1), rs.getString(2)), k -> new ArrayList<>())
                            .add(new PendingStatus(Status.fromWire(rs.getString(3)), (Integer) rs.getObject(4), rs.getString(5),
                                    rs.getString(6), instant(rs, 7)));
                });
        return found;
    }

    private Map<ArticleKey, StoredArticle> articles(Set<ArticleKey> keys) {
        Map<ArticleKey, StoredArticle> found = new HashMap<>();
        jdbc.sql("""
                        select a.channel_id, a.message_id, a.id, a.ticket_id
                        from unnest(?::text[], ?::text[]) as v(channel_id, message_id)
                        join article a on a.channel_id = v.channel_id and a.message_id = v.message_id
                        """)
                .params(texts(keys, ArticleKey::channelId), texts(keys, ArticleKey::messageId))
                .query(rs -> {
                    found.put(new ArticleKey(rs.getString(1), rs.getString(2)),
                            new StoredArticle(rs.getLong(3), rs.getLong(4)));
                });
        return found;
    }

    /** The conversations and, per conversation, its open ticket or else its newest (what reopening reopens). */
    private void readConversations(Set<ConversationKey> keys, Map<ConversationKey, StoredConversation> conversations,
                                   Map<ConversationKey, TicketRow> tickets) {
        jdbc.sql("""
                        select c.channel_id, c.customer_id, c.wa_id, c.user_id, c.name, c.last_customer_message_at,
                               c.opted_out, c.opted_changed_at, c.welcomed,
                               t.id, t.state, t.group_name, t.created_at, t.updated_at,
                               c.username, c.parent_user_id, c.marketing_opted_out, c.marketing_changed_at, c.created_at
                        from unnest(?::text[], ?::text[]) as v(channel_id, customer_id)
                        join conversation c on c.channel_id = v.channel_id and c.customer_id = v.customer_id
                        left join lateral (
                            select id, state, group_name, created_at, updated_at from ticket
                            where ticket.channel_id = c.channel_id and ticket.customer_id = c.customer_id
                            order by state = 'open' desc, id desc limit 1) t on true
                        """)
                .params(texts(keys, ConversationKey::channelId), texts(keys, ConversationKey::customerId))
                .query(rs -> {
                    ConversationKey key = new ConversationKey(rs.getString(1), rs.getString(2));
                    conversations.put(key, new StoredConversation(rs.getString(3), rs.getString(4), rs.getString(5),
                            instant(rs, 6), rs.getBoolean(7), instant(rs, 8), rs.getBoolean(9), rs.getString(15),
                            rs.getString(16), rs.getBoolean(17), instant(rs, 18), instant(rs, 19)));
                    long ticketId = rs.getLong(10);
                    if (!rs.wasNull()) {
                        tickets.put(key, new TicketRow(ticketId, key.channelId(), key.customerId(),
                                Wire.parse(TicketState.class, rs.getString(11)),
                                rs.getString(12), instant(rs, 13), instant(rs, 14)));
                    }
                });
    }

    /** The stored reactions of the batch's reactors to the stored articles they react to. */
    private Map<ReactionKey, Instant> reactions(List<InboundMessage> messages, Map<ArticleKey, StoredArticle> articles) {
        Set<ReactionKey> keys = new LinkedHashSet<>();
        for (InboundMessage m : messages) {
            if (m.getType() == InboundMessageType.REACTION && m.getReaction() != null) {
                StoredArticle target = articles.get(new ArticleKey(m.getChannelId(), m.getReaction().getMessageId()));
                if (target != null) {
                    keys.add(new ReactionKey(target.id(), Keys.customerId(m.getCustomer())));
                }
            }
        }
        Map<ReactionKey, Instant> found = new HashMap<>();
        if (keys.isEmpty()) {
            return found;
        }
        jdbc.sql("""
                        select r.article_id, r.reactor, r.reacted_at
                        from unnest(?::bigint[], ?::text[]) as v(article_id, reactor)
                        join reaction r on r.article_id = v.article_id and r.reactor = v.reactor
                        """)
                .params(new SqlArrayValue("bigint", keys.stream().map(ReactionKey::articleId).toArray(Long[]::new)),
                        texts(keys, ReactionKey::reactor))
                .query(rs -> {
                    found.put(new ReactionKey(rs.getLong(1), rs.getString(2)), instant(rs, 3));
                });
        return found;
    }

    // ------------------------------------------------------------------------------------------------ writes

    /**
     * Takes the ids of the plan's new tickets and articles from their sequences, ascending, as inserting them one by
     * one would.
     */
    public void assignIds(InboundBatchPlan plan) {
        long[][] ids = jdbc.sql("""
                        with sequence as materialized (select pg_get_serial_sequence('ticket', 'id')::regclass as ticket,
                                                              pg_get_serial_sequence('article', 'id')::regclass as article)
                        select array(select nextval(s.ticket) from generate_series(1, ?)),
                               array(select nextval(s.article) from generate_series(1, ?))
                        from sequence s
                        """)
                .params(plan.newTicketCount(), plan.newArticleCount())
                .query((rs, n) -> new long[][] {longs(rs.getArray(1)), longs(rs.getArray(2))}).single();
        plan.assignIds(ids[0], ids[1]);
    }

    /**
     * Writes the plan's rows (not its events): conversations, identities, tickets (new ones, those merges close and
     * move), articles, reactions, in that order.
     */
    public void write(InboundBatchPlan plan, Instant now) {
        Timestamp at = timestamp(now);
        writeConversations(plan.conversationWrites(), at);
        writeIdentities(plan.identityWrites(), at);
        List<TicketInsert> tickets = plan.ticketInserts();
        if (!tickets.isEmpty()) {
            jdbc.sql("""
                            insert into ticket (id, channel_id, customer_id, state, group_name, created_at, updated_at)
                            overriding system value
                            select id, channel_id, customer_id, state, group_name, ?, ?
                            from unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[])
                                as v(id, channel_id, customer_id, group_name, state)
                            """)
                    .params(at, at, new SqlArrayValue("bigint", tickets.stream().map(TicketInsert::id).toArray(Long[]::new)),
                            texts(tickets, TicketInsert::channelId), texts(tickets, TicketInsert::customerId),
                            texts(tickets, TicketInsert::group), texts(tickets, t -> Wire.of(t.state())))
                    .update();
        }
        writeMerges(plan, at);
        updateTickets(plan.reopenedTickets(), plan.touchedTickets(), at);
        insertArticles(plan.articleInserts(), at);
        writeReactions(plan.reactionWrites());
        writeEchoes(plan);
    }

    /** The echoes' status times and errors, and the receipts the plan applied to them leave pending_status. */
    private void writeEchoes(InboundBatchPlan plan) {
        List<EchoStatus> echoes = plan.echoStatuses();
        if (echoes.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        update article a set status_at = v.status_at::timestamptz, error_code = v.error_code,
                                             error_title = v.error_title, error_message = v.error_message
                        from unnest(?::bigint[], ?::text[], ?::integer[], ?::text[], ?::text[])
                            as v(id, status_at, error_code, error_title, error_message)
                        where a.id = v.id
                        """)
                .params(new SqlArrayValue("bigint", echoes.stream().map(EchoStatus::articleId).toArray(Long[]::new)),
                        texts(echoes, e -> text(e.statusAt())),
                        new SqlArrayValue("integer", echoes.stream().map(EchoStatus::errorCode).toArray(Integer[]::new)),
                        texts(echoes, EchoStatus::errorTitle), texts(echoes, EchoStatus::errorMessage))
                .update();
        List<ArticleKey> keys = plan.echoKeys();
        jdbc.sql("""
                        delete from pending_status p using unnest(?::text[], ?::text[]) as v(channel_id, message_id)
                        where p.channel_id = v.channel_id and p.message_id = v.message_id
                        """)
                .params(texts(keys, ArticleKey::channelId), texts(keys, ArticleKey::messageId))
                .update();
    }

    private void writeIdentities(List<IdentityWrite> rows, Timestamp now) {
        if (rows.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        insert into customer_identity (channel_id, kind, value, customer_id, first_seen_at, retired_at)
                        select channel_id, kind, value, customer_id, ?, retired_at::timestamptz
                        from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                            as v(channel_id, kind, value, customer_id, retired_at)
                        on conflict (channel_id, kind, value) do update set
                            customer_id = excluded.customer_id,
                            retired_at = excluded.retired_at,
                            first_seen_at = case when customer_identity.customer_id = excluded.customer_id
                                                 then customer_identity.first_seen_at else excluded.first_seen_at end
                        """)
                .params(now, texts(rows, IdentityWrite::channelId), texts(rows, r -> r.kind().wire()),
                        texts(rows, IdentityWrite::value), texts(rows, IdentityWrite::customerId),
                        texts(rows, r -> text(r.retiredAt())))
                .update();
    }

    /**
     * Merges: the tickets merges close (before the losers' tickets move, so that the survivor never has two open),
     * the losers' tickets and the conversations merged into them moved to the survivor, the closed tickets' notes.
     */
    private void writeMerges(InboundBatchPlan plan, Timestamp now) {
        List<MergeWrite> merges = plan.mergeWrites();
        if (merges.isEmpty()) {
            return;
        }
        List<MergeClosed> closed = plan.mergeClosedTickets();
        if (!closed.isEmpty()) {
            jdbc.sql("update ticket set state = 'closed', updated_at = ? where id = any(?)")
                    .params(now, new SqlArrayValue("bigint", closed.stream().map(MergeClosed::ticketId).toArray(Long[]::new)))
                    .update();
        }
        for (MergeWrite merge : merges) {
            jdbc.sql("update ticket set customer_id = ? where channel_id = ? and customer_id = ?")
                    .params(merge.survivor(), merge.channelId(), merge.loser()).update();
            jdbc.sql("update conversation set merged_into = ? where channel_id = ? and merged_into = ?")
                    .params(merge.survivor(), merge.channelId(), merge.loser()).update();
            jdbc.sql("update customer_identity set customer_id = ? where channel_id = ? and customer_id = ?")
                    .params(merge.survivor(), merge.channelId(), merge.loser()).update();
        }
        if (!closed.isEmpty()) {
            jdbc.sql("""
                            insert into ticket_note (ticket_id, agent_id, author, text, created_at)
                            select id, null, 'switchboard', text, ? from unnest(?::bigint[], ?::text[]) as v(id, text)
                            """)
                    .params(now, new SqlArrayValue("bigint", closed.stream().map(MergeClosed::ticketId).toArray(Long[]::new)),
                            texts(closed, MergeClosed::note))
                    .update();
        }
    }

    private void writeConversations(List<ConversationWrite> rows, Timestamp now) {
        if (rows.isEmpty()) {
            return;
        }
        // The plan read these rows and applied the batch to them; the names and the window's start are merged with
        // what is stored (names where given, the newest start): a concurrent agent's upsert of the row stays.
        jdbc.sql("""
                        insert into conversation (channel_id, customer_id, wa_id, user_id, name, last_customer_message_at,
                                                  opted_out, opted_changed_at, welcomed, created_at, username,
                                                  parent_user_id, marketing_opted_out, marketing_changed_at, merged_into)
                        select channel_id, customer_id, wa_id, user_id, name, last_at::timestamptz, opted_out,
                               opted_at::timestamptz, welcomed, ?, username, parent_user_id,
                               coalesce(marketing_opted_out, false), marketing_at::timestamptz, merged_into
                        from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::boolean[],
                                    ?::text[], ?::boolean[], ?::text[], ?::text[], ?::boolean[], ?::text[], ?::text[])
                            as v(channel_id, customer_id, wa_id, user_id, name, last_at, opted_out, opted_at, welcomed,
                                 username, parent_user_id, marketing_opted_out, marketing_at, merged_into)
                        on conflict (channel_id, customer_id) do update set
                            wa_id = coalesce(excluded.wa_id, conversation.wa_id),
                            user_id = coalesce(excluded.user_id, conversation.user_id),
                            name = coalesce(excluded.name, conversation.name),
                            username = coalesce(excluded.username, conversation.username),
                            parent_user_id = coalesce(excluded.parent_user_id, conversation.parent_user_id),
                            merged_into = coalesce(excluded.merged_into, conversation.merged_into),
                            -- set only when a merge carried the other conversation's newer consent over
                            marketing_opted_out = case when excluded.marketing_changed_at is null
                                then conversation.marketing_opted_out else excluded.marketing_opted_out end,
                            marketing_changed_at = coalesce(excluded.marketing_changed_at,
                                                            conversation.marketing_changed_at),
                            last_customer_message_at = greatest(conversation.last_customer_message_at,
                                                                excluded.last_customer_message_at),
                            opted_out = excluded.opted_out,
                            opted_changed_at = excluded.opted_changed_at,
                            welcomed = conversation.welcomed or excluded.welcomed
                        """)
                .params(now, texts(rows, ConversationWrite::channelId), texts(rows, ConversationWrite::customerId),
                        texts(rows, ConversationWrite::waId), texts(rows, ConversationWrite::userId),
                        texts(rows, ConversationWrite::name), texts(rows, r -> text(r.lastCustomerMessageAt())),
                        new SqlArrayValue("boolean", rows.stream().map(ConversationWrite::optedOut).toArray(Boolean[]::new)),
                        texts(rows, r -> text(r.optedChangedAt())),
                        new SqlArrayValue("boolean", rows.stream().map(ConversationWrite::welcomed).toArray(Boolean[]::new)),
                        texts(rows, ConversationWrite::username), texts(rows, ConversationWrite::parentUserId),
                        new SqlArrayValue("boolean", rows.stream().map(ConversationWrite::marketingOptedOut).toArray(Boolean[]::new)),
                        texts(rows, r -> text(r.marketingChangedAt())), texts(rows, ConversationWrite::mergedInto))
                .update();
    }

    /** A reopened ticket's activity becomes now; a touched one's moves forward to now. */
    private void updateTickets(List<Long> reopened, List<Long> touched, Timestamp now) {
        if (reopened.isEmpty() && touched.isEmpty()) {
            return;
        }
        List<Long> ids = new ArrayList<>(reopened);
        ids.addAll(touched);
        Boolean[] reopen = new Boolean[ids.size()];
        Arrays.fill(reopen, 0, reopened.size(), true);
        Arrays.fill(reopen, reopened.size(), ids.size(), false);
        jdbc.sql("""
                        update ticket t set
                            state = case when v.reopen then 'open' else t.state end,
                            updated_at = case when v.reopen then ? else greatest(t.updated_at, ?) end
                        from unnest(?::bigint[], ?::boolean[]) as v(id, reopen)
                        where t.id = v.id
                        """)
                .params(now, now, new SqlArrayValue("bigint", ids.toArray(Long[]::new)), new SqlArrayValue("boolean", reopen))
                .update();
    }

    private void insertArticles(List<ArticleInsert> rows, Timestamp now) {
        if (rows.isEmpty()) {
            return;
        }
        int inserted = jdbc.sql("""
                        insert into article (id, ticket_id, channel_id, direction, type, message_id, request_id, status,
                                             text, content, sent_at, business_number_id, created_at)
                        overriding system value
                        select id, ticket_id, channel_id, direction, type, message_id, request_id, status, text,
                               content::jsonb, sent_at::timestamptz, business_number_id, ?
                        from unnest(?::bigint[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                                    ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                            as v(id, ticket_id, channel_id, direction, type, message_id, request_id, status, text,
                                 content, sent_at, business_number_id)
                        on conflict do nothing
                        """)
                .params(now, new SqlArrayValue("bigint", rows.stream().map(ArticleInsert::id).toArray(Long[]::new)),
                        new SqlArrayValue("bigint", rows.stream().map(ArticleInsert::ticketId).toArray(Long[]::new)),
                        texts(rows, ArticleInsert::channelId), texts(rows, r -> Wire.of(r.direction())),
                        texts(rows, ArticleInsert::type), texts(rows, ArticleInsert::messageId),
                        texts(rows, ArticleInsert::requestId), texts(rows, r -> r.status().wire()),
                        texts(rows, ArticleInsert::text), texts(rows, r -> JSON.writeValueAsString(r.content())),
                        texts(rows, r -> text(r.sentAt())), texts(rows, ArticleInsert::businessNumberId))
                .update();
        if (inserted != rows.size()) {
            // Another transaction stored one of these messages (or a welcome) since the batch read them: the plan no
            // longer holds. Applied one by one, each message sees what is stored.
            throw new ConcurrentlyStored(rows.size() - inserted);
        }
    }

    private void writeReactions(List<ReactionWrite> rows) {
        if (rows.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        insert into reaction (article_id, reactor, emoji, reacted_at)
                        select article_id, reactor, emoji, reacted_at::timestamptz
                        from unnest(?::bigint[], ?::text[], ?::text[], ?::text[]) as v(article_id, reactor, emoji, reacted_at)
                        on conflict (article_id, reactor) do update set emoji = excluded.emoji, reacted_at = excluded.reacted_at
                        where reaction.reacted_at < excluded.reacted_at
                        """)
                .params(new SqlArrayValue("bigint", rows.stream().map(ReactionWrite::articleId).toArray(Long[]::new)),
                        texts(rows, ReactionWrite::reactor), texts(rows, ReactionWrite::emoji),
                        texts(rows, r -> text(r.reactedAt())))
                .update();
    }

    /** The batch's plan was overtaken by another transaction; the caller applies the batch one by one. */
    public static final class ConcurrentlyStored extends IllegalStateException {
        ConcurrentlyStored(int rows) {
            super(rows + " article(s) of the batch were stored concurrently");
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static <T> SqlArrayValue texts(java.util.Collection<T> rows, Function<T, String> column) {
        return new SqlArrayValue("text", rows.stream().map(column).toArray(String[]::new));
    }

    /** Timestamps travel as ISO-8601 text in arrays (UTC, exact to the microsecond), cast in SQL. */
    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static long[] longs(Array array) throws SQLException {
        Object[] values = (Object[]) array.getArray();
        long[] longs = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            longs[i] = ((Number) values[i]).longValue();
        }
        Arrays.sort(longs);
        return longs;
    }

}
