package dev.switchboard.ticket.store;

import static dev.switchboard.kit.jdbc.JdbcTime.instant;
import static dev.switchboard.kit.jdbc.JdbcTime.timestamp;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.switchboard.ticket.access.Caller;
import dev.switchboard.ticket.status.StatusProgress.Status;

import tools.jackson.databind.json.JsonMapper;

/** SQL for conversations, tickets, articles and reactions (schema: db/migration). */
@Repository
public class TicketRepository {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;

    public TicketRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // ------------------------------------------------------------------------------------------------ conversations

    /**
     * A conversation: one customer on one channel.
     *
     * @param customerId the id it was created with (wa_id or BSUID), which never changes: {@code TicketEvent.customerKey}
     * @param waId       the customer's wa_id now (after a number change, the new one)
     * @param aliases    the customer's other ids records may be keyed by (wa_ids, BSUIDs; not retired), sorted
     */
    public record Conversation(String channelId, String customerId, String waId, String userId, String name,
                               Instant lastCustomerMessageAt, boolean optedOut, boolean welcomed, boolean created,
                               String username, String parentUserId, List<String> aliases) {

        public Conversation(String channelId, String customerId, String waId, String userId, String name,
                            Instant lastCustomerMessageAt, boolean optedOut, boolean welcomed, boolean created) {
            this(channelId, customerId, waId, userId, name, lastCustomerMessageAt, optedOut, welcomed, created, null,
                    null, List.of());
        }
    }

    private static final String CONVERSATION_COLUMNS = """
            c.channel_id, c.customer_id, c.wa_id, c.user_id, c.name, c.last_customer_message_at, c.opted_out,
            c.welcomed, false, c.username, c.parent_user_id,
            array(select i.value from customer_identity i
                  where i.channel_id = c.channel_id and i.customer_id = c.customer_id and i.retired_at is null
                    and i.kind <> 'parent_user_id' and i.value <> c.customer_id order by i.value)
            """;

    /**
     * Creates the conversation (with its identities) or refreshes the customer's names. The caller holds the
     * identities' locks ({@link #lockIdentities}) and resolved them first: {@code customerId} is the conversation's.
     */
    public Conversation upsertConversation(String channelId, String customerId, String waId, String userId, String name,
                                           Instant now) {
        jdbc.sql("""
                        insert into conversation (channel_id, customer_id, wa_id, user_id, name, created_at)
                        values (?, ?, ?, ?, ?, ?)
                        on conflict (channel_id, customer_id) do update set
                            wa_id = coalesce(excluded.wa_id, conversation.wa_id),
                            user_id = coalesce(excluded.user_id, conversation.user_id),
                            name = coalesce(excluded.name, conversation.name)
                        """)
                .params(channelId, customerId, waId, userId, name, timestamp(now)).update();
        jdbc.sql("""
                        insert into customer_identity (channel_id, kind, value, customer_id, first_seen_at)
                        select ?, kind, value, ?, ? from (values ('wa_id', ?), ('user_id', ?)) as v(kind, value)
                        where value is not null
                        on conflict (channel_id, kind, value) do update set customer_id = excluded.customer_id,
                            first_seen_at = excluded.first_seen_at, retired_at = null
                        where customer_identity.retired_at is not null
                        """)
                .params(channelId, customerId, timestamp(now), waId, userId).update();
        return conversation(channelId, customerId).orElseThrow();
    }

    public Optional<Conversation> conversation(String channelId, String customerId) {
        return jdbc.sql("select " + CONVERSATION_COLUMNS + " from conversation c where c.channel_id = ? and c.customer_id = ?")
                .params(channelId, customerId).query(TicketRepository::conversation).optional();
    }

    private static Conversation conversation(ResultSet rs, int row) throws SQLException {
        return new Conversation(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                instant(rs, 6), rs.getBoolean(7), rs.getBoolean(8), rs.getBoolean(9), rs.getString(10),
                rs.getString(11), List.of((String[]) rs.getArray(12).getArray()));
    }

    /**
     * Takes a transaction lock on each identity (sorted, so two transactions never wait for each other in a
     * circle): a customer's messages under different keys (partitions), and agents starting a conversation, resolve
     * and merge one at a time.
     */
    public void lockIdentities(List<String> locks) {
        lock(jdbc, locks);
    }

    /** Takes the transaction advisory lock of each key, in sorted order. */
    public static void lock(JdbcClient jdbc, java.util.Collection<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        jdbc.sql("select count(pg_advisory_xact_lock(hashtextextended(k, 0))) from (select distinct unnest(?::text[]) k order by k) v")
                .param(new org.springframework.jdbc.support.SqlArrayValue("text", keys.toArray(String[]::new)))
                .query(Long.class).single();
    }

