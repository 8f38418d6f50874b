package dev.switchboard.ticket.billing;

import static dev.switchboard.kit.jdbc.JdbcTime.instant;
import static dev.switchboard.kit.jdbc.JdbcTime.timestamp;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Billable messages counted from the articles' pricing: per ticket (Ticket JSON) and per channel, category and day. */
@Component
public class BillingQueries {

    private final JdbcClient jdbc;

    public BillingQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** How many of the ticket's messages Meta said it bills. */
    public long billableMessages(long ticketId) {
        return jdbc.sql("select count(*) from article where ticket_id = ? and billable").param(ticketId)
                .query(Long.class).single();
    }

    /** Billable messages of one UTC day, channel, pricing category and pricing type. */
    public record Day(String channelId, LocalDate day, String category, String pricingType, long billableMessages) {
    }

    /**
     * Billable messages per channel, UTC day (of the status that priced them), category and pricing type, from
     * {@code from} to {@code to} (both days included).
     *
     * @param channelId one channel, or null for all
     */
    public List<Day> perDay(String channelId, LocalDate from, LocalDate to) {
        StringBuilder sql = new StringBuilder("""
                select channel_id, cast(priced_at at time zone 'UTC' as date), coalesce(pricing_category, 'unknown'),
                       coalesce(pricing_type, 'unknown'), count(*)
                from article where billable and priced_at >= ? and priced_at < ?""");
        List<Object> params = new ArrayList<>(List.of(timestamp(from.atStartOfDay().toInstant(ZoneOffset.UTC)),
                timestamp(to.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC))));
        if (channelId != null) {
            sql.append(" and channel_id = ?");
            params.add(channelId);
        }
        sql.append(" group by 1, 2, 3, 4 order by 1, 2, 3, 4");
        return jdbc.sql(sql.toString()).params(params)
                .query((rs, row) -> new Day(rs.getString(1), rs.getObject(2, LocalDate.class), rs.getString(3),
                        rs.getString(4), rs.getLong(5)))
                .list();
    }

    /** When the customer last wrote from a click-to-WhatsApp ad (an inbound message with an ad referral), if ever. */
    public Optional<Instant> adReferralAt(String channelId, String customerId) {
        return jdbc.sql("""
                        select max(a.sent_at) from article a join ticket t on t.id = a.ticket_id
                        where t.channel_id = ? and t.customer_id = ? and a.direction = 'inbound'
                          and (a.content -> 'referral' ->> 'sourceType' = 'ad' or a.content -> 'referral' ->> 'ctwaClid' is not null)
                        """)
                .params(channelId, customerId).query((rs, row) -> instant(rs, 1)).list().stream()
                .filter(java.util.Objects::nonNull).findFirst();
    }
}
