package dev.switchboard.ticket.receipts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.switchboard.testing.SharedPostgres;
import dev.switchboard.ticket.billing.ArticlePricing;
import dev.switchboard.ticket.billing.Priced;
import dev.switchboard.ticket.status.StatusProgress.Status;
import dev.switchboard.ticket.store.TicketRepository;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** Receipts nobody claims are deleted after keep-unmatched, counted from when they were parked; on a real PostgreSQL. */
class UnmatchedReceiptsTest {

    private JdbcClient jdbc;
    private TicketRepository repository;

    @BeforeEach
    void database() {
        String url = SharedPostgres.createDatabase();
        DriverManagerDataSource dataSource = new DriverManagerDataSource(url, SharedPostgres.USER, SharedPostgres.PASSWORD);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        jdbc = JdbcClient.create(dataSource);
        repository = new TicketRepository(jdbc);
    }

    private void park(String messageId, Instant statusAt, Duration parkedAgo) {
        repository.addPendingStatus("demo", messageId,
                new TicketRepository.PendingStatus(Status.DELIVERED, null, null, null, statusAt));
        jdbc.sql("update pending_status set parked_at = now() - make_interval(secs => ?) where message_id = ?")
                .params((double) parkedAgo.toSeconds(), messageId).update();
        new ArticlePricing(jdbc, new SimpleMeterRegistry()).park("demo", messageId,
                new Priced(true, "PMP", "marketing", "regular", statusAt));
        jdbc.sql("update pending_pricing set parked_at = now() - make_interval(secs => ?) where message_id = ?")
                .params((double) parkedAgo.toSeconds(), messageId).update();
    }

    @Test
    void deletesReceiptsParkedLongerThanKeepUnmatchedWhateverTheirStatusTime() {
        Instant now = Instant.now();
        park("wamid.REMINDER", now.minus(Duration.ofDays(8)), Duration.ofDays(8));
        // Parked a minute ago by a replay, with a status from long ago: its result may still come in the replay.
        park("wamid.REPLAYED", now.minus(Duration.ofDays(20)), Duration.ofMinutes(1));
        UnmatchedReceipts receipts = new UnmatchedReceipts(repository, new ArticlePricing(jdbc, new SimpleMeterRegistry()),
                new ReceiptSettings(Duration.ofDays(7), Duration.ofHours(1)), Clock.systemUTC(), new SimpleMeterRegistry());

        assertThat(receipts.cleanUp(now)).isEqualTo(1);
        assertThat(jdbc.sql("select message_id from pending_status").query(String.class).list())
                .containsExactly("wamid.REPLAYED");
        assertThat(jdbc.sql("select message_id from pending_pricing").query(String.class).list())
                .as("the deleted receipt's pricing goes with it").containsExactly("wamid.REPLAYED");
        assertThat(repository.takePendingStatuses("demo", "wamid.REPLAYED")).extracting(TicketRepository.PendingStatus::status)
                .containsExactly(Status.DELIVERED);
    }

    @Test
    void deletesInBatchesUntilNothingOldIsLeft() {
        jdbc.sql("""
                        insert into pending_status (channel_id, message_id, status, status_at, parked_at)
                        select 'demo', 'wamid.' || g, 'read', now(), now() - interval '30 days' from generate_series(1, 25000) g
                        """).update();
        UnmatchedReceipts receipts = new UnmatchedReceipts(repository, new ArticlePricing(jdbc, new SimpleMeterRegistry()),
                new ReceiptSettings(Duration.ofDays(7), Duration.ofHours(1)), Clock.systemUTC(), new SimpleMeterRegistry());

        assertThat(receipts.cleanUp(Instant.now())).isEqualTo(25_000);
        assertThat(jdbc.sql("select count(*) from pending_status").query(Long.class).single()).isZero();
    }

    @Test
    void settingsAreCheckedWithTheirNames() {
        assertThatThrownBy(() -> new ReceiptSettings(Duration.ofMinutes(5), Duration.ofHours(1)))
                .hasMessageContaining("switchboard.receipts.keep-unmatched");
        assertThatThrownBy(() -> new ReceiptSettings(Duration.ofDays(7), Duration.ZERO))
                .hasMessageContaining("switchboard.receipts.cleanup-interval");
    }
}
