package dev.switchboard.reminder.conversation;

import static dev.switchboard.kit.jdbc.JdbcTime.instant;
import static dev.switchboard.kit.jdbc.JdbcTime.timestamp;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The {@code customer_alias} table: which conversation a key of another id of its customer (a BSUID, a new number)
 * belongs to, as ticket-service said last ({@code TicketEvent.customerKey} and {@code aliases}).
 *
 * <p>Recording a message and learning an alias take turns on the alias key ({@link #lock}), so that a message keyed
 * by an alias is either mapped to its conversation or recorded before the alias is learned, and then folded into it.
 */
@Repository
public class CustomerAliases {

    private final JdbcTemplate jdbc;

    public CustomerAliases(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** {@code aliasKey} belongs to the conversation {@code conversationKey}, as of {@code learnedAt}. */
    public record Alias(String aliasKey, String conversationKey, Instant learnedAt) {
    }

    /** Locks these keys until the transaction ends (advisory locks, in key order: two batches cannot deadlock on them). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void lock(Collection<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        jdbc.queryForObject("select count(pg_advisory_xact_lock(hashtextextended('customer-key:' || k, 0)))"
                + " from (select distinct unnest(?::text[]) k order by k) v", Long.class,
                (Object) keys.toArray(String[]::new));
    }

    /** The conversation of each of these keys that is an alias; keys that are none are left out. */
    public Map<String, Alias> find(Collection<String> keys) {
        Map<String, Alias> found = new HashMap<>();
        if (keys.isEmpty()) {
            return found;
        }
        jdbc.query("select alias_key, conversation_key, learned_at from customer_alias where alias_key = any(?)",
                rs -> {
                    found.put(rs.getString(1), new Alias(rs.getString(1), rs.getString(2), instant(rs, 3)));
                }, (Object) keys.toArray(String[]::new));
        return found;
    }

    /**
     * Records the aliases (each newer than what is stored for its key) and moves the aliases of each alias that was a
     * conversation of its own to the new one, so that every alias names a conversation directly.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void learn(List<Alias> aliases) {
        jdbc.batchUpdate("""
                insert into customer_alias as a (alias_key, conversation_key, learned_at) values (?, ?, ?)
                on conflict (alias_key) do update
                   set conversation_key = excluded.conversation_key, learned_at = excluded.learned_at
                 where a.learned_at < excluded.learned_at and a.conversation_key <> excluded.conversation_key
                """, aliases, aliases.size(), (ps, a) -> {
            ps.setString(1, a.aliasKey());
            ps.setString(2, a.conversationKey());
            ps.setTimestamp(3, timestamp(a.learnedAt()));
        });
        jdbc.batchUpdate("update customer_alias set conversation_key = ? where conversation_key = ?", aliases,
                aliases.size(), (ps, a) -> {
                    ps.setString(1, a.conversationKey());
                    ps.setString(2, a.aliasKey());
                });
    }
}
