package dev.switchboard.ticket.billing;

import static dev.switchboard.kit.jdbc.JdbcTime.instant;
import static dev.switchboard.kit.jdbc.JdbcTime.timestamp;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Keeps the pricing of outbound messages (article's pricing columns, V10): the first status that carries a
 * {@code pricing} object sets them, a later one never changes them (Meta repeats the object on sent, delivered and
 * read; statuses arrive late, twice and out of order). A status that overtook the send result parks its pricing in
 * pending_pricing (V12) until the result names the article. Counts each billable message once, when it is first
 * priced: {@code switchboard_billable_messages_total{channel, category, pricing_type}}.
 */
@Component
public class ArticlePricing {

    private static final String COLUMNS = "billable, pricing_model, pricing_category, pricing_type, priced_at";

    private final JdbcClient jdbc;
    private final MeterRegistry meters;

    public ArticlePricing(JdbcClient jdbc, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.meters = meters;
    }

    /** Prices the article unless it already is; counts it when this priced it billable. */
    public void record(long articleId, String channelId, Priced pricing) {
        Objects.requireNonNull(pricing, "pricing");
        int priced = jdbc.sql("update article set billable = ?, pricing_model = ?, pricing_category = ?,"
                        + " pricing_type = ?, priced_at = ? where id = ? and priced_at is null")
                .params(pricing.billable(), pricing.model(), pricing.category(), pricing.type(),
                        timestamp(pricing.pricedAt()), articleId)
                .update();
        if (priced > 0 && pricing.isBillable()) {
            Counter.builder("switchboard.billable.messages")
                    .description("outbound messages Meta said it bills, counted once each when first priced")
                    .tag("channel", channelId)
                    .tag("category", orUnknown(pricing.category()))
                    .tag("pricing_type", orUnknown(pricing.type()))
                    .register(meters).increment();
        }
    }

    /** The article's pricing, if a status priced it. */
    public Optional<Priced> of(long articleId) {
        return jdbc.sql("select " + COLUMNS + " from article where id = ? and priced_at is not null").param(articleId)
                .query(ArticlePricing::priced).optional();
    }

    /** Keeps the pricing of a status whose article is not known yet (the first one parked wins). */
    public void park(String channelId, String messageId, Priced pricing) {
        jdbc.sql("insert into pending_pricing (channel_id, message_id, " + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?)"
                        + " on conflict do nothing")
                .params(channelId, messageId, pricing.billable(), pricing.model(), pricing.category(), pricing.type(),
                        timestamp(pricing.pricedAt()))
                .update();
    }

    /** The result named the article of {@code messageId}: the pricing that waited for it, if any, is applied. */
    public void claimParked(long articleId, String channelId, String messageId) {
        jdbc.sql("delete from pending_pricing where channel_id = ? and message_id = ? returning " + COLUMNS)
                .params(channelId, messageId).query(ArticlePricing::priced).optional()
                .ifPresent(pricing -> record(articleId, channelId, pricing));
    }

    /** Deletes up to {@code limit} pricings parked before {@code before} that no result claimed; how many. */
    public int deleteParkedBefore(Instant before, int limit) {
        return jdbc.sql("""
                        delete from pending_pricing where ctid = any(array(
                            select ctid from pending_pricing where parked_at < ? limit ? for update skip locked))
                        """)
                .params(timestamp(before), limit).update();
    }

    static String orUnknown(String value) {
        return value == null || value.isBlank() ? "unknown" : value;
    }

    private static Priced priced(ResultSet rs, int row) throws SQLException {
        return new Priced((Boolean) rs.getObject(1), rs.getString(2), rs.getString(3), rs.getString(4), instant(rs, 5));
    }
}
