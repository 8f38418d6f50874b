package dev.switchboard.outbound.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.switchboard.testing.SharedPostgres;

/** The send queue's queries on a real PostgreSQL, migrated by Flyway as the service does. */
class SendQueueTest {

    private static final byte[] REQUEST = new byte[300];
    private static JdbcClient jdbc;
    private static SendQueue queue;
    private static ResultOutbox outbox;

    @BeforeAll
    static void database() {
        String url = SharedPostgres.createDatabase();
        DataSource dataSource = SharedPostgres.dataSource(url.substring(url.lastIndexOf('/') + 1).replaceAll("\\?.*", ""));
        Flyway.configure().dataSource(dataSource).load().migrate();
        jdbc = JdbcClient.create(dataSource);
        queue = new SendQueue(jdbc);
        outbox = new ResultOutbox(jdbc);
    }

    @Test
    void readyGivesEachRecipientsOldestDueRequestInQueueOrder() {
        Instant now = Instant.now();
        enqueue("a1", "order", "alice", 1, now);
        enqueue("b1", "order", "bob", 1, now.plusSeconds(60));   // not due yet
        enqueue("a2", "order", "alice", 1, now);                 // behind alice's first
        enqueue("c1", "order", "carol", 1, now);
        enqueue("d1", "order", "dave", 0, now);                  // a reply: before bulk

        assertThat(queue.ready("order", now, 10)).extracting(SendQueue.Queued::requestId)
                .containsExactly("d1", "a1", "c1");
        outbox.complete("a1", 1, new byte[0], now);
        assertThat(queue.ready("order", now, 10)).extracting(SendQueue.Queued::requestId)
                .containsExactly("d1", "a2", "c1");
        assertThat(queue.ready("order", now, 2)).hasSize(2);
    }

    @Test
    void enqueueAllQueuesABatchInItsOrderAndSkipsKnownAndRepeatedIds() {
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        enqueue("known", "batch", "erin", 1, now);
        outbox.complete("known", 1, new byte[0], now);
        Instant deadline = now.plusSeconds(3600);
        List<String> queued = queue.enqueueAll(List.of(
                new SendQueue.NewRequest("f1", "batch", "frank", 1, true, new byte[] {1, 2, 3}, deadline),
                new SendQueue.NewRequest("known", "batch", "erin", 1, false, REQUEST, null),
                new SendQueue.NewRequest("g1", "batch", "grace", 0, false, REQUEST, null),
                new SendQueue.NewRequest("f2", "batch", "frank", 1, false, REQUEST, null),
                new SendQueue.NewRequest("g1", "batch", "grace", 0, false, REQUEST, null)), now);

        assertThat(queued).containsExactlyInAnyOrder("f1", "g1", "f2");
        assertThat(jdbc.sql("select request_id from send_request where channel_id = 'batch' and state = 'queued' order by seq")
                .query(String.class).list()).containsExactly("f1", "g1", "f2");
        assertThat(queue.ready("batch", now, 10)).extracting(SendQueue.Queued::requestId).containsExactly("g1", "f1");
        SendQueue.Queued first = queue.ready("batch", now, 10).get(1);
        assertThat(first.request()).containsExactly(1, 2, 3);
        assertThat(first.businessInitiated()).isTrue();
        assertThat(first.deadline()).isEqualTo(deadline);
        assertThat(queue.enqueueAll(List.of(), now)).isEmpty();
    }

