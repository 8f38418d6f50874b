package dev.switchboard.reminder.conversation;

import static dev.switchboard.kit.jdbc.JdbcTime.instant;
import static dev.switchboard.kit.jdbc.JdbcTime.timestamp;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;


/**
 * The {@code conversation} table. Every change is guarded by event time, so applying an event twice, late, or again
 * in a replay changes nothing: the last message only moves forward, and a ticket or opt-out event older than the
 * one applied last is ignored.
 */
@Repository
public class ConversationRepository {

    private static final String COLUMNS = "conversation_key, channel_id, customer_id, wa_id, user_id, customer_name,"
            + " last_message_id, last_message_at, business_number_id, ticket_id, ticket_open, opted_out, reminder_for,"
            + " reminder_outcome, closed_for, close_outcome";

    private static final RowMapper<Conversation> ROW = ConversationRepository::conversation;

    private final JdbcTemplate jdbc;

    public ConversationRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A customer message, in one batch statement with the others of its batch. */
    public record Message(String key, String channelId, String customerId, String waId, String userId, String name,
                          String messageId, Instant sentAt, String businessNumberId) {
    }

    /** A change of the ticket's state or of the customer's opt-out, as of {@code occurredAt}. */
    public record TicketChange(String key, String channelId, String customerId, String waId, String userId,
                               String name, Kind kind, boolean value, String ticketId, Instant occurredAt) {

        public enum Kind { TICKET_OPEN, OPTED_OUT }
    }