    /** The key of an identity's lock ({@link #lockIdentities}). */
    public static String identityLock(String channelId, String kind, String value) {
        return "identity:" + channelId + ":" + kind + ":" + value;
    }

    /**
     * The key for a new conversation: {@code natural} ({@code Keys.customerId}), unless the old conversation of a
     * retired id keeps it (a recycled number): then {@code <natural>~2}, {@code ~3}, … (as inbound batches do).
     */
    public String freeConversationKey(String channelId, String natural) {
        List<String> candidates = dev.switchboard.ticket.store.CustomerKeys.candidates(natural);
        return jdbc.sql("""
                        select k from unnest(?::text[]) with ordinality as v(k, n)
                        where not exists (select 1 from conversation c where c.channel_id = ? and c.customer_id = v.k)
                        order by n limit 1
                        """)
                .params(new org.springframework.jdbc.support.SqlArrayValue("text", candidates.toArray(String[]::new)),
                        channelId)
                .query(String.class).optional()
                .orElseThrow(() -> new IllegalStateException("no free conversation key for " + channelId + ":" + natural));
    }

    /**
     * The conversation (customer id) the identity resolves to on the channel: not retired, merges followed. Kinds:
     * {@code wa_id}, {@code user_id}, {@code parent_user_id}.
     */
    public Optional<String> resolveIdentity(String channelId, String kind, String value) {
        return jdbc.sql("""
                        select coalesce(c.merged_into, c.customer_id) from customer_identity i
                        join conversation c on c.channel_id = i.channel_id and c.customer_id = i.customer_id
                        where i.channel_id = ? and i.kind = ? and i.value = ? and i.retired_at is null
                        """)
                .params(channelId, kind, value).query(String.class).optional();
    }

    // ------------------------------------------------------------------------------------------------ tickets

    public record TicketRow(long id, String channelId, String customerId, TicketState state, String group,
                            Instant createdAt, Instant updatedAt) {

        public boolean isOpen() {
            return state == TicketState.OPEN;
        }
    }

    private static final String TICKET_COLUMNS = "id, channel_id, customer_id, state, group_name, created_at, updated_at";

    public Optional<TicketRow> ticket(long id) {
        return jdbc.sql("select " + TICKET_COLUMNS + " from ticket where id = ?").param(id)
                .query(TicketRepository::ticket).optional();
    }

    /** Locks the ticket row until the transaction ends (agent actions on one ticket run one at a time). */
    public Optional<TicketRow> ticketForUpdate(long id) {
        return jdbc.sql("select " + TICKET_COLUMNS + " from ticket where id = ? for update").param(id)
                .query(TicketRepository::ticket).optional();
    }

    public Optional<TicketRow> openTicket(String channelId, String customerId) {
        return jdbc.sql("select " + TICKET_COLUMNS + " from ticket where channel_id = ? and customer_id = ? and state = 'open'")
                .params(channelId, customerId).query(TicketRepository::ticket).optional();
    }

    public TicketRow createTicket(String channelId, String customerId, String group, Instant now) {
        return jdbc.sql("insert into ticket (channel_id, customer_id, state, group_name, created_at, updated_at)"
                        + " values (?, ?, 'open', ?, ?, ?) returning " + TICKET_COLUMNS)
                .params(channelId, customerId, group, timestamp(now), timestamp(now)).query(TicketRepository::ticket).single();
    }

    public TicketRow setState(long id, TicketState state, Instant now) {
        return jdbc.sql("update ticket set state = ?, updated_at = ? where id = ? returning " + TICKET_COLUMNS)
                .params(Wire.of(state), timestamp(now), id).query(TicketRepository::ticket).single();
    }

    public void touch(long id, Instant now) {
        jdbc.sql("update ticket set updated_at = greatest(updated_at, ?) where id = ?").params(timestamp(now), id).update();
    }

    /**
     * Which tickets a queue shows: each field null for "any".
     *
     * @param visibleGroups the groups the caller may see; null for every ticket (admins)
     * @param assignee     {@link Assignee#none()} for unassigned tickets, {@link Assignee#agent(long)} for one agent's
     */
    public record TicketQuery(TicketState state, String channelId, String customerId, String group,
                              Assignee assignee, Set<String> visibleGroups) {
    }

    /** The assignee filter: nobody, or one agent. */
    public record Assignee(Long agentId) {

        public static Assignee none() {
            return new Assignee(null);
        }

        public static Assignee agent(long agentId) {
            return new Assignee(agentId);
        }
    }

