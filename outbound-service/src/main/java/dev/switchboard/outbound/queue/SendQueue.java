package dev.switchboard.outbound.queue;

import static dev.switchboard.kit.jdbc.JdbcTime.instant;
import static dev.switchboard.kit.jdbc.JdbcTime.timestamp;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The durable send queue (table send_request): every request by its id, queued until it is done, then kept with
 * its result so that a redelivered or replayed request id is recognised and never sent again. Marking a request
 * done is {@link ResultOutbox}'s, the tier's contacts are {@link TierContacts}'.
 */
@Repository
public class SendQueue {

    private final JdbcClient jdbc;

    public SendQueue(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @param maintenanceSince the request's first 131057 (its maintenance wait runs from it), or null */
    public record Queued(String requestId, long seq, String recipientId, int priority, boolean businessInitiated,
                         byte[] request, int attempts, Instant deadline, Instant maintenanceSince) {
    }

    /**
     * @param notBefore the request's own notBefore (not sent before it), or null: now. In the future, the request
     *                  stays out of its recipient's line until then (it holds back none of the recipient's others).
     */
    public record NewRequest(String requestId, String channelId, String recipientId, int priority,
                             boolean businessInitiated, byte[] request, Instant deadline, Instant notBefore) {

        /** Due now. */
        public NewRequest(String requestId, String channelId, String recipientId, int priority,
                          boolean businessInitiated, byte[] request, Instant deadline) {
            this(requestId, channelId, recipientId, priority, businessInitiated, request, deadline, null);
        }
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
        String[] notBefores = new String[n];
        for (int i = 0; i < n; i++) {
            NewRequest request = requests.get(i);
            ids[i] = request.requestId();
            channels[i] = request.channelId();
            recipients[i] = request.recipientId();
            priorities[i] = request.priority();
            businessInitiated[i] = request.businessInitiated();
            bodies[i] = request.request();
            deadlines[i] = request.deadline() == null ? null : request.deadline().toString();
            notBefores[i] = request.notBefore() == null ? null : request.notBefore().toString();
        }
        // The order by makes the identity column (seq) follow the list: one recipient's requests leave in that order.
        return jdbc.sql("""
                        insert into send_request (request_id, channel_id, recipient_id, priority, business_initiated,
                                                  request, state, not_before, scheduled_for, deadline, created_at)
                        select r.request_id, r.channel_id, r.recipient_id, r.priority, r.business_initiated, r.request,
                               'queued', greatest(n.now, r.not_before),
                               case when r.not_before > n.now then r.not_before end, r.deadline, n.now
                        from unnest(?::text[], ?::text[], ?::text[], ?::int[], ?::boolean[], ?::bytea[], ?::timestamptz[],
                                    ?::timestamptz[])
                             with ordinality as r(request_id, channel_id, recipient_id, priority, business_initiated,
                                                  request, deadline, not_before, ord)
                             cross join (select ?::timestamptz as now) n
                        order by r.ord
                        on conflict (request_id) do nothing
                        returning request_id
                        """)
                .params(ids, channels, recipients, priorities, businessInitiated, bodies, deadlines, notBefores,
                        timestamp(now))
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
                        request.businessInitiated(), request.request(), timestamp(now), timestamp(now), result, timestamp(now))
                .update() == 1;
    }

    /**
     * The query of {@link #ready} (parameters: channel, now, now, limit): the queue walked in its order (index
     * send_request_ready), each candidate checked to be its recipient's oldest by a lookup in send_request_line; a
     * request scheduled for later (its own notBefore) is in the line only from then. That plan needs statistics that
     * know how many requests are queued: see {@link QueueStatistics}.
     */
    public static final String READY = """
            select request_id, seq, recipient_id, priority, business_initiated, request, attempts, deadline,
                   maintenance_since
            from send_request q
            where q.channel_id = ? and q.state = 'queued' and q.not_before <= ?
              and not exists (select 1 from send_request e
                              where e.channel_id = q.channel_id and e.recipient_id = q.recipient_id
                                and e.state = 'queued' and e.seq < q.seq
                                and (e.scheduled_for is null or e.scheduled_for <= ?))
            order by q.priority, q.seq
            limit ?
            """;

    /**
     * The requests that may go now: due, and each the oldest queued one of its recipient (one recipient's messages
     * leave in order), conversation traffic before bulk.
     */
    public List<Queued> ready(String channelId, Instant now, int limit) {
        return jdbc.sql(READY)
                .params(channelId, timestamp(now), timestamp(now), limit)
                .query((rs, n) -> new Queued(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getInt(4),
                        rs.getBoolean(5), rs.getBytes(6), rs.getInt(7), instant(rs.getTimestamp(8)),
                        instant(rs.getTimestamp(9))))
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
                .params(attempts, timestamp(notBefore), lastError, requestId).update();
    }

    /** Waits without counting an attempt (tier quota, a paused number). */
    public void postpone(String requestId, Instant notBefore, String why) {
        jdbc.sql("update send_request set not_before = ?, last_error = ? where request_id = ? and state = 'queued'")
                .params(timestamp(notBefore), why, requestId).update();
    }

    /**
     * Waits out a 131057 (the number in maintenance) without counting an attempt; {@code since} is the request's first
     * 131057.
     */
    public void maintenanceWait(String requestId, Instant notBefore, Instant since, String lastError) {
        jdbc.sql("""
                        update send_request set not_before = ?, maintenance_since = ?, last_error = ?
                        where request_id = ? and state = 'queued'
                        """)
                .params(timestamp(notBefore), timestamp(since), lastError, requestId).update();
    }

    /** Refreshes the planner's statistics of the queue (sampled: well under a second for a million rows). */
    public void analyze() {
        jdbc.sql("analyze send_request").update();
    }

    public long depth(String channelId) {
        return jdbc.sql("select count(*) from send_request where channel_id = ? and state = 'queued'")
                .param(channelId).query(Long.class).single();
    }
}
