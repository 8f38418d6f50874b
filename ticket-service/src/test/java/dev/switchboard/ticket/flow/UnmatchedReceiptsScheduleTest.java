package dev.switchboard.ticket.flow;

import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

import dev.switchboard.testing.UseSharedKafka;
import dev.switchboard.testing.UseSharedPostgres;

/** The service itself deletes receipts nobody claimed, on its schedule, and leaves recent ones waiting. */
@SpringBootTest(properties = {
        "switchboard.receipts.keep-unmatched=1h",
        "switchboard.receipts.initial-delay=100ms",
        "switchboard.receipts.cleanup-interval=200ms"})
@UseSharedKafka
@UseSharedPostgres
@ActiveProfiles("flow")
class UnmatchedReceiptsScheduleTest {

    @Autowired
    private JdbcClient jdbc;

    @BeforeAll
    static void topics() {
        TicketTestKit.createTopics();
    }

    private long parked(String messageId) {
        return jdbc.sql("select count(*) from pending_status where message_id = ?").param(messageId).query(Long.class).single();
    }

    @Test
    void receiptsParkedLongerThanKeepUnmatchedAreDeletedOnSchedule() {
        String old = "wamid.UNCLAIMED." + System.nanoTime();
        String recent = "wamid.WAITING." + System.nanoTime();
        jdbc.sql("""
                        insert into pending_status (channel_id, message_id, status, status_at, parked_at)
                        values ('club', ?, 'delivered', now(), now() - interval '2 hours'),
                               ('club', ?, 'delivered', now(), now() - interval '10 minutes')
                        """)
                .params(old, recent).update();

        await().atMost(Duration.ofSeconds(20)).until(() -> parked(old) == 0);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> parked(recent) == 1);
    }
}
