package dev.switchboard.ticket.access;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What authentication reads and writes of the {@code agent} and {@code agent_token} rows: an agent's password hash
 * and lock, the failed-login count (in the row, so every replica counts the same), and who an enabled agent is.
 */
@Component
public class AgentAccounts {

    /** What the login form checks. {@code passwordHash} is null for an agent who signs in by single sign-on only. */
    public record Account(long id, String login, String passwordHash, String role, boolean enabled, Instant lockedUntil) {

        public boolean lockedAt(Instant now) {
            return lockedUntil != null && lockedUntil.isAfter(now);
        }
    }

    private static final String CALLER = """
            select a.id, a.login, a.name, a.role,
                   coalesce(array_agg(g.group_name order by g.group_name) filter (where g.group_name is not null),
                            '{}') as groups
              from agent a left join agent_group g on g.agent_id = a.id
            """;

    private final JdbcClient jdbc;
    private final Clock clock;

    public AgentAccounts(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public Optional<Account> account(String login) {
        return jdbc.sql("select id, login, password_hash, role, enabled, locked_until from agent where login = ?")
                .param(login)
                .query((rs, n) -> new Account(rs.getLong("id"), rs.getString("login"), rs.getString("password_hash"),
                        rs.getString("role"), rs.getBoolean("enabled"), instant(rs, "locked_until")))
                .optional();
    }

    /** The enabled agent of this login, as a caller (with their current role and groups). */
    public Optional<Caller> caller(String login) {
        return jdbc.sql(CALLER + " where a.login = ? and a.enabled group by a.id").param(login)
                .query(AgentAccounts::caller).optional();
    }

    /**
     * The enabled agent whose unrevoked, unexpired API token has this SHA-256; its last use is written at most once a
     * minute (a token used in a busy integration must not write a row per request).
     */
    public Optional<Caller> callerByToken(byte[] sha256) {
        Instant now = clock.instant();
        record Token(long id, long agentId, Instant lastUsedAt) {
        }
        Optional<Token> token = jdbc.sql("""
                        select id, agent_id, last_used_at from agent_token
                         where token_sha256 = ? and revoked_at is null and (expires_at is null or expires_at > ?)
                        """)
                .params(sha256, Timestamp.from(now))
                .query((rs, n) -> new Token(rs.getLong("id"), rs.getLong("agent_id"), instant(rs, "last_used_at")))
                .optional();
        if (token.isEmpty()) {
            return Optional.empty();
        }
        Optional<Caller> caller = jdbc.sql(CALLER + " where a.id = ? and a.enabled group by a.id")
                .param(token.get().agentId()).query(AgentAccounts::caller).optional();
        if (caller.isPresent() && (token.get().lastUsedAt() == null
                || token.get().lastUsedAt().isBefore(now.minus(Duration.ofMinutes(1))))) {
            jdbc.sql("update agent_token set last_used_at = ? where id = ?")
                    .params(Timestamp.from(now), token.get().id()).update();
        }
        return caller;
    }

    /**
     * Counts a wrong password; the {@code maxFailures}-th in a row locks the login for {@code lockout}.
     *
     * @return whether the login is locked now
     */
    public boolean failed(String login, int maxFailures, Duration lockout) {
        Instant now = clock.instant();
        return jdbc.sql("""
                        update agent
                           set failed_logins = case when failed_logins + 1 >= :max then 0 else failed_logins + 1 end,
                               locked_until  = case when failed_logins + 1 >= :max then :until else locked_until end
                         where login = :login
                        returning locked_until
                        """)
                .param("max", maxFailures)
                .param("until", Timestamp.from(now.plus(lockout)))
                .param("login", login)
                .query((rs, n) -> instant(rs, "locked_until"))
                .optional()
                .map(until -> until != null && until.isAfter(now))
                .orElse(false);
    }

    /** A successful sign-in starts the count again. */
    public void succeeded(String login) {
        jdbc.sql("update agent set failed_logins = 0, locked_until = null where login = ?"
                + " and (failed_logins <> 0 or locked_until is not null)").param(login).update();
    }

    private static Caller caller(ResultSet rs, int row) throws SQLException {
        return new Caller(rs.getLong("id"), rs.getString("login"), rs.getString("name"),
                Caller.Role.valueOf(rs.getString("role").toUpperCase(java.util.Locale.ROOT)), groups(rs.getArray("groups")));
    }

    static Set<String> groups(Array array) throws SQLException {
        return array == null ? Set.of() : Set.copyOf(Arrays.asList((String[]) array.getArray()));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
