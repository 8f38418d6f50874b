package dev.switchboard.outbound.retention;

import static dev.switchboard.kit.jdbc.JdbcTime.timestamp;

import java.time.Instant;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** What retention deletes: finished requests whose result is on Kafka, and tier contacts out of the window. */
@Repository
public class ExpiredRows {

    private final JdbcClient jdbc;

    public ExpiredRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

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
                .params(timestamp(before), limit).update();
    }

    /** Deletes tier contacts last reached before {@code before} (they no longer count); how many. */
    public int deleteTierContactsBefore(Instant before) {
        return jdbc.sql("delete from tier_contact where last_sent_at < ?").param(timestamp(before)).update();
    }
}
