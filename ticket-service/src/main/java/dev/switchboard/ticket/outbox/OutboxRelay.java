package dev.switchboard.ticket.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Publishes the outbox to Kafka: reads the oldest rows, sends them, waits for every acknowledgement, then deletes
 * them, all in one transaction. A crash anywhere before the delete commits means the rows are sent again
 * (at least once; consumers deduplicate by request or event id), never lost.
 *
 * <p>Only one replica relays at a time (a PostgreSQL advisory lock held for the transaction), so records leave in
 * the order they were written within each writing transaction (a transaction that commits late is published after
 * rows with higher ids; one conversation's records are written by one transaction at a time).
 */
@Component
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    /** Arbitrary, fixed: the advisory lock key of "the outbox relay". */
    private static final long RELAY_LOCK = 0x5357_424f_5842L;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final KafkaTemplate<String, byte[]> kafka;
    private final Settings settings;
    private final Counter published;
    private volatile Thread worker;
    private volatile boolean running;

    /**
     * @param enabled      {@code switchboard.outbox.enabled}: off only in tests that simulate a crash before relaying
     * @param pollInterval how often an empty outbox is looked at again
     * @param batchSize    rows per transaction
     */
    @ConfigurationProperties("switchboard.outbox")
    public record Settings(@DefaultValue("true") boolean enabled, @DefaultValue("50ms") Duration pollInterval,
                           @DefaultValue("500") int batchSize) {
    }

    public OutboxRelay(JdbcClient jdbc, TransactionTemplate transactions, OutboxKafka outboxKafka, Settings settings,
                       MeterRegistry registry) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.kafka = outboxKafka.template();
        this.settings = settings;
        this.published = Counter.builder("switchboard.outbox.published").description("Records relayed to Kafka")
                .register(registry);
        Gauge.builder("switchboard.outbox.pending", this::pendingCount)
                .description("Rows in the outbox not yet relayed").register(registry);
    }

    /** Relays one batch; returns how many rows it published (0 when empty or another replica holds the lock). */
    public int relayOnce() {
        Integer count = transactions.execute(status -> {
            Boolean locked = jdbc.sql("select pg_try_advisory_xact_lock(?)").param(RELAY_LOCK)
                    .query(Boolean.class).single();
            if (!Boolean.TRUE.equals(locked)) {
                return 0;
            }
            List<Row> rows = jdbc.sql("select id, topic, record_key, payload from outbox order by id limit ?")
                    .param(settings.batchSize())
                    .query((rs, n) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBytes(4)))
                    .list();
            if (rows.isEmpty()) {
                return 0;
            }
            List<CompletableFuture<?>> acks = new ArrayList<>(rows.size());
            for (Row row : rows) {
                acks.add(kafka.send(row.topic(), row.key(), row.payload()));
            }
            try {
                CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                // Rolled back: the rows stay and are sent again; duplicates are harmless, loss is not possible.
                throw new IllegalStateException("Kafka did not acknowledge the outbox batch", e);
            }
            // Exactly the rows sent: ids are taken at insert, not at commit, so a row with a lower id may have been
            // committed since the select and must wait for the next round ("where id <= last" deleted it unsent).
            jdbc.sql("delete from outbox where id = any(?)")
                    .param(new SqlArrayValue("bigint", rows.stream().map(Row::id).toArray(Long[]::new))).update();
            return rows.size();
        });
        int relayed = count == null ? 0 : count;
        published.increment(relayed);
        return relayed;
    }

    private double pendingCount() {
        try {
            return jdbc.sql("select count(*) from outbox").query(Long.class).single();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    private void loop() {
        while (running) {
            try {
                if (relayOnce() == 0) {
                    TimeUnit.MILLISECONDS.sleep(settings.pollInterval().toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("outbox relay failed, retrying: {}", e.toString());
                try {
                    TimeUnit.SECONDS.sleep(1);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public void start() {
        if (!settings.enabled()) {
            log.warn("outbox relay disabled (switchboard.outbox.enabled=false): nothing will be published");
            return;
        }
        running = true;
        worker = new Thread(this::loop, "outbox-relay");
        worker.start();
    }

    @Override
    public void stop() {
        running = false;
        Thread current = worker;
        if (current != null) {
            try {
                current.join(Duration.ofSeconds(35).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops after the Kafka listeners and the web server (which write the outbox), before the producer closes. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 4096;
    }

    private record Row(long id, String topic, String key, byte[] payload) {
    }
}
