package dev.switchboard.ticket.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import dev.switchboard.kit.kafka.RawBytesKafka;
import dev.switchboard.testing.SharedKafka;
import dev.switchboard.testing.SharedPostgres;
import dev.switchboard.testing.TopicTail;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Two writers of the outbox: the one with the lower id commits while the relay is sending the other's row. The
 * relay must not delete the row it never read; the next round publishes it.
 */
class OutboxRelayTest {

    private static final String TOPIC = "outbox-relay-test";
    /** Runs once, as the relay hands its first record to the producer. */
    private static final AtomicReference<Runnable> ON_SEND = new AtomicReference<>();

    @Test
    void aRowCommittedWhileTheRelaySendsIsPublishedNotDeleted() throws Exception {
        SharedKafka.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1)));
        String url = SharedPostgres.createDatabase();
        DriverManagerDataSource dataSource = new DriverManagerDataSource(url, SharedPostgres.USER, SharedPostgres.PASSWORD);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        KafkaProperties kafka = new KafkaProperties();
        kafka.setBootstrapServers(List.of(SharedKafka.bootstrapServers()));
        kafka.getProducer().getProperties().put("interceptor.classes", CommitOnSend.class.getName());
        RawBytesKafka producer = new RawBytesKafka(kafka);
        OutboxRelay relay = new OutboxRelay(JdbcClient.create(dataSource),
                new TransactionTemplate(new DataSourceTransactionManager(dataSource)), producer,
                new OutboxRelay.Settings(true, Duration.ofMillis(50), 500), new SimpleMeterRegistry());

        try (Connection slow = DriverManager.getConnection(url, SharedPostgres.USER, SharedPostgres.PASSWORD);
             Connection fast = DriverManager.getConnection(url, SharedPostgres.USER, SharedPostgres.PASSWORD);
             TopicTail<byte[]> tail = TopicTail.fromBeginning(SharedKafka.bootstrapServers(),
                     new ByteArrayDeserializer(), TOPIC)) {
            slow.setAutoCommit(false);
            insert(slow, "slow");  // the lower id, not committed yet
            insert(fast, "fast");  // the higher id, committed at once
            ON_SEND.set(() -> commit(slow));

            assertThat(relay.relayOnce()).isEqualTo(1);
            assertThat(relay.relayOnce()).isEqualTo(1);

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(tail.records())
                    .extracting(ConsumerRecord::key).containsExactly("fast", "slow"));
            assertThat(JdbcClient.create(dataSource).sql("select count(*) from outbox").query(Long.class).single())
                    .isZero();
        } finally {
            producer.destroy();
        }
    }

    private static void insert(Connection connection, String key) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "insert into outbox (topic, record_key, payload) values (?, ?, ?)")) {
            insert.setString(1, TOPIC);
            insert.setString(2, key);
            insert.setBytes(3, key.getBytes());
            insert.executeUpdate();
        }
    }

    private static void commit(Connection connection) {
        try {
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A producer interceptor (configured by class name, so the hook is static). */
    public static final class CommitOnSend implements ProducerInterceptor<Object, Object> {

        @Override
        public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
            Runnable hook = ON_SEND.getAndSet(null);
            if (hook != null) {
                hook.run();
            }
            return record;
        }

        @Override
        public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
        }

        @Override
        public void close() {
        }

        @Override
        public void configure(Map<String, ?> configs) {
        }
    }
}
