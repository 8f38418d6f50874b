package dev.switchboard.outbound.queue;

import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The results of send_request as an outbox: a request is marked done with its result in the same row, and the result
 * relay publishes the done rows whose result is not on Kafka yet.
 */
@Repository
public class ResultOutbox {

    private final JdbcClient jdbc;

    public ResultOutbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
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
}
