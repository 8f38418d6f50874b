package dev.switchboard.ticket.queue;

import static dev.switchboard.kit.jdbc.JdbcTime.instant;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.switchboard.ticket.access.Caller;
import dev.switchboard.ticket.store.Direction;
import dev.switchboard.ticket.store.Wire;

/** SQL for what a queue shows of each ticket (assignee, unread, last article), views and assignable agents. */
@Repository
class QueueRepository {

    /** How much of the last article's text a queue shows. */
    static final int PREVIEW_CHARS = 140;

    private final JdbcClient jdbc;

    QueueRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * What a queue shows of each ticket. Unread: the inbound articles after the newest one the agent has seen; for a
     * static token (no agent row), after the newest outbound article.
     */
    Map<Long, Queue.Facts> facts(Caller caller, Collection<Long> ticketIds) {
        if (ticketIds.isEmpty()) {
            return Map.of();
        }
        String seen = caller.agentId() == null
                ? "(select max(o.id) from article o where o.ticket_id = t.id and o.direction = 'outbound')"
                : "(select s.last_article_id from ticket_seen s where s.ticket_id = t.id and s.agent_id = ?)";
        String sql = """
                select t.id, a.id, a.login, a.name,
                       (select count(*) from article i where i.ticket_id = t.id and i.direction = 'inbound'
                            and i.id > coalesce(%s, 0)),
                       l.id, l.direction, l.type, left(l.text, %d), l.status, l.created_at
                from ticket t
                left join agent a on a.id = t.assignee_id
                left join lateral (select id, direction, type, text, status, created_at from article
                                   where ticket_id = t.id order by id desc limit 1) l on true
                where t.id = any(?)
                """.formatted(seen, PREVIEW_CHARS);
        Long[] ids = ticketIds.toArray(Long[]::new);
        JdbcClient.StatementSpec statement = caller.agentId() == null ? jdbc.sql(sql).param(ids)
                : jdbc.sql(sql).param(caller.agentId()).param(ids);
        Map<Long, Queue.Facts> facts = new HashMap<>();
        statement.query((ResultSet rs) -> {
            facts.put(rs.getLong(1), new Queue.Facts(agent(rs, 2), rs.getInt(5), lastArticle(rs)));
        });
        return facts;
    }

    private static Queue.LastArticle lastArticle(ResultSet rs) throws SQLException {
        if (rs.getObject(6) == null) {
            return null;
        }
        return new Queue.LastArticle(rs.getLong(6), Wire.parse(Direction.class, rs.getString(7)), rs.getString(8),
                rs.getString(9), rs.getString(10), instant(rs, 11));
    }

    /** The agent in columns {@code from} (id), +1 (login), +2 (name); null when there is none. */
    static AgentRef agent(ResultSet rs, int from) throws SQLException {
        return rs.getObject(from) == null ? null
                : new AgentRef(rs.getLong(from), rs.getString(from + 1), rs.getString(from + 2));
    }

    /** The authors of a ticket's outbound articles (those an agent or a static token wrote), by article id. */
    Map<Long, AgentRef> authors(long ticketId) {
        Map<Long, AgentRef> authors = new HashMap<>();
        jdbc.sql("""
                        select r.id, r.agent_id, r.author, coalesce(a.name, r.author)
                        from article r left join agent a on a.id = r.agent_id
                        where r.ticket_id = ? and r.author is not null
                        """)
                .param(ticketId)
                .query((ResultSet rs) -> {
                    authors.put(rs.getLong(1), new AgentRef((Long) rs.getObject(2), rs.getString(3), rs.getString(4)));
                });
        return authors;
    }

    /** The agent has seen the ticket up to this article (never moves back). */
    void markSeen(long agentId, long ticketId, long lastArticleId) {
        jdbc.sql("""
                        insert into ticket_seen (agent_id, ticket_id, last_article_id) values (?, ?, ?)
                        on conflict (agent_id, ticket_id) do update
                            set last_article_id = greatest(ticket_seen.last_article_id, excluded.last_article_id)
                        """)
                .params(agentId, ticketId, lastArticleId).update();
    }

    /** An agent tickets may be assigned to, as far as the rules need them. */
    record Assignable(AgentRef agent, boolean enabled, Caller.Role role, Set<String> groups) {

        /** Whether this agent could see a ticket of {@code group}. */
        boolean canSee(String group) {
            return new Caller(agent.id(), agent.login(), agent.name(), role, groups).canSee(group);
        }
    }

    Optional<Assignable> assignable(long agentId) {
        Set<String> groups = new HashSet<>(jdbc.sql("select group_name from agent_group where agent_id = ?")
                .param(agentId).query(String.class).list());
        return jdbc.sql("select id, login, name, enabled, role from agent where id = ?").param(agentId)
                .query((rs, row) -> new Assignable(agent(rs, 1), rs.getBoolean(4),
                        Wire.parse(Caller.Role.class, rs.getString(5)), groups))
                .optional();
    }

}