    /** Newest activity first. */
    public List<TicketRow> tickets(TicketQuery query, int limit, int offset) {
        StringBuilder sql = new StringBuilder("select " + TICKET_COLUMNS + " from ticket where true");
        List<Object> params = new ArrayList<>();
        condition(sql, params, " and state = ?", Wire.of(query.state()));
        condition(sql, params, " and channel_id = ?", query.channelId());
        if (query.customerId() != null) {
            // any of the customer's ids (wa_id, BSUID, parent BSUID), or a conversation's own key
            sql.append(" and " + """
                    (channel_id, customer_id) in (
                        select i.channel_id, coalesce(c.merged_into, c.customer_id) from customer_identity i
                        join conversation c on c.channel_id = i.channel_id and c.customer_id = i.customer_id
                        where i.value = ? and i.retired_at is null
                        union select channel_id, coalesce(merged_into, customer_id) from conversation where customer_id = ?)""");
            params.add(query.customerId());
            params.add(query.customerId());
        }
        condition(sql, params, " and group_name = ?", query.group());
        if (query.assignee() != null && query.assignee().agentId() == null) {
            sql.append(" and assignee_id is null");
        } else if (query.assignee() != null) {
            condition(sql, params, " and assignee_id = ?", query.assignee().agentId());
        }
        if (query.visibleGroups() != null) {
            condition(sql, params, " and group_name = any(?)", query.visibleGroups().toArray(String[]::new));
        }
        sql.append(" order by updated_at desc, id desc limit ? offset ?");
        params.add(limit);
        params.add(offset);
        return jdbc.sql(sql.toString()).params(params).query(TicketRepository::ticket).list();
    }

    /** Appends {@code condition} (with one parameter) when {@code value} is set. */
    private static void condition(StringBuilder sql, List<Object> params, String condition, Object value) {
        if (value != null) {
            sql.append(condition);
            params.add(value);
        }
    }

    /** Assigns the ticket to the agent, or to nobody ({@code agentId} null). */
    public TicketRow assign(long id, Long agentId, Instant now) {
        return jdbc.sql("update ticket set assignee_id = ?, updated_at = ? where id = ? returning " + TICKET_COLUMNS)
                .params(agentId, timestamp(now), id).query(TicketRepository::ticket).single();
    }

    /** The login of the ticket's assignee, if it has one (what its events name). */
    public Optional<String> assigneeLogin(long ticketId) {
        return jdbc.sql("select a.login from ticket t join agent a on a.id = t.assignee_id where t.id = ?")
                .param(ticketId).query(String.class).optional();
    }

    private static TicketRow ticket(ResultSet rs, int row) throws SQLException {
        return new TicketRow(rs.getLong(1), rs.getString(2), rs.getString(3), Wire.parse(TicketState.class,
                rs.getString(4)), rs.getString(5), instant(rs, 6), instant(rs, 7));
    }

    // ------------------------------------------------------------------------------------------------ articles

    public record ArticleRow(long id, long ticketId, String channelId, Direction direction, String type, String messageId,
                             String requestId, Status status, String text, String contentJson, Integer errorCode,
                             String errorTitle, String errorMessage, Instant sentAt, Instant createdAt) {
    }

    private static final String ARTICLE_COLUMNS = "id, ticket_id, channel_id, direction, type, message_id, request_id,"
            + " status, text, content::text, error_code, error_title, error_message, sent_at, created_at";

    public Optional<ArticleRow> article(long id) {
        return jdbc.sql("select " + ARTICLE_COLUMNS + " from article where id = ?")
                .param(id).query(TicketRepository::article).optional();
    }

    public Optional<ArticleRow> articleByMessageId(String channelId, String messageId) {
        return jdbc.sql("select " + ARTICLE_COLUMNS + " from article where channel_id = ? and message_id = ?")
                .params(channelId, messageId).query(TicketRepository::article).optional();
    }

    public Optional<ArticleRow> articleByRequestId(String requestId) {
        return jdbc.sql("select " + ARTICLE_COLUMNS + " from article where request_id = ? for update")
                .param(requestId).query(TicketRepository::article).optional();
    }

    public List<ArticleRow> articles(long ticketId) {
        return jdbc.sql("select " + ARTICLE_COLUMNS + " from article where ticket_id = ? order by id")
                .param(ticketId).query(TicketRepository::article).list();
    }

    /**
     * The ticket's newest inbound message and the business number it was addressed to (null for messages stored
     * before numbers were kept).
     */
    public record LastInbound(String messageId, String businessNumberId) {
    }

    /** The newest inbound message of a ticket: what "mark as read" marks, and the number replies go out from. */
    public Optional<LastInbound> lastInbound(long ticketId) {
        return jdbc.sql("select message_id, business_number_id from article where ticket_id = ? and direction = 'inbound'"
                        + " and message_id is not null order by sent_at desc nulls last, id desc limit 1")
                .param(ticketId).query((rs, row) -> new LastInbound(rs.getString(1), rs.getString(2))).optional();
    }

