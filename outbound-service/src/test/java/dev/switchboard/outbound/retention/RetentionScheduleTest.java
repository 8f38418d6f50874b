package dev.switchboard.outbound.retention;

import static org.awaitility.Awaitility.await;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.switchboard.schemas.Topics;
import dev.switchboard.testing.SharedKafka;
import dev.switchboard.testing.UseSharedKafka;
import dev.switchboard.testing.UseSharedPostgres;

/**
 * The service itself runs the retention pass on its schedule, after reading the requests topic's retention from the
 * broker (the broker's default here, 7 days, so the default keep-done of 8 days may delete).
 */
@SpringBootTest(properties = {
        "switchboard.outbound.retention.initial-delay=100ms",
        "switchboard.outbound.retention.interval=200ms"})
@UseSharedKafka
@UseSharedPostgres
class RetentionScheduleTest {

    @Autowired
    private JdbcClient jdbc;

    @BeforeAll
    static void topics() {
        SharedKafka.createTopics(Topics.OUTBOUND_REQUESTS.name());
    }

    private void request(String id, String state, boolean published) {
        Timestamp createdAt = Timestamp.from(Instant.now().minus(Duration.ofDays(9)));
        jdbc.sql("""
                        insert into send_request (request_id, channel_id, recipient_id, priority, business_initiated,
                                                  request, state, not_before, created_at, result_published)
                        values (?, 'retention', ?, 1, true, ?, ?, ?, ?, ?)
                        """)
                .params(id, id, new byte[1], state, createdAt, createdAt, published).update();
    }

    private long rows(String id) {
        return jdbc.sql("select count(*) from send_request where request_id = ?").param(id).query(Long.class).single();
    }

    @Test
    void finishedRequestsOlderThanKeepDoneAreDeletedOnSchedule() {
        String done = "retention-done-" + System.nanoTime();
        String queued = "retention-queued-" + System.nanoTime();
        request(done, "done", true);
        request(queued, "queued", false);

        await().atMost(Duration.ofSeconds(30)).until(() -> rows(done) == 0);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> rows(queued) == 1);
    }
}