    @Test
    void aRequestScheduledForLaterWaitsForItsNotBeforeWithoutHoldingBackItsRecipientsOthers() {
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        Instant later = now.plus(java.time.Duration.ofHours(12));
        queue.enqueueAll(List.of(
                new SendQueue.NewRequest("m1:retry1", "later", "hank", 1, true, REQUEST, null, later),
                new SendQueue.NewRequest("reply", "later", "hank", 0, false, REQUEST, null),
                new SendQueue.NewRequest("past", "later", "ivy", 1, false, REQUEST, null, now.minusSeconds(5))), now);

        assertThat(jdbc.sql("select not_before from send_request where request_id = 'm1:retry1'")
                .query(Timestamp.class).single().toInstant()).isEqualTo(later);
        // A notBefore already past is now.
        assertThat(jdbc.sql("select not_before from send_request where request_id = 'past'")
                .query(Timestamp.class).single().toInstant()).isEqualTo(now);
        assertThat(queue.ready("later", now, 10)).extracting(SendQueue.Queued::requestId).containsExactly("reply", "past");
        assertThat(queue.ready("later", later.minusSeconds(1), 10)).extracting(SendQueue.Queued::requestId)
                .containsExactly("reply", "past");
        // From its notBefore it is in its recipient's line again, first (the oldest).
        assertThat(queue.ready("later", later, 10)).extracting(SendQueue.Queued::requestId)
                .containsExactly("m1:retry1", "past");
    }

    @Test
    void aMaintenanceWaitMovesTheRequestWithoutCountingAnAttemptAndKeepsItsFirst131057() {
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        enqueue("upgrade", "maint", "jo", 0, now);
        queue.retryLater("upgrade", 2, now, "131000 …");

        queue.maintenanceWait("upgrade", now.plusSeconds(60), now, "131057 in maintenance");

        assertThat(queue.ready("maint", now.plusSeconds(59), 10)).isEmpty();
        SendQueue.Queued waited = queue.ready("maint", now.plusSeconds(60), 10).get(0);
        assertThat(waited.attempts()).isEqualTo(2);
        assertThat(waited.maintenanceSince()).isEqualTo(now);
    }

    @Test
    void readyReadsOnlyWhatItReturnsOnceTheStatisticsKnowOfABurst() {
        Instant now = Instant.now();
        // Statistics taken while the table held only finished requests...
        for (int i = 0; i < 3000; i++) {
            enqueue("done-" + i, "quiet", "r" + i, 1, now);
        }
        jdbc.sql("update send_request set state = 'done' where channel_id = 'quiet'").update();
        queue.analyze();
        // ... then a burst of 50,000 queued for one channel, as the intake reports it. (With those statistics the
        // planner estimates one queued row, and its plan may read all 50,000 for each of the 200 returned: 4 s.)
        jdbc.sql("""
                        insert into send_request (request_id, channel_id, recipient_id, priority, business_initiated,
                                                  request, state, not_before, created_at)
                        select 'burst-' || g, 'burst', 'x' || g, 1, true, ?, 'queued', ?, ? from generate_series(1, 50000) g
                        """)
                .params(REQUEST, Timestamp.from(now), Timestamp.from(now)).update();
        QueueStatistics statistics = new QueueStatistics(queue::analyze, Runnable::run);
        for (int i = 0; i < 50; i++) {
            statistics.queued(1000);
        }

        List<String> plan = jdbc.sql("explain (analyze, buffers, costs off, timing off) " + SendQueue.READY)
                .params("burst", Timestamp.from(now), Timestamp.from(now), 200).query(String.class).list();

        assertThat(queue.ready("burst", now, 200)).hasSize(200);
        // One index lookup per candidate: a few pages each, not the channel's whole queue each.
        long pages = plan.stream().filter(l -> l.trim().startsWith("Buffers:")).findFirst()
                .map(l -> l.replaceAll("\\D+", " ").trim().split(" ")).stream()
                .flatMap(java.util.Arrays::stream).mapToLong(Long::parseLong).sum();
        assertThat(pages).as(String.join("\n", plan)).isLessThan(5_000);
    }

    private static void enqueue(String id, String channel, String recipient, int priority, Instant notBefore) {
        queue.enqueue(new SendQueue.NewRequest(id, channel, recipient, priority, false, REQUEST, null), notBefore);
    }
}