    /** Records the messages; a message not newer than the conversation's last one changes nothing. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void recordMessages(List<Message> messages) {
        jdbc.batchUpdate("""
                insert into conversation as c (conversation_key, channel_id, customer_id, wa_id, user_id, customer_name,
                                               last_message_id, last_message_at, business_number_id)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (conversation_key) do update
                   set wa_id = coalesce(excluded.wa_id, c.wa_id), user_id = coalesce(excluded.user_id, c.user_id),
                       customer_name = coalesce(excluded.customer_name, c.customer_name),
                       last_message_id = excluded.last_message_id, last_message_at = excluded.last_message_at,
                       business_number_id = excluded.business_number_id, updated_at = now()
                 where c.last_message_at is null or c.last_message_at < excluded.last_message_at
                """, messages, messages.size(), (ps, m) -> {
            setWho(ps, m.key(), m.channelId(), m.customerId(), m.waId(), m.userId(), m.name());
            ps.setString(7, m.messageId());
            ps.setTimestamp(8, timestamp(m.sentAt()));
            ps.setString(9, m.businessNumberId());
        });
    }

    /** Records ticket and opt-out changes; one older than the change applied last is ignored. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void recordTicketChanges(List<TicketChange> changes) {
        for (TicketChange.Kind kind : TicketChange.Kind.values()) {
            List<TicketChange> ofKind = changes.stream().filter(c -> c.kind() == kind).toList();
            if (!ofKind.isEmpty()) {
                recordTicketChanges(kind, ofKind);
            }
        }
    }

    private void recordTicketChanges(TicketChange.Kind kind, List<TicketChange> changes) {
        String value = kind == TicketChange.Kind.TICKET_OPEN ? "ticket_open" : "opted_out";
        String changedAt = kind == TicketChange.Kind.TICKET_OPEN ? "ticket_changed_at" : "opt_changed_at";
        String ticketId = kind == TicketChange.Kind.TICKET_OPEN ? ", ticket_id = excluded.ticket_id" : "";
        String compared = kind == TicketChange.Kind.TICKET_OPEN ? ", %s.ticket_id" : "";
        // After a merge the conversation has two customers' tickets: closing one that is not its open ticket (the
        // younger of two open ones, closed into the other) leaves the open one open.
        String otherTicket = kind == TicketChange.Kind.TICKET_OPEN
                ? " and not (c.ticket_open and not excluded.ticket_open and c.ticket_id is distinct from excluded.ticket_id)"
                : "";
        // Equal times apply again (of two events at the same time, the later one read wins); only strictly older ones
        // are ignored. One that changes nothing (a replayed event) writes nothing: the row stays as it is.
        jdbc.batchUpdate("""
                insert into conversation as c (conversation_key, channel_id, customer_id, wa_id, user_id, customer_name,
                                               ticket_id, %1$s, %2$s)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (conversation_key) do update
                   set %1$s = excluded.%1$s, %2$s = excluded.%2$s%3$s, updated_at = now()
                 where (c.%2$s is null or c.%2$s <= excluded.%2$s)
                   and (c.%1$s, c.%2$s%4$s) is distinct from (excluded.%1$s, excluded.%2$s%5$s)%6$s
                """.formatted(value, changedAt, ticketId, compared.formatted("c"), compared.formatted("excluded"),
                otherTicket),
                changes, changes.size(), (ps, t) -> {
            setWho(ps, t.key(), t.channelId(), t.customerId(), t.waId(), t.userId(), t.name());
            ps.setString(7, t.ticketId());
            ps.setBoolean(8, t.value());
            ps.setTimestamp(9, timestamp(t.occurredAt()));
        });
    }

    /**
     * Folds the conversation recorded under an alias key into the customer's conversation (created if it is not
     * recorded yet) and removes it: the latest customer message wins, with what was decided for its window; the
     * ticket is the conversation's (the alias's only if the conversation has none yet); the newest opt-out change
     * wins. Nothing happens when nothing is recorded under the alias.
     *
     * @return whether there was a conversation to fold
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean fold(String aliasKey, String conversationKey, String customerId) {
        // Each group of columns is taken from one of the two rows: values (0, the conversation's), (1, the alias's),
        // ordered by the rule of the group.
        return jdbc.update("""
                with alias as (delete from conversation where conversation_key = ? returning *)
                insert into conversation as c (conversation_key, channel_id, customer_id, wa_id, user_id, customer_name,
                       last_message_id, last_message_at, business_number_id, reminder_for, reminder_outcome, closed_for,
                       close_outcome, ticket_id, ticket_open, ticket_changed_at, opted_out, opt_changed_at)
                select ?, channel_id, ?, wa_id, user_id, customer_name, last_message_id, last_message_at,
                       business_number_id, reminder_for, reminder_outcome, closed_for, close_outcome, ticket_id,
                       ticket_open, ticket_changed_at, opted_out, opt_changed_at
                  from alias
                on conflict (conversation_key) do update
                   set wa_id = coalesce(c.wa_id, excluded.wa_id), user_id = coalesce(c.user_id, excluded.user_id),
                       customer_name = coalesce(c.customer_name, excluded.customer_name),
                       (last_message_id, last_message_at, business_number_id, reminder_for, reminder_outcome, closed_for,
                        close_outcome) = (
                           select m.id, m.at, m.number, m.reminder_for, m.reminder_outcome, m.closed_for, m.close_outcome
                             from (values (0, c.last_message_id, c.last_message_at, c.business_number_id, c.reminder_for,
                                           c.reminder_outcome, c.closed_for, c.close_outcome),
                                          (1, excluded.last_message_id, excluded.last_message_at,
                                           excluded.business_number_id, excluded.reminder_for, excluded.reminder_outcome,
                                           excluded.closed_for, excluded.close_outcome))
                                  as m(side, id, at, number, reminder_for, reminder_outcome, closed_for, close_outcome)
                            order by m.at desc nulls last, m.side limit 1),
                       (ticket_id, ticket_open, ticket_changed_at) = (
                           select t.id, t.open, t.at
                             from (values (0, c.ticket_id, c.ticket_open, c.ticket_changed_at),
                                          (1, excluded.ticket_id, excluded.ticket_open, excluded.ticket_changed_at))
                                  as t(side, id, open, at)
                            order by t.at is null, t.side limit 1),
                       (opted_out, opt_changed_at) = (
                           select o.out, o.at
                             from (values (0, c.opted_out, c.opt_changed_at), (1, excluded.opted_out, excluded.opt_changed_at))
                                  as o(side, out, at)
                            order by o.at desc nulls last, o.side limit 1),
                       updated_at = now()
                """, aliasKey, conversationKey, customerId) > 0;
    }

    public List<Conversation> find(Collection<String> keys) {
        return jdbc.query("select " + COLUMNS + " from conversation where conversation_key = any(?)", ROW,
                (Object) keys.toArray(String[]::new));
    }

    /**
     * The conversations no other transaction holds, locked until this one ends (messages, ticket events and firing
     * timers take turns on a conversation); the others are left out. Firing timers lock this way: they never wait
     * for a conversation, so they cannot deadlock with the intake, which locks conversations, then their timers.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<Conversation> lockAvailable(Collection<String> keys) {
        return jdbc.query("select " + COLUMNS + " from conversation where conversation_key = any(?)"
                + " order by conversation_key for update skip locked", ROW, (Object) keys.toArray(String[]::new));
    }

    /** Which of these conversations exist. */
    public Set<String> existing(Collection<String> keys) {
        return Set.copyOf(jdbc.queryForList("select conversation_key from conversation where conversation_key = any(?)",
                String.class, (Object) keys.toArray(String[]::new)));
    }

