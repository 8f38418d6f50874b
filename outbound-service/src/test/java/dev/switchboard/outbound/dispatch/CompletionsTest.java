package dev.switchboard.outbound.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionTemplate;

import dev.switchboard.outbound.queue.ResultOutbox;
import dev.switchboard.outbound.queue.SendQueue;
import dev.switchboard.testing.SharedPostgres;

/** Results handed over while a commit runs are committed together, and each caller returns only once its own is. */
class CompletionsTest {

    private JdbcClient jdbc;
    private SendQueue queue;
    private ResultOutbox outbox;
    private DataSource dataSource;

    @BeforeEach
    void database() {
        String url = SharedPostgres.createDatabase();
        dataSource = SharedPostgres.dataSource(url.substring(url.lastIndexOf('/') + 1).replaceAll("\\?.*", ""));
        Flyway.configure().dataSource(dataSource).load().migrate();
        jdbc = JdbcClient.create(dataSource);
        queue = new SendQueue(jdbc);
        outbox = new ResultOutbox(jdbc);
    }

    /** Counts transactions; the first one waits for {@code firstMayCommit}. */
    private static final class CountingTransactions extends TransactionTemplate {
        final AtomicInteger count = new AtomicInteger();
        final CountDownLatch firstMayCommit = new CountDownLatch(1);

        CountingTransactions(DataSource dataSource) {
            super(new DataSourceTransactionManager(dataSource));
        }

        @Override
        public <T> T execute(TransactionCallback<T> action) {
            if (count.incrementAndGet() == 1) {
                try {
                    firstMayCommit.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return super.execute(action);
        }
    }

    private String state(String id) {
        return jdbc.sql("select state || ' ' || attempts || ' ' || length(result) from send_request where request_id = ?")
                .param(id).query(String.class).single();
    }

    @Test
    void resultsHandedOverDuringACommitAreCommittedTogetherAndNoHandoverWaitsForACommit() throws Exception {
        Instant now = Instant.now();
        for (int i = 0; i < 50; i++) {
            queue.enqueue(new SendQueue.NewRequest("r" + i, "c", "to" + i, 1, false, new byte[3], null), now);
        }
        CountingTransactions transactions = new CountingTransactions(dataSource);
        Completions completions = new Completions(outbox, transactions, new ResultSignal());
        try {
            CompletableFuture<Void> first = completions.complete("r0", 1, new byte[7], now);
            await().atMost(Duration.ofSeconds(10)).until(() -> transactions.count.get() == 1);
            // The first commit is held: every handover still returns at once, with its future pending.
            List<CompletableFuture<String>> others = new ArrayList<>();
            for (int i = 1; i < 50; i++) {
                String id = "r" + i;
                CompletableFuture<Void> committed = completions.complete(id, 1 + i % 3, new byte[7], now);
                assertThat(committed).isNotDone();
                // What a caller sees once its future completes: its own row, committed.
                others.add(committed.thenApply(v -> state(id)));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> completions.waiting() == 49);
            assertThat(first).isNotDone();

            transactions.firstMayCommit.countDown();
            first.get(10, TimeUnit.SECONDS);
            for (int i = 1; i < 50; i++) {
                assertThat(others.get(i - 1).get(10, TimeUnit.SECONDS)).isEqualTo("done " + (1 + i % 3) + " 7");
            }
        } finally {
            completions.destroy();
        }
        assertThat(transactions.count.get()).isEqualTo(2);
        assertThat(state("r0")).isEqualTo("done 1 7");
    }

    @Test
    void aHandoverAfterTheCommitterEndedFailsInsteadOfWaitingForever() throws Exception {
        Instant now = Instant.now();
        queue.enqueue(new SendQueue.NewRequest("late", "c", "to", 1, false, new byte[3], null), now);
        Completions completions = new Completions(outbox, new TransactionTemplate(new DataSourceTransactionManager(dataSource)),
                new ResultSignal());
        completions.destroy();

        assertThat(completions.complete("late", 1, new byte[7], now)).isCompletedExceptionally();
        assertThat(jdbc.sql("select state from send_request where request_id = 'late'").query(String.class).single())
                .isEqualTo("queued");
    }

    @Test
    void aRequestAlreadyDoneKeepsItsFirstResult() throws Exception {
        Instant now = Instant.now();
        queue.enqueue(new SendQueue.NewRequest("once", "c", "to", 1, false, new byte[3], null), now);
        Completions completions = new Completions(outbox, new TransactionTemplate(new DataSourceTransactionManager(dataSource)),
                new ResultSignal());
        try {
            completions.complete("once", 1, new byte[7], now).get(10, TimeUnit.SECONDS);
            completions.complete("once", 5, new byte[9], now).get(10, TimeUnit.SECONDS);
        } finally {
            completions.destroy();
        }
        assertThat(state("once")).isEqualTo("done 1 7");
    }

    @Test
    void aCommitRaisesTheResultSignal() throws Exception {
        Instant now = Instant.now();
        queue.enqueue(new SendQueue.NewRequest("signalled", "c", "to", 1, false, new byte[3], null), now);
        ResultSignal signal = new ResultSignal();
        Completions completions = new Completions(outbox, new TransactionTemplate(new DataSourceTransactionManager(dataSource)),
                signal);
        try {
            completions.complete("signalled", 1, new byte[7], now).get(10, TimeUnit.SECONDS);
            assertThat(signal.await(Duration.ofMillis(1))).isTrue();
        } finally {
            completions.destroy();
        }
    }
}
