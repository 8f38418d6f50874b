package dev.switchboard.ticket.customer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.switchboard.ticket.access.Caller;

/**
 * {@code GET /api/customers}: customers found by a number prefix (digits, an optional {@code +}), a username
 * ({@code @x}) or a name or username prefix (any other text), case-insensitive. An agent finds only customers with a
 * ticket in one of their groups (as the queue shows tickets); merged conversations are found as the one they were
 * merged into.
 */
@Service
public class CustomerSearch {

    public static final int MAX_LIMIT = 100;

    /** @param ticketId the customer's open ticket, else their newest (null: none the caller may see) */
    public record Found(String channelId, String customerId, String waId, String userId, String username, String name,
                        Long ticketId) {
    }

    /** What {@code q} asks for. */
    enum Match { NUMBER_PREFIX, USERNAME_PREFIX, NAME_OR_USERNAME_PREFIX }

    record Query(Match match, String prefix) {

        static Query of(String q) {
            String text = q.strip();
            if (text.matches("\\+?[0-9]+")) {
                return new Query(Match.NUMBER_PREFIX, text.startsWith("+") ? text.substring(1) : text);
            }
            if (text.startsWith("@") && text.length() > 1) {
                return new Query(Match.USERNAME_PREFIX, text.substring(1).toLowerCase(Locale.ROOT));
            }
            return new Query(Match.NAME_OR_USERNAME_PREFIX, text.toLowerCase(Locale.ROOT));
        }

        /** The prefix as a LIKE pattern (its own %, _ and \ escaped). */
        String pattern() {
            return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        }
    }

    private final JdbcClient jdbc;

    public CustomerSearch(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Up to {@code limit} customers matching {@code q}, on one channel or all, by name then id. */
    @Transactional(readOnly = true)
    public List<Found> find(Caller caller, String q, String channelId, int limit) {
        Query query = Query.of(q);
        String match = switch (query.match()) {
            case NUMBER_PREFIX -> "c.wa_id like :pattern";
            case USERNAME_PREFIX -> "lower(c.username) like :pattern";
            case NAME_OR_USERNAME_PREFIX -> "(lower(c.name) like :pattern or lower(c.username) like :pattern)";
        };
        List<String> groups = new ArrayList<>(caller.groups());
        return jdbc.sql("""
                        select c.channel_id, c.customer_id, c.wa_id, c.user_id, c.username, c.name, t.id
                        from conversation c
                        left join lateral (
                            select id, group_name from ticket
                            where ticket.channel_id = c.channel_id and ticket.customer_id = c.customer_id
                              and (:admin or ticket.group_name = any(:groups))
                            order by state = 'open' desc, id desc limit 1) t on true
                        where c.merged_into is null and (cast(:channel as text) is null or c.channel_id = :channel)
                          and (:admin or t.id is not null)
                          and %s
                        order by lower(c.name) nulls last, c.channel_id, c.customer_id limit :limit
                        """.formatted(match))
                .param("pattern", query.pattern())
                .param("admin", caller.isAdmin())
                .param("groups", groups.toArray(String[]::new))
                .param("channel", channelId)
                .param("limit", Math.max(1, Math.min(limit, MAX_LIMIT)))
                .query((rs, n) -> new Found(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), (Long) rs.getObject(7)))
                .list();
    }
}
