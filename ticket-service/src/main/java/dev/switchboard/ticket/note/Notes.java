package dev.switchboard.ticket.note;

import static dev.switchboard.kit.jdbc.JdbcTime.instant;
import static dev.switchboard.kit.jdbc.JdbcTime.timestamp;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.switchboard.events.TicketEventType;
import dev.switchboard.ticket.access.Caller;
import dev.switchboard.ticket.agent.AgentActions;
import dev.switchboard.ticket.agent.Refusal;
import dev.switchboard.ticket.agent.Refusal.Reason;
import dev.switchboard.ticket.content.FieldProblem;
import dev.switchboard.ticket.queue.AgentRef;
import dev.switchboard.ticket.store.TicketEvents;
import dev.switchboard.ticket.store.TicketRepository;
import dev.switchboard.ticket.store.TicketRepository.TicketRow;

/**
 * Internal notes: what agents write on a ticket for each other. A note is stored and announced (NOTE_ADDED) and
 * never becomes an outbound request: nothing of it reaches WhatsApp.
 */
@Service
public class Notes {

    static final int MAX_CHARS = 10_000;

    private final JdbcClient jdbc;
    private final TicketRepository tickets;
    private final TicketEvents events;
    private final Clock clock;

    public Notes(JdbcClient jdbc, TicketRepository tickets, TicketEvents events, Clock clock) {
        this.jdbc = jdbc;
        this.tickets = tickets;
        this.events = events;
        this.clock = clock;
    }

    public record Note(long id, long ticketId, String text, AgentRef author, Instant createdAt) {
    }

    @Transactional
    public Note add(Caller caller, long ticketId, String text) {
        TicketRow ticket = AgentActions.visible(caller, tickets.ticketForUpdate(ticketId), ticketId);
        if (text == null || text.isBlank() || text.codePointCount(0, text.length()) > MAX_CHARS) {
            throw new Refusal(Reason.INVALID_NOTE, "a note needs a text of 1 to " + MAX_CHARS + " characters",
                    List.of(new FieldProblem("text", "required, 1 to " + MAX_CHARS + " characters")));
        }
        Instant now = clock.instant();
        // the stored note as it is read back later (the database keeps microseconds)
        Note note = jdbc.sql("""
                        insert into ticket_note (ticket_id, agent_id, author, text, created_at) values (?, ?, ?, ?, ?)
                        returning id, ticket_id, text, agent_id, author, cast(? as text), created_at
                        """)
                .params(ticketId, caller.agentId(), caller.login(), text, timestamp(now), caller.name())
                .query(Notes::note).single();
        events.ticket(TicketEventType.NOTE_ADDED, ticket,
                tickets.conversation(ticket.channelId(), ticket.customerId()).orElseThrow(), caller.login(),
                tickets.assigneeLogin(ticketId).orElse(null));
        return note;
    }

    /** The ticket's notes, oldest first (the caller has been checked to see the ticket). */
    @Transactional(readOnly = true)
    public List<Note> of(long ticketId) {
        return jdbc.sql("""
                        select n.id, n.ticket_id, n.text, n.agent_id, n.author, coalesce(a.name, n.author), n.created_at
                        from ticket_note n left join agent a on a.id = n.agent_id
                        where n.ticket_id = ? order by n.id
                        """)
                .param(ticketId).query(Notes::note).list();
    }

    private static Note note(ResultSet rs, int row) throws SQLException {
        return new Note(rs.getLong(1), rs.getLong(2), rs.getString(3),
                new AgentRef((Long) rs.getObject(4), rs.getString(5), rs.getString(6)), instant(rs, 7));
    }
}
