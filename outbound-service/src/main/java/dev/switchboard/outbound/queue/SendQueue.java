package dev.switchboard.outbound.queue;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The durable send queue (table send_request): every request by its id, queued until it is done, then kept with
 * its result so that a redelivered or replayed request id is recognised and never sent again.
 */
@Repository
public class SendQueue {

    private final JdbcClient jdbc;

    public SendQueue(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record Queued(String requestId, long seq, String recipientId, int priority, boolean businessInitiated,
                         byte[] request, int attempts, Instant deadline) {
    }

    public record NewRequest(String requestId, String channelId, String recipientId, int priority,
                             boolean businessInitiated, byte[] request, Instant deadline) {
    }

    /** Queues a request unless its id is known (queued or done); true if it is new. */
    public boolean enqueue(NewRequest request, Instant now) {
        return enqueueAll(List.of(request), now).size() == 1;
    }

    /**
     * Queues the requests in their order (their seq follows the list) with one statement, skipping ids already known
     * (queued or done) and repeats within the list; returns the ids that are new. One statement instead of one per
     * request: a backlog landing at once costs PostgreSQL about a third as much, which the dispatchers need meanwhile.
     */
    public List<String> enqueueAll(List<NewRequest> requests, Instant now) {
        if (requests.isEmpty()) {
            return List.of();
        }
        int n = requests.size();
        String[] ids = new String[n];
        String[] channels = new String[n];
        String[] recipients = new String[n];
        int[] priorities = new int[n];
        boolean[] businessInitiated = new boolean[n];
        byte[][] bodies = new byte[n][];
        String[] deadlines = new String[n];
        for (int i = 0; i < n; i++) {
            NewRequest request = requests.get(i);
            ids[i] = request.requestId();
            channels[i] = request.channelId();
            recipients[i] = request.recipientId();
            priorities[i] = request.priority();
            businessInitiated[i] = request.businessInitiated();
            bodies[i] = request.request();
            deadlines[i] = request.deadline() == null ? null : request.deadline().toString();
        }
        // The order by makes the identity column (seq) follow the list: one recipient's requests leave in that order.
        return jdbc.sql("""
                        insert into send_request (request_id, channel_id, recipient_id, priority, business_initiated,
                                                  request, state, not_before, deadline, created_at)
                        select r.request_id, r.channel_id, r.recipient_id, r.priority, r.business_initiated, r.request,
                               'queued', ?, r.deadline, ?
                        from unnest(?::text[], ?::text[], ?::text[], ?::int[], ?::boolean[], ?::bytea[], ?::timestamptz[])
                             with ordinality as r(request_id, channel_id, recipient_id, priority, business_initiated,
                                                  request, deadline, ord)
                        order by r.ord
                        on conflict (request_id) do nothing
                        returning request_id
                        """)
                .params(ts(now), ts(now), ids, channels, recipients, priorities, businessInitiated, bodies, deadlines)
                .query(String.class).list();
    }

    /** Records a request that is done before it was ever queued (e.g. for a channel that is not configured). */
    public boolean recordDone(NewRequest request, byte[] result, Instant now) {
        return jdbc.sql("""
                        insert into send_request (request_id, channel_id, recipient_id, priority, business_initiated,
                                                  request, state, not_before, created_at, result, done_at)
                        values (?, ?, ?, ?, ?, ?, 'done', ?, ?, ?, ?)
                        on conflict (request_id) do nothing
                        """)
                .params(request.requestId(), request.channelId(), request.recipientId(), request.priority(),
                        request.businessInitiated(), request.request(), ts(now), ts(now), result, ts(now))
                .update() == 1;
    }

    /**
     * The query of {@link #ready}: the queue walked in its order (index send_request_ready), each candidate checked to
     * be its recipient's oldest by a lookup in send_request_line. That plan needs statistics that know how many
     * requests are queued: see {@link QueueStatistics}.
     */
    public static final String READY = """
            select request_id, seq, recipient_id, priority, business_initiated, request, attempts, deadline
            from send_request q
            where q.channel_id = ? and q.state = 'queued' and q.not_before <= ?
              and not exists (select 1 from send_request e
                              where e.channel_id = q.channel_id and e.recipient_id = q.recipient_id
                                and e.state = 'queued' and e.seq < q.seq)
            order by q.priority, q.seq
            limit ?
            """;

    /**
     * The requests that may go now: due, and each the oldest queued one of its recipient (one recipient's messages
     * leave in order), conversation traffic before bulk.
     */
    public List<Queued> ready(String channelId, Instant now, int limit) {
        return jdbc.sql(READY)
                .params(channelId, ts(now), limit)
                .query((rs, n) -> new Queued(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getInt(4),
                        rs.getBoolean(5), rs.getBytes(6), rs.getInt(7), instant(rs.getTimestamp(8))))
                .list();
    }

    /** When the next queued request of the channel becomes due, if any. */
    public Optional<Instant> nextDue(String channelId) {
        return jdbc.sql("select min(not_before) from send_request where channel_id = ? and state = 'queued'")
                .param(channelId).query((rs, n) -> instant(rs.getTimestamp(1))).optional()
                .filter(java.util.Objects::nonNull);
    }

    public void retryLater(String requestId, int attempts, Instant notBefore, String lastError) {
        jdbc.sql("update send_request set attempts = ?, not_before = ?, last_error = ? where request_id = ? and state = 'queued'")
                .params(attempts, ts(notBefore), lastError, requestId).update();
    }

    /** Waits without counting an attempt (tier quota, a paused number). */
    public void postpone(String requestId, Instant notBefore, String why) {
        jdbc.sql("update send_request set not_before = ?, last_error = ? where request_id = ? and state = 'queued'")
                .params(ts(notBefore), why, requestId).update();
    }

    /** Marks the request done with its result, once; false if it was already done. */
    public boolean complete(String requestId, int attempts, byte[] result, Instant now) {
        return completeAll(List.of(new Completed(requestId, attempts, result, now))) == 1;
    }

    /** A request finished with its result. */
    public record Completed(String requestId, int attempts, byte[] result, Instant completedAt) {
    }

    /** {@link #complete} for several requests with one statement (each only if it is still queued); how many. */
    public int completeAll(List<Completed> completed) {
        int n = completed.size();
        String[] ids = new String[n];
        int[] attempts = new int[n];
        byte[][] results = new byte[n][];
        String[] doneAt = new String[n];
        for (int i = 0; i < n; i++) {
            Completed c = completed.get(i);
            ids[i] = c.requestId();
            attempts[i] = c.attempts();
            results[i] = c.result();
            doneAt[i] = c.completedAt().toString();
        }
        return jdbc.sql("""
                        update send_request s set state = 'done', attempts = u.attempts, result = u.result, done_at = u.done_at
                        from unnest(?::text[], ?::int[], ?::bytea[], ?::timestamptz[]) as u(request_id, attempts, result, done_at)
                        where s.request_id = u.request_id and s.state = 'queued'
                        """)
                .params(ids, attempts, results, doneAt).update();
    }

    /** Refreshes the planner's statistics of the queue (sampled: well under a second for a million rows). */
    public void analyze() {
        jdbc.sql("analyze send_request").update();
    }

    public long depth(String channelId) {
        return jdbc.sql("select count(*) from send_request where channel_id = ? and state = 'queued'")
                .param(channelId).query(Long.class).single();
    }

    // ------------------------------------------------------------------------------------------------ results

    public record Unpublished(String requestId, String channelId, String recipientId, byte[] result) {
    }

    /** Locks a batch of results not yet on Kafka (skipping rows another replica is relaying). */
    public List<Unpublished> lockUnpublished(int limit) {
        return jdbc.sql("""
                        select request_id, channel_id, recipient_id, result from send_request
                        where state = 'done' and not result_published order by seq limit ? for update skip locked
                        """)
                .param(limit)
                .query((rs, n) -> new Unpublished(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBytes(4)))
                .list();
    }

    public void markPublished(List<String> requestIds) {
        jdbc.sql("update send_request set result_published = true where request_id = any(?)")
                .param(requestIds.toArray(String[]::new)).update();
    }

    // ------------------------------------------------------------------------------------------------ retention

    /**
     * Deletes up to {@code limit} finished requests whose result is on Kafka, created before {@code before}; how many.
     * Rows another replica is deleting are skipped.
     */
    public int deleteDone(Instant before, int limit) {
        return jdbc.sql("""
                        delete from send_request where ctid = any(array(
                            select ctid from send_request
                            where created_at < ? and state = 'done' and result_published
                            limit ? for update skip locked))
                        """)
                .params(ts(before), limit).update();
    }

    /** Deletes tier contacts last reached before {@code before} (they no longer count); how many. */
    public int deleteTierContactsBefore(Instant before) {
        return jdbc.sql("delete from tier_contact where last_sent_at < ?").param(ts(before)).update();
    }

    // ------------------------------------------------------------------------------------------------ tier

    /** Distinct recipients of business-initiated messages since {@code since}. */
    public long tierRecipientsSince(String channelId, Instant since) {
        return jdbc.sql("select count(*) from tier_contact where channel_id = ? and last_sent_at > ?")
                .params(channelId, ts(since)).query(Long.class).single();
    }

    public boolean tierContactedSince(String channelId, String recipientId, Instant since) {
        return jdbc.sql("select exists (select 1 from tier_contact where channel_id = ? and recipient_id = ? and last_sent_at > ?)")
                .params(channelId, recipientId, ts(since)).query(Boolean.class).single();
    }

    /** The oldest contact still inside the rolling window: when it leaves, capacity frees. */
    public Optional<Instant> oldestTierContactSince(String channelId, Instant since) {
        return jdbc.sql("select min(last_sent_at) from tier_contact where channel_id = ? and last_sent_at > ?")
                .params(channelId, ts(since)).query((rs, n) -> instant(rs.getTimestamp(1))).optional()
                .filter(java.util.Objects::nonNull);
    }

    public void recordTierContact(String channelId, String recipientId, Instant at) {
        jdbc.sql("""
                        insert into tier_contact (channel_id, recipient_id, last_sent_at) values (?, ?, ?)
                        on conflict (channel_id, recipient_id) do update set last_sent_at = greatest(tier_contact.last_sent_at, excluded.last_sent_at)
                        """)
                .params(channelId, recipientId, ts(at)).update();
    }

    /** Gives back a contact reserved at {@code reservedAt} (unless a later send has renewed it since). */
    public void forgetTierContact(String channelId, String recipientId, Instant reservedAt) {
        jdbc.sql("delete from tier_contact where channel_id = ? and recipient_id = ? and last_sent_at = ?")
                .params(channelId, recipientId, ts(reservedAt)).update();
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
