package dev.switchboard.media.job;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.apache.avro.specific.SpecificRecord;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.switchboard.events.InboundMessage;
import dev.switchboard.events.MediaEvent;
import dev.switchboard.kit.jdbc.JdbcTime;
import dev.switchboard.media.outcome.MediaEvents;
import dev.switchboard.schemas.EventDeserializer;
import dev.switchboard.schemas.EventSerializer;
import dev.switchboard.schemas.Keys;
import dev.switchboard.schemas.Topics;

/**
 * The table {@code fetch_job}: one row per inbound file, the job while it is pending, then its outcome and the
 * outbox of its MediaEvent. Replicas share the due jobs through {@code for update skip locked} claims; a claimed job
 * is moved past a lease so that nobody else takes it while it is fetched, without a transaction held open.
 */
@Repository
public class FetchJobs {

    /** Files per message: one (Twilio's further files arrive as messages of their own). */
    static final int MEDIA_INDEX = 0;

    private final JdbcClient jdbc;
    private final EventSerializer<SpecificRecord> serializer = new EventSerializer<>();
    private final EventDeserializer<SpecificRecord> deserializer = new EventDeserializer<>();

    public FetchJobs(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records a job for every message that carries a file, unless one is recorded already (a redelivery, a replay):
     * how many are new. Throws for a message no event could be keyed for (no customer id): a poison record.
     */
    public int record(List<InboundMessage> messages, Instant now) {
        int recorded = 0;
        for (InboundMessage message : messages) {
            if (message.getMedia() == null) {
                continue;
            }
            String key = Keys.conversation(message.getChannelId(), message.getCustomer());
            recorded += jdbc.sql("""
                            insert into fetch_job (message_id, media_index, channel_id, provider, message_type,
                                                   provider_media, message, event_key, due_at, created_at)
                            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                            on conflict (message_id, media_index) do nothing
                            """)
                    .params(message.getMessageId(), MEDIA_INDEX, message.getChannelId(), message.getProvider().name(),
                            message.getType().name(), MediaEvents.providerMediaId(message),
                            serializer.serialize(Topics.INBOUND_MESSAGES.name(), message), key,
                            JdbcTime.timestamp(now), JdbcTime.timestamp(now))
                    .update();
        }
        return recorded;
    }

    /** A job claimed for one attempt. */
    public record Claimed(String messageId, int mediaIndex, UUID claimId, InboundMessage message, String eventKey,
                          int attempts, Instant createdAt) {
    }

    /** Claims the soonest due job, skipping those another replica or thread is claiming; empty when none is due. */
    public Optional<Claimed> claimNext(Instant now, Duration lease) {
        UUID claim = UUID.randomUUID();
        return jdbc.sql("""
                        update fetch_job j set due_at = ?, claim_id = ?, attempts = j.attempts + 1
                        from (select message_id, media_index from fetch_job
                               where state = 'pending' and due_at <= ?
                               order by due_at limit 1 for update skip locked) due
                        where j.message_id = due.message_id and j.media_index = due.media_index
                        returning j.message_id, j.media_index, j.message, j.event_key, j.attempts, j.created_at
                        """)
                .params(JdbcTime.timestamp(now.plus(lease)), claim, JdbcTime.timestamp(now))
                .query((rs, n) -> claimed(rs, claim))
                .optional();
    }

    private Claimed claimed(ResultSet rs, UUID claim) throws SQLException {
        InboundMessage message = (InboundMessage) deserializer.deserialize(Topics.INBOUND_MESSAGES.name(),
                rs.getBytes("message"));
        return new Claimed(rs.getString("message_id"), rs.getInt("media_index"), claim, message,
                rs.getString("event_key"), rs.getInt("attempts"), JdbcTime.instant(rs, "created_at"));
    }

    /**
     * Records the outcome and its event, if the claim still holds (a lease that ran out and was claimed by another
     * replica records nothing here); whether it did.
     */
    public boolean finish(Claimed job, MediaEvent event, String lastError, Instant now) {
        String state = event.getFailure() == null ? "stored" : "failed";
        return jdbc.sql("""
                        update fetch_job set state = ?, finished_at = ?, event = ?, failure = ?, last_error = ?,
                                             claim_id = null
                        where message_id = ? and media_index = ? and claim_id = ? and state = 'pending'
                        """)
                .params(state, JdbcTime.timestamp(now), serializer.serialize(Topics.MEDIA_EVENTS.name(), event),
                        event.getFailure() == null ? null : event.getFailure().name(), lastError,
                        job.messageId(), job.mediaIndex(), job.claimId())
                .update() == 1;
    }

    /** Puts the job back for another attempt at {@code at}, if the claim still holds. */
    public boolean retryAt(Claimed job, Instant at, String lastError) {
        return jdbc.sql("""
                        update fetch_job set due_at = ?, last_error = ?, claim_id = null
                        where message_id = ? and media_index = ? and claim_id = ? and state = 'pending'
                        """)
                .params(JdbcTime.timestamp(at), lastError, job.messageId(), job.mediaIndex(), job.claimId())
                .update() == 1;
    }

    /** Makes claimed jobs due at once again (a replica stopping with fetches unfinished). */
    public int release(Collection<UUID> claims, Instant now) {
        if (claims.isEmpty()) {
            return 0;
        }
        return jdbc.sql("update fetch_job set due_at = ?, claim_id = null where claim_id = any(?::uuid[]) and state = 'pending'")
                .params(JdbcTime.timestamp(now), claims.stream().map(UUID::toString).toArray(String[]::new))
                .update();
    }

    /** When the soonest pending job is due, or null when none is pending. */
    public Instant nextDueAt() {
        return jdbc.sql("select due_at from fetch_job where state = 'pending' order by due_at limit 1")
                .query((rs, n) -> JdbcTime.instant(rs, 1)).optional().orElse(null);
    }

    /** An outcome whose event is not on Kafka yet. */
    public record Unpublished(String messageId, int mediaIndex, String key, byte[] event) {
    }

    /** Locks a batch of outcomes not on Kafka yet (skipping rows another replica is relaying). */
    public List<Unpublished> lockUnpublished(int limit) {
        return jdbc.sql("""
                        select message_id, media_index, event_key, event from fetch_job
                        where state <> 'pending' and not published order by finished_at limit ? for update skip locked
                        """)
                .param(limit)
                .query((rs, n) -> new Unpublished(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getBytes(4)))
                .list();
    }

    public void markPublished(List<Unpublished> published) {
        jdbc.sql("""
                        update fetch_job j set published = true
                        from unnest(?::text[], ?::int[]) as p(message_id, media_index)
                        where j.message_id = p.message_id and j.media_index = p.media_index
                        """)
                .params(published.stream().map(Unpublished::messageId).toArray(String[]::new),
                        published.stream().mapToInt(Unpublished::mediaIndex).toArray())
                .update();
    }

    /** Deletes up to {@code batch} finished rows whose event is on Kafka and that finished before the cutoff. */
    public int deleteFinishedBefore(Instant cutoff, int batch) {
        return jdbc.sql("""
                        delete from fetch_job where (message_id, media_index) in (
                            select message_id, media_index from fetch_job
                            where state <> 'pending' and published and finished_at < ? limit ?)
                        """)
                .params(JdbcTime.timestamp(cutoff), batch)
                .update();
    }

    /** Jobs waiting to be fetched (due or backing off), and outcomes not on Kafka yet. */
    public record Depth(long pending, long unpublished) {
    }

    public Depth depth() {
        return jdbc.sql("""
                        select count(*) filter (where state = 'pending'),
                               count(*) filter (where state <> 'pending' and not published)
                        from fetch_job where state = 'pending' or not published
                        """)
                .query((rs, n) -> new Depth(rs.getLong(1), rs.getLong(2))).single();
    }
}
