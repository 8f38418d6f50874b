package dev.switchboard.ticket.canned;

import static dev.switchboard.kit.jdbc.JdbcTime.timestamp;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.switchboard.ticket.access.Caller;
import dev.switchboard.ticket.agent.Refusal;
import dev.switchboard.ticket.agent.Refusal.Reason;
import dev.switchboard.ticket.content.FieldProblem;
import dev.switchboard.ticket.queue.Queue;
import dev.switchboard.ticket.store.TicketRepository;
import dev.switchboard.ticket.store.TicketRepository.Conversation;
import dev.switchboard.ticket.store.TicketRepository.TicketRow;

/**
 * Canned responses: answers agents reuse, for one group or (group null) for every group, with {@link Placeholders}.
 * Agents see their groups' and the global ones; admins (the admin API) write them.
 */
@Service
public class CannedResponses {

    static final int MAX_NAME = 100;
    /** WhatsApp's limit for a text message's body. */
    static final int MAX_TEXT = 4096;

    private final JdbcClient jdbc;
    private final Queue queue;
    private final TicketRepository tickets;
    private final Clock clock;

    public CannedResponses(JdbcClient jdbc, Queue queue, TicketRepository tickets, Clock clock) {
        this.jdbc = jdbc;
        this.queue = queue;
        this.tickets = tickets;
        this.clock = clock;
    }

    /** @param group null: for every group */
    public record CannedResponse(long id, String name, String text, String group) {
    }

    /** A response with its text rendered for one ticket ({@code rendered} null when listed without a ticket). */
    public record Listed(CannedResponse response, String rendered) {
    }

    /**
     * The responses the caller may use, by name: those of their groups and the global ones (admins: all). With a
     * ticket (which the caller must see, else 404): those of the ticket's group and the global ones, rendered for it.
     */
    @Transactional(readOnly = true)
    public List<Listed> list(Caller caller, Long ticketId) {
        if (ticketId == null) {
            List<CannedResponse> all = jdbc.sql("select id, name, text, group_name from canned_response order by name, id")
                    .query(CannedResponses::response).list();
            return all.stream().filter(r -> r.group() == null || caller.canSee(r.group()))
                    .map(r -> new Listed(r, null)).toList();
        }
        TicketRow ticket = queue.ticket(caller, ticketId);
        Conversation customer = tickets.conversation(ticket.channelId(), ticket.customerId()).orElseThrow();
        Map<String, String> values = new LinkedHashMap<>();
        values.put("customer.name", customer.name());
        values.put("customer.waId", customer.waId());
        values.put("agent.name", caller.name());
        values.put("ticket.id", String.valueOf(ticket.id()));
        values.put("channel.id", ticket.channelId());
        return jdbc.sql("""
                        select id, name, text, group_name from canned_response
                        where group_name is null or group_name = ? order by name, id
                        """)
                .param(ticket.group()).query(CannedResponses::response).list().stream()
                .map(r -> new Listed(r, Placeholders.render(r.text(), values))).toList();
    }

    @Transactional(readOnly = true)
    public Optional<CannedResponse> find(long id) {
        return jdbc.sql("select id, name, text, group_name from canned_response where id = ?").param(id)
                .query(CannedResponses::response).optional();
    }

    @Transactional
    public CannedResponse create(String name, String text, String group) {
        check(name, text, group);
        Instant now = clock.instant();
        try {
            return jdbc.sql("""
                            insert into canned_response (name, text, group_name, created_at, updated_at)
                            values (?, ?, ?, ?, ?) returning id, name, text, group_name
                            """)
                    .params(name.strip(), text, blankToNull(group), timestamp(now), timestamp(now))
                    .query(CannedResponses::response).single();
        } catch (DuplicateKeyException e) {
            throw nameTaken();
        }
    }

    @Transactional
    public CannedResponse update(long id, String name, String text, String group) {
        check(name, text, group);
        try {
            return jdbc.sql("""
                            update canned_response set name = ?, text = ?, group_name = ?, updated_at = ?
                            where id = ? returning id, name, text, group_name
                            """)
                    .params(name.strip(), text, blankToNull(group), timestamp(clock.instant()), id)
                    .query(CannedResponses::response).optional()
                    .orElseThrow(() -> notFound(id));
        } catch (DuplicateKeyException e) {
            throw nameTaken();
        }
    }

    @Transactional
    public void delete(long id) {
        if (jdbc.sql("delete from canned_response where id = ?").param(id).update() == 0) {
            throw notFound(id);
        }
    }

    private static void check(String name, String text, String group) {
        List<FieldProblem> problems = new ArrayList<>();
        if (name == null || name.isBlank() || name.strip().length() > MAX_NAME) {
            problems.add(new FieldProblem("name", "required, 1 to " + MAX_NAME + " characters"));
        }
        if (text == null || text.isBlank() || text.length() > MAX_TEXT) {
            problems.add(new FieldProblem("text", "required, 1 to " + MAX_TEXT + " characters"));
        } else {
            Placeholders.unknown(text).forEach(unknown -> problems.add(new FieldProblem("text",
                    "unknown placeholder {{" + unknown + "}}: use one of " + Placeholders.NAMES)));
        }
        if (group != null && group.strip().length() > MAX_NAME) {
            problems.add(new FieldProblem("group", "at most " + MAX_NAME + " characters"));
        }
        if (!problems.isEmpty()) {
            throw new Refusal(Reason.INVALID_CANNED_RESPONSE, "the canned response is not valid", problems);
        }
    }

    private static Refusal nameTaken() {
        return new Refusal(Reason.INVALID_CANNED_RESPONSE, "the group has a canned response of this name already",
                List.of(new FieldProblem("name", "already used in this group")));
    }

    private static Refusal notFound(long id) {
        return new Refusal(Reason.NOT_FOUND, "no canned response " + id);
    }

    private static CannedResponse response(ResultSet rs, int row) throws SQLException {
        return new CannedResponse(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
