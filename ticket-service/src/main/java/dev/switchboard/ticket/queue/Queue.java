package dev.switchboard.ticket.queue;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.switchboard.events.TicketEventType;
import dev.switchboard.ticket.access.Caller;
import dev.switchboard.ticket.agent.AgentActions;
import dev.switchboard.ticket.agent.Refusal;
import dev.switchboard.ticket.agent.Refusal.Reason;
import dev.switchboard.ticket.content.FieldProblem;
import dev.switchboard.ticket.store.Direction;
import dev.switchboard.ticket.store.TicketEvents;
import dev.switchboard.ticket.store.TicketRepository;
import dev.switchboard.ticket.store.TicketRepository.Assignee;
import dev.switchboard.ticket.store.TicketRepository.TicketQuery;
import dev.switchboard.ticket.store.TicketRepository.TicketRow;
import dev.switchboard.ticket.store.TicketState;

/**
 * Queues: the tickets a caller may see, filtered; what each shows (assignee, unread, last article); who has seen
 * what; assignment. Visibility is {@link Caller#canSee}: a ticket the caller cannot see does not exist for them.
 */
@Service
public class Queue {

    private final TicketRepository tickets;
    private final QueueRepository repository;
    private final TicketEvents events;
    private final Clock clock;

    public Queue(TicketRepository tickets, QueueRepository repository, TicketEvents events, Clock clock) {
        this.tickets = tickets;
        this.repository = repository;
        this.events = events;
        this.clock = clock;
    }

    /**
     * A queue's filters; each null for "any".
     *
     * @param assignee {@code me}, {@code none} or an agent's id
     */
    public record Filter(TicketState state, String channelId, String customer, String group, String assignee) {
    }

    /** What a queue shows of a ticket besides the ticket itself. */
    public record Facts(AgentRef assignee, int unread, LastArticle lastArticle) {

        public static final Facts NONE = new Facts(null, 0, null);
    }

    /** The ticket's newest article, its text cut to {@value QueueRepository#PREVIEW_CHARS} characters. */
    public record LastArticle(long id, Direction direction, String type, String text, String status, Instant createdAt) {
    }

    /** The visible tickets that pass the filter, newest activity first. */
    @Transactional(readOnly = true)
    public List<TicketRow> list(Caller caller, Filter filter, int limit, int offset) {
        Assignee assignee = null;
        if ("me".equals(filter.assignee())) {
            if (caller.agentId() == null) {
                return List.of(); // a static token is nobody's assignee
            }
            assignee = Assignee.agent(caller.agentId());
        } else if ("none".equals(filter.assignee())) {
            assignee = Assignee.none();
        } else if (filter.assignee() != null) {
            if (!filter.assignee().matches("[0-9]{1,18}")) {
                throw new Refusal(Reason.INVALID_MESSAGE, "assignee must be me, none or an agent's id",
                        List.of(new FieldProblem("assignee", "me, none or an agent's id")));
            }
            assignee = Assignee.agent(Long.parseLong(filter.assignee()));
        }
        return tickets.tickets(new TicketQuery(filter.state(), filter.channelId(), filter.customer(), filter.group(),
                assignee, caller.isAdmin() ? null : caller.groups()), limit, offset);
    }

    /** The facts of each ticket, by id (for the caller: unread counts are theirs). */
    @Transactional(readOnly = true)
    public Map<Long, Facts> facts(Caller caller, List<TicketRow> rows) {
        return repository.facts(caller, rows.stream().map(TicketRow::id).toList());
    }

    public Facts facts(Caller caller, TicketRow ticket) {
        return facts(caller, List.of(ticket)).getOrDefault(ticket.id(), Facts.NONE);
    }

    /** The ticket, if the caller may see it; else 404 as if there were none. */
    @Transactional(readOnly = true)
    public TicketRow ticket(Caller caller, long ticketId) {
        return AgentActions.visible(caller, tickets.ticket(ticketId), ticketId);
    }

    /** An agent has seen the ticket up to {@code lastArticleId}: nothing before it is unread for them. */
    @Transactional
    public void viewed(Caller caller, long ticketId, long lastArticleId) {
        if (caller.agentId() != null) {
            repository.markSeen(caller.agentId(), ticketId, lastArticleId);
        }
    }

    /** The authors of the ticket's outbound articles, by article id (none for welcome messages, echoes, reminders). */
    @Transactional(readOnly = true)
    public Map<Long, AgentRef> authors(long ticketId) {
        return repository.authors(ticketId);
    }

    /**
     * Assigns the ticket to an agent ({@code agentId}) or to nobody (null). The assignee must be enabled and able to
     * see the ticket's group (422 {@code invalid_assignee}); any caller who sees the ticket may assign it.
     */
    @Transactional
    public TicketRow assign(Caller caller, long ticketId, Long agentId) {
        TicketRow ticket = AgentActions.visible(caller, tickets.ticketForUpdate(ticketId), ticketId);
        AgentRef assignee = null;
        if (agentId != null) {
            QueueRepository.Assignable agent = repository.assignable(agentId)
                    .filter(a -> a.enabled() && a.canSee(ticket.group()))
                    .orElseThrow(() -> new Refusal(Reason.INVALID_ASSIGNEE,
                            "agent " + agentId + " cannot take this ticket",
                            List.of(new FieldProblem("agentId",
                                    "no enabled agent of the ticket's group " + ticket.group() + " has this id"))));
            assignee = agent.agent();
        }
        TicketRow assigned = tickets.assign(ticketId, agentId, clock.instant());
        events.ticket(TicketEventType.TICKET_ASSIGNED, assigned,
                tickets.conversation(ticket.channelId(), ticket.customerId()).orElseThrow(), caller.login(),
                assignee == null ? null : assignee.login());
        return assigned;
    }
}