    /** @param author the agent (or static token) who wrote it */
    public ArticleRow insertOutbound(long ticketId, String channelId, String type, String requestId, String text,
                                     Map<String, Object> content, Caller author, Instant now) {
        return jdbc.sql("insert into article (ticket_id, channel_id, direction, type, request_id, status, text, content,"
                        + " agent_id, author, created_at) values (?, ?, 'outbound', ?, ?, 'pending', ?, cast(? as jsonb),"
                        + " ?, ?, ?) returning " + ARTICLE_COLUMNS)
                .params(ticketId, channelId, type, requestId, text, JSON.writeValueAsString(content), author.agentId(),
                        author.login(), timestamp(now))
                .query(TicketRepository::article).single();
    }

    /**
     * Serialises, per channel and WhatsApp message id, the result that names a wamid's article and the receipts for
     * that wamid: they come through different listeners in concurrent transactions, and without this a receipt that
     * found no article yet could park itself in pending_status while the result, not seeing that uncommitted row,
     * had already taken the pending ones: the receipt would never be applied. Held until the transaction ends.
     */
    public void lockMessageId(String channelId, String messageId) {
        jdbc.sql("select 1 from (select pg_advisory_xact_lock(hashtextextended(?, 0))) locked")
                .param(messageIdLock(channelId, messageId)).query(Integer.class).single();
    }

    /** The key of {@link #lockMessageId}'s lock. */
    public static String messageIdLock(String channelId, String messageId) {
        return "receipt:" + channelId + ":" + messageId;
    }

    public void setMessageId(long articleId, String messageId) {
        jdbc.sql("update article set message_id = ? where id = ? and message_id is null").params(messageId, articleId).update();
    }

    public void setStatus(long articleId, Status status, Integer errorCode, String errorTitle, String errorMessage,
                          Instant statusAt) {
        jdbc.sql("""
                        update article set status = ?, status_at = ?,
                            error_code = coalesce(?, error_code), error_title = coalesce(?, error_title),
                            error_message = coalesce(?, error_message)
                        where id = ?
                        """)
                .params(status.wire(), timestamp(statusAt), errorCode, errorTitle, errorMessage, articleId).update();
    }

    private static ArticleRow article(ResultSet rs, int row) throws SQLException {
        return new ArticleRow(rs.getLong(1), rs.getLong(2), rs.getString(3), Wire.parse(Direction.class, rs.getString(4)),
                rs.getString(5), rs.getString(6), rs.getString(7), Status.fromWire(rs.getString(8)), rs.getString(9),
                rs.getString(10),
                (Integer) rs.getObject(11), rs.getString(12), rs.getString(13), instant(rs, 14), instant(rs, 15));
    }

    // ------------------------------------------------------------------------------------------------ statuses

    public record PendingStatus(Status status, Integer errorCode, String errorTitle, String errorMessage, Instant statusAt) {
    }

    public void addPendingStatus(String channelId, String messageId, PendingStatus status) {
        jdbc.sql("""
                        insert into pending_status (channel_id, message_id, status, error_code, error_title, error_message, status_at)
                        values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing
                        """)
                .params(channelId, messageId, status.status().wire(), status.errorCode(), status.errorTitle(),
                        status.errorMessage(), timestamp(status.statusAt()))
                .update();
    }

    /** Deletes up to {@code limit} receipts parked before {@code before}; how many. */
    public int deletePendingStatusesParkedBefore(Instant before, int limit) {
        return jdbc.sql("""
                        delete from pending_status where ctid = any(array(
                            select ctid from pending_status where parked_at < ? limit ? for update skip locked))
                        """)
                .params(timestamp(before), limit).update();
    }

    /** Removes and returns the receipts that were waiting for this message id, oldest first. */
    public List<PendingStatus> takePendingStatuses(String channelId, String messageId) {
        return jdbc.sql("""
                        delete from pending_status where channel_id = ? and message_id = ?
                        returning status, error_code, error_title, error_message, status_at
                        """)
                .params(channelId, messageId)
                .query((rs, n) -> new PendingStatus(Status.fromWire(rs.getString(1)), (Integer) rs.getObject(2),
                        rs.getString(3), rs.getString(4), instant(rs, 5)))
                .list().stream().sorted(java.util.Comparator.comparing(PendingStatus::statusAt)).toList();
    }

    // ------------------------------------------------------------------------------------------------ reactions

    public record ReactionRow(String reactor, String emoji, Instant reactedAt) {
    }

    public List<ReactionRow> reactions(long articleId) {
        return jdbc.sql("select reactor, emoji, reacted_at from reaction where article_id = ? and emoji <> '' order by reacted_at")
                .param(articleId).query((rs, n) -> new ReactionRow(rs.getString(1), rs.getString(2), instant(rs, 3))).list();
    }

    // ------------------------------------------------------------------------------------------------ helpers


}
