package dev.switchboard.ticket.agents;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The {@code agent}, {@code agent_group}, {@code helpdesk_group} and {@code agent_token} rows. */
@Component
class AgentStore {

    private static final String AGENTS = """
            select a.id, a.login, a.name, a.email, a.role, a.enabled, a.locked_until, a.created_at,
                   coalesce(array_agg(g.group_name order by g.group_name) filter (where g.group_name is not null),
                            '{}') as groups
              from agent a left join agent_group g on g.agent_id = a.id
            """;

    /** A new agent's or a changed agent's columns. {@code passwordHash} null: unchanged (update), none (insert). */
    record Row(String login, String name, String email, String role, List<String> groups, boolean enabled,
               String passwordHash) {
    }

    /** An API token as its owner lists it (never the token or its hash). */
    record Token(long id, long agentId, String name, Instant createdAt, Instant lastUsedAt, Instant expiresAt,
                 Instant revokedAt) {
    }

    /** A group and how many agents are in it. */
    record Group(String name, String description, int members) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    AgentStore(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    List<Agent> all() {
        return jdbc.sql(AGENTS + " group by a.id order by a.login").query(AgentStore::agent).list();
    }

    Optional<Agent> find(long id) {
        return jdbc.sql(AGENTS + " where a.id = ? group by a.id").param(id).query(AgentStore::agent).optional();
    }

    boolean loginTaken(String login) {
        return jdbc.sql("select count(*) from agent where login = ?").param(login).query(Long.class).single() > 0;
    }

    long count() {
        return jdbc.sql("select count(*) from agent").query(Long.class).single();
    }

    /** Inserts the agent unless its login exists (a replica starting at the same time); its id if inserted. */
    Optional<Long> insert(Row row) {
        Timestamp now = Timestamp.from(clock.instant());
        Optional<Long> id = jdbc.sql("""
                        insert into agent (login, name, email, password_hash, role, enabled, created_at, updated_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?) on conflict (login) do nothing returning id
                        """)
                .params(row.login(), row.name(), row.email(), row.passwordHash(), row.role(), row.enabled(), now, now)
                .query(Long.class).optional();
        id.ifPresent(agent -> groups(agent, row.groups()));
        return id;
    }

    void update(long id, Row row) {
        jdbc.sql("""
                        update agent set name = ?, email = ?, role = ?, enabled = ?,
                               password_hash = coalesce(cast(? as text), password_hash),
                               failed_logins = case when cast(? as text) is null then failed_logins else 0 end,
                               locked_until = case when cast(? as text) is null then locked_until else null end,
                               updated_at = ?
                         where id = ?
                        """)
                .params(row.name(), row.email(), row.role(), row.enabled(), row.passwordHash(), row.passwordHash(),
                        row.passwordHash(), Timestamp.from(clock.instant()), id)
                .update();
        jdbc.sql("delete from agent_group where agent_id = ?").param(id).update();
        groups(id, row.groups());
    }

    private void groups(long agent, Collection<String> groups) {
        for (String group : groups) {
            jdbc.sql("insert into agent_group (agent_id, group_name) values (?, ?)").params(agent, group).update();
        }
    }

    /** The enabled agents of any of these groups (null: every enabled agent), by login. */
    List<Agent> enabled(Collection<String> ofGroups) {
        String where = ofGroups == null ? " where a.enabled"
                : " where a.enabled and exists (select 1 from agent_group m where m.agent_id = a.id"
                + " and m.group_name = any (?))";
        var query = jdbc.sql(AGENTS + where + " group by a.id order by a.login");
        if (ofGroups != null) {
            query = query.param(ofGroups.toArray(String[]::new));
        }
        return query.query(AgentStore::agent).list();
    }

    // ------------------------------------------------------------------------------------------------ groups

    /** The described groups and every group an agent is in, with member counts; by name. */
    Map<String, Group> groups() {
        Map<String, Group> groups = new TreeMap<>();
        jdbc.sql("select name, description from helpdesk_group").query((rs, n) -> new Group(rs.getString("name"),
                rs.getString("description"), 0)).list().forEach(g -> groups.put(g.name(), g));
        jdbc.sql("select group_name, count(*) as members from agent_group group by group_name")
                .query((rs, n) -> Map.entry(rs.getString("group_name"), rs.getInt("members"))).list()
                .forEach(e -> groups.merge(e.getKey(), new Group(e.getKey(), null, e.getValue()),
                        (described, counted) -> new Group(described.name(), described.description(), counted.members())));
        return groups;
    }

    /** Describes a group; false if it is described already. */
    boolean describeGroup(String name, String description) {
        return jdbc.sql("insert into helpdesk_group (name, description, created_at) values (?, ?, ?)"
                        + " on conflict (name) do nothing")
                .params(name, description, Timestamp.from(clock.instant())).update() == 1;
    }

    // ------------------------------------------------------------------------------------------------ tokens

    Token insertToken(long agentId, String name, byte[] sha256, Instant expiresAt) {
        return jdbc.sql("""
                        insert into agent_token (agent_id, name, token_sha256, created_at, expires_at)
                        values (?, ?, ?, ?, ?)
                        returning id, agent_id, name, created_at, last_used_at, expires_at, revoked_at
                        """)
                .params(agentId, name, sha256, Timestamp.from(clock.instant()),
                        expiresAt == null ? null : Timestamp.from(expiresAt))
                .query(AgentStore::token).single();
    }

    /** The agent's tokens that still work (not revoked, not expired), newest first. */
    List<Token> tokens(long agentId) {
        return jdbc.sql("""
                        select id, agent_id, name, created_at, last_used_at, expires_at, revoked_at from agent_token
                         where agent_id = ? and revoked_at is null and (expires_at is null or expires_at > ?)
                         order by id desc
                        """)
                .params(agentId, Timestamp.from(clock.instant())).query(AgentStore::token).list();
    }

    /** Revokes one of the agent's tokens; false if the agent has no such token. */
    boolean revokeToken(long agentId, long tokenId) {
        return jdbc.sql("update agent_token set revoked_at = coalesce(revoked_at, ?) where id = ? and agent_id = ?")
                .params(Timestamp.from(clock.instant()), tokenId, agentId).update() == 1;
    }

    // ------------------------------------------------------------------------------------------------ rows

    private static Agent agent(ResultSet rs, int row) throws SQLException {
        return new Agent(rs.getLong("id"), rs.getString("login"), rs.getString("name"), rs.getString("email"),
                rs.getString("role"), Arrays.asList((String[]) rs.getArray("groups").getArray()),
                rs.getBoolean("enabled"), instant(rs, "locked_until"), instant(rs, "created_at"));
    }

    private static Token token(ResultSet rs, int row) throws SQLException {
        return new Token(rs.getLong("id"), rs.getLong("agent_id"), rs.getString("name"), instant(rs, "created_at"),
                instant(rs, "last_used_at"), instant(rs, "expires_at"), instant(rs, "revoked_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
