package dev.switchboard.ticket.outbox;

import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.switchboard.kit.kafka.RawBytesKafka;
import dev.switchboard.kit.loop.BackgroundLoop;
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
 *
 * <p>Runs on the thread {@code outbox-relay} ({@link BackgroundLoop}: after a failure it waits a second, then
 * tries again). Stops after the Kafka listeners and the web server (which write the outbox), before the producer
 * closes.
 */
@Component
public class OutboxRelay extends BackgroundLoop {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    /** Arbitrary, fixed: the advisory lock key of "the outbox relay". */
    private static final long RELAY_LOCK = 0x5357_424f_5842L;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final RawBytesKafka kafka;
    private final Settings settings;
    private final Counter published;

    /**
     * @param enabled      {@code switchboard.outbox.enabled}: off only in tests that simulate a crash before relaying
     * @param pollInterval how often an empty outbox is looked at again
     * @param batchSize    rows per transaction
     */
    @ConfigurationProperties("switchboard.outbox")
    public record Settings(@DefaultValue("true") boolean enabled, @DefaultValue("50ms") Duration pollInterval,
                           @DefaultValue("500") int batchSize) {
    }

    public OutboxRelay(JdbcClient jdbc, TransactionTemplate transactions, RawBytesKafka kafka, Settings settings,
                       MeterRegistry registry) {
        super(Options.named("outbox-relay").phase(Integer.MAX_VALUE - 4096)
                .backOff(Duration.ofSeconds(1), Duration.ofSeconds(1)));
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.kafka = kafka;
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
            // Unacknowledged: rolled back, the rows stay and are sent again; duplicates are harmless, loss impossible.
            kafka.publishAll(rows.stream().map(r -> new ProducerRecord<>(r.topic(), r.key(), r.payload())).toList(),
                    Duration.ofSeconds(30));
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

    @Override
    protected Duration runOnce() {
        return relayOnce() == 0 ? settings.pollInterval() : Duration.ZERO;
    }

    @Override
    public void start() {
        if (!settings.enabled()) {
            log.warn("outbox relay disabled (switchboard.outbox.enabled=false): nothing will be published");
            return;
        }
        super.start();
    }

    private record Row(long id, String topic, String key, byte[] payload) {
    }
}
