package dev.switchboard.outbound.queue;

import static dev.switchboard.kit.jdbc.JdbcTime.instant;
import static dev.switchboard.kit.jdbc.JdbcTime.timestamp;

import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.switchboard.outbound.pacing.TierGate;

/**
 * The tier's contacts (table tier_contact): the last business-initiated message to each recipient per channel, from
 * which the rolling 24 hours of the messaging tier are counted.
 */
@Repository
public class TierContacts {

    private final JdbcClient jdbc;

    public TierContacts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The tier's figures for a send to {@code recipientId} on {@code channelId}, counted from {@code since}. */
    public TierGate.Window window(String channelId, String recipientId, Instant since) {
        return new TierGate.Window(tierContactedSince(channelId, recipientId, since), tierRecipientsSince(channelId, since),
                oldestTierContactSince(channelId, since).orElse(null));
    }

    /** Distinct recipients of business-initiated messages since {@code since}. */
    public long tierRecipientsSince(String channelId, Instant since) {
        return jdbc.sql("select count(*) from tier_contact where channel_id = ? and last_sent_at > ?")
                .params(channelId, timestamp(since)).query(Long.class).single();
    }

    public boolean tierContactedSince(String channelId, String recipientId, Instant since) {
        return jdbc.sql("select exists (select 1 from tier_contact where channel_id = ? and recipient_id = ? and last_sent_at > ?)")
                .params(channelId, recipientId, timestamp(since)).query(Boolean.class).single();
    }

    /** The oldest contact still inside the rolling window: when it leaves, capacity frees. */
    public Optional<Instant> oldestTierContactSince(String channelId, Instant since) {
        return jdbc.sql("select min(last_sent_at) from tier_contact where channel_id = ? and last_sent_at > ?")
                .params(channelId, timestamp(since)).query((rs, n) -> instant(rs.getTimestamp(1))).optional()
                .filter(java.util.Objects::nonNull);
    }

    public void recordTierContact(String channelId, String recipientId, Instant at) {
        jdbc.sql("""
                        insert into tier_contact (channel_id, recipient_id, last_sent_at) values (?, ?, ?)
                        on conflict (channel_id, recipient_id) do update set last_sent_at = greatest(tier_contact.last_sent_at, excluded.last_sent_at)
                        """)
                .params(channelId, recipientId, timestamp(at)).update();
    }

    /** Gives back a contact reserved at {@code reservedAt} (unless a later send has renewed it since). */
    public void forgetTierContact(String channelId, String recipientId, Instant reservedAt) {
        jdbc.sql("delete from tier_contact where channel_id = ? and recipient_id = ? and last_sent_at = ?")
                .params(channelId, recipientId, timestamp(reservedAt)).update();
    }
}