    /** Stores what was decided for each conversation's current window (the fields of decided conversations). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void recordDecisions(List<Conversation> decided) {
        if (decided.isEmpty()) {
            return;
        }
        // One statement for the whole batch (the rows arrive as arrays), not one per conversation.
        jdbc.execute((ConnectionCallback<Integer>) connection -> {
            try (PreparedStatement ps = connection.prepareStatement("""
                    update conversation c
                       set reminder_for = d.reminder_for, reminder_outcome = d.reminder_outcome,
                           closed_for = d.closed_for, close_outcome = d.close_outcome, updated_at = now()
                      from unnest(?::text[], ?::timestamptz[], ?::text[], ?::timestamptz[], ?::text[])
                           as d(conversation_key, reminder_for, reminder_outcome, closed_for, close_outcome)
                     where c.conversation_key = d.conversation_key
                       -- a decision already stored (a replayed record decided the same) writes nothing
                       and (c.reminder_for, c.reminder_outcome, c.closed_for, c.close_outcome)
                           is distinct from (d.reminder_for, d.reminder_outcome, d.closed_for, d.close_outcome)
                    """)) {
                ps.setArray(1, connection.createArrayOf("text", decided.stream().map(Conversation::key).toArray()));
                ps.setArray(2, connection.createArrayOf("timestamptz",
                        decided.stream().map(c -> timestamp(c.reminderFor())).toArray()));
                ps.setArray(3, connection.createArrayOf("text",
                        decided.stream().map(Conversation::reminderOutcome).toArray()));
                ps.setArray(4, connection.createArrayOf("timestamptz",
                        decided.stream().map(c -> timestamp(c.closedFor())).toArray()));
                ps.setArray(5, connection.createArrayOf("text",
                        decided.stream().map(Conversation::closeOutcome).toArray()));
                return ps.executeUpdate();
            }
        });
    }

    /** Parameters 1 to 6 of both upserts: the conversation and the customer. */
    private static void setWho(PreparedStatement ps, String key, String channelId, String customerId, String waId,
                               String userId, String name) throws SQLException {
        ps.setString(1, key);
        ps.setString(2, channelId);
        ps.setString(3, customerId);
        ps.setString(4, waId);
        ps.setString(5, userId);
        ps.setString(6, name);
    }

    /** Maps a row holding the conversation table's columns. */
    public static Conversation conversation(ResultSet rs, int row) throws SQLException {
        return new Conversation(rs.getString("conversation_key"), rs.getString("channel_id"),
                rs.getString("customer_id"), rs.getString("wa_id"), rs.getString("user_id"),
                rs.getString("customer_name"), rs.getString("last_message_id"), instant(rs, "last_message_at"),
                rs.getString("business_number_id"), rs.getString("ticket_id"), rs.getBoolean("ticket_open"),
                rs.getBoolean("opted_out"), instant(rs, "reminder_for"), rs.getString("reminder_outcome"), instant(rs, "closed_for"),
                rs.getString("close_outcome"));
    }
}
