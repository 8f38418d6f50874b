package dev.switchboard.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class SharedInfrastructureTest {

    @Test
    void kafkaIsOneRealBrokerPerJvm() throws Exception {
        String servers = SharedKafka.bootstrapServers();
        assertThat(SharedKafka.bootstrapServers()).isEqualTo(servers);
        SharedKafka.createTopics("harness.roundtrip");
        SharedKafka.createTopics("harness.roundtrip"); // idempotent

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            producer.send(new ProducerRecord<>("harness.roundtrip", "k", "hello")).get();
        }
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ConsumerConfig.GROUP_ID_CONFIG, "harness-test",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.subscribe(List.of("harness.roundtrip"));
            ConsumerRecords<String, String> records = ConsumerRecords.empty();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.isEmpty() && System.nanoTime() < deadline) {
                records = consumer.poll(Duration.ofMillis(500));
            }
            assertThat(records).singleElement().satisfies(r -> assertThat(r.value()).isEqualTo("hello"));
        }
    }

    @Test
    void kafkaDoesNotAutoCreateTopicsAsInProduction() {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 2000,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("harness.never-created", "v")).get())
                    .isInstanceOfAny(ExecutionException.class, org.apache.kafka.common.errors.TimeoutException.class)
                    .satisfies(e -> assertThat(rootCause(e)).isInstanceOfAny(
                            UnknownTopicOrPartitionException.class,
                            org.apache.kafka.common.errors.TimeoutException.class));
        }
    }

    @Test
    void postgresIsRealAndEveryDatabaseIsFresh() throws SQLException {
        String first = SharedPostgres.createDatabase();
        String second = SharedPostgres.createDatabase();
        assertThat(first).isNotEqualTo(second);

        try (Connection c = DriverManager.getConnection(first, SharedPostgres.USER, SharedPostgres.PASSWORD);
             Statement s = c.createStatement()) {
            // The dialect features H2 would reject: upsert, jsonb, intervals, SKIP LOCKED.
            s.execute("CREATE TABLE timer (id text PRIMARY KEY, due timestamptz, data jsonb)");
            s.execute("INSERT INTO timer VALUES ('a', now() + interval '23 hours', '{\"n\":1}')");
            s.execute("INSERT INTO timer VALUES ('a', now(), '{\"n\":2}') "
                    + "ON CONFLICT (id) DO UPDATE SET data = excluded.data");
            try (ResultSet rs = s.executeQuery(
                    "SELECT data->>'n', version() FROM timer FOR UPDATE SKIP LOCKED")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("2");
                assertThat(rs.getString(2)).startsWith("PostgreSQL 17");
            }
        }
        try (Connection c = DriverManager.getConnection(second, SharedPostgres.USER, SharedPostgres.PASSWORD);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_tables WHERE tablename = 'timer'")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
