package dev.switchboard.kit.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import dev.switchboard.events.WindowEvent;
import dev.switchboard.schemas.Topic;
import dev.switchboard.testing.SharedKafka;
import dev.switchboard.testing.TopicTail;
import dev.switchboard.testing.UseSharedKafka;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A service's batch listener writing through a connection pool to a database of its own (not the shared one: it is
 * stopped and started again on the same port and data, as an operator's restart or a failover does): records polled
 * while the database is unreachable wait for it and are applied once it is back, none parked, whether the listener
 * names its failing record (RecordBatches) or fails a whole poll; a read-only database and a poison record still park
 * theirs.
 */
@SpringBootTest(classes = DatabaseOutageTest.App.class, properties = {
        "spring.kafka.consumer.properties.session.timeout.ms=6000",
        // Hikari waits this long for a connection before it gives up (30 s by default: a short outage would then
        // look like a slow query, not like the failure this test is about).
        "spring.datasource.hikari.connection-timeout=1000",
        "spring.datasource.hikari.validation-timeout=500",
        "spring.datasource.hikari.maximum-pool-size=2"})
@UseSharedKafka
class DatabaseOutageTest {

    static final String TOPIC = "kit.database-outage-test.v1";
    /** Read by a listener that applies each poll in one transaction and names no failing record (as outbound's). */
    static final String WHOLE_BATCH_TOPIC = "kit.database-outage-whole-batch-test.v1";
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Duration OUTAGE = Duration.ofSeconds(10);

    private static final Database database = new Database();

    @DynamicPropertySource
    static void datasource(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", database::jdbcUrl);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        @Bean
        Listener listener(RecordBatches batches, JdbcTemplate jdbc, TransactionTemplate transactions) {
            return new Listener(batches, jdbc, transactions);
        }
    }

    /**
     * Writes each window event's id to a table, a poll per transaction ({@link RecordBatches}). An event of channel
     * "poison" is written and then refused; one of channel "read-only" is written in a read-only transaction (what a
     * database switched to read-only answers: SQLState 25006). The whole-batch topic's polls are written in one
     * transaction each, and a failure is the whole poll's.
     */
    static class Listener {

        final List<Instant> failures = new CopyOnWriteArrayList<>();
        private final RecordBatches batches;
        private final JdbcTemplate jdbc;
        private final TransactionTemplate transactions;

        Listener(RecordBatches batches, JdbcTemplate jdbc, TransactionTemplate transactions) {
            this.batches = batches;
            this.jdbc = jdbc;
            this.transactions = transactions;
            jdbc.execute("create table if not exists applied (event_id text primary key)");
            SharedKafka.createTopics(TOPIC, TOPIC + Topic.DEAD_LETTER_SUFFIX, WHOLE_BATCH_TOPIC,
                    WHOLE_BATCH_TOPIC + Topic.DEAD_LETTER_SUFFIX);
        }

        @KafkaListener(id = "kit-database-outage-test", groupId = "kit-database-outage-test", topics = TOPIC,
                batch = "true")
        void events(List<ConsumerRecord<String, SpecificRecord>> records) {
            try {
                batches.applyEach(records, WindowEvent.class, this::apply);
            } catch (RuntimeException e) {
                failures.add(Instant.now());
                throw e;
            }
        }

        @KafkaListener(id = "kit-database-outage-whole-batch-test", groupId = "kit-database-outage-whole-batch-test",
                topics = WHOLE_BATCH_TOPIC, batch = "true")
        void wholeBatches(List<ConsumerRecord<String, SpecificRecord>> records) {
            try {
                transactions.executeWithoutResult(status -> records.forEach(record -> jdbc.update(
                        "insert into applied (event_id) values (?) on conflict do nothing",
                        ((WindowEvent) record.value()).getEventId())));
            } catch (RuntimeException e) {
                failures.add(Instant.now());
                throw e;
            }
        }

        private void apply(WindowEvent event) {
            if (event.getChannelId().equals("read-only")) {
                jdbc.execute("set transaction read only");
            }
            jdbc.update("insert into applied (event_id) values (?) on conflict do nothing", event.getEventId());
            if (event.getChannelId().equals("poison")) {
                throw new IllegalStateException("channel poison cannot be applied");
            }
        }

        List<String> applied() {
            return jdbc.queryForList("select event_id from applied", String.class);
        }
    }

    @Autowired
    Listener listener;
    @Autowired
    KafkaTemplate<Object, Object> events;

    @Test
    void recordsPolledWhileTheDatabaseIsDownAreAppliedOnceItIsBackAndNoneIsParked() throws Exception {
        List<String> ids = IntStream.rangeClosed(1, 20).mapToObj(i -> "during-outage-" + i).toList();
        try (TopicTail<byte[]> dlt = dlt()) {
            Instant stopped = database.stop();
            for (String id : ids) {
                events.send(TOPIC, "k", DeadLettersTest.event(id, "shop")).get();
            }
            // Down long enough for many rounds of failures (each waits 1 s for a connection).
            awaitOutage(stopped, 3);
            database.start();

            await().atMost(WAIT).ignoreExceptions()
                    .untilAsserted(() -> assertThat(listener.applied()).containsAll(ids));
            assertThat(parked(dlt, "during-outage-")).as("parked on " + TOPIC + Topic.DEAD_LETTER_SUFFIX).isEmpty();
        }
    }

    @Test
    void aWholeBatchPolledWhileTheDatabaseIsDownIsAppliedOnceItIsBackAndNoneIsParked() throws Exception {
        List<String> ids = IntStream.rangeClosed(1, 10).mapToObj(i -> "whole-batch-" + i).toList();
        try (TopicTail<byte[]> dlt = TopicTail.fromBeginning(SharedKafka.bootstrapServers(),
                new ByteArrayDeserializer(), WHOLE_BATCH_TOPIC + Topic.DEAD_LETTER_SUFFIX)) {
            Instant stopped = database.stop();
            for (String id : ids) {
                events.send(WHOLE_BATCH_TOPIC, "k", DeadLettersTest.event(id, "shop")).get();
            }
            awaitOutage(stopped, 3);
            database.start();

            await().atMost(WAIT).ignoreExceptions()
                    .untilAsserted(() -> assertThat(listener.applied()).containsAll(ids));
            assertThat(parked(dlt, "whole-batch-")).as("parked on " + WHOLE_BATCH_TOPIC + Topic.DEAD_LETTER_SUFFIX)
                    .isEmpty();
        }
    }

    @Test
    void aRecordThatFailedWhileTheDatabaseWasDownIsParkedIfItFailsForAnotherReasonOnceItIsBack() throws Exception {
        try (TopicTail<byte[]> dlt = dlt()) {
            Instant stopped = database.stop();
            // The poison record heads the partition throughout the outage: failures while the database is
            // unreachable do not count towards its retries (more than 2 of them here).
            events.send(TOPIC, "k", DeadLettersTest.event("poison-after-outage", "poison")).get();
            events.send(TOPIC, "k", DeadLettersTest.event("behind-poison-1", "shop")).get();
            events.send(TOPIC, "k", DeadLettersTest.event("behind-poison-2", "shop")).get();
            awaitOutage(stopped, 6);
            database.start();

            await().atMost(WAIT).ignoreExceptions().untilAsserted(
                    () -> assertThat(listener.applied()).contains("behind-poison-1", "behind-poison-2"));
            assertThat(listener.applied()).doesNotContain("poison-after-outage");
            await().atMost(WAIT).untilAsserted(() -> assertThat(parked(dlt, "poison-after-outage")).hasSize(1));
            assertThat(parked(dlt, "behind-poison")).isEmpty();
        }
    }

    @Test
    void aRecordRefusedByAReadOnlyDatabaseIsStillParked() throws Exception {
        try (TopicTail<byte[]> dlt = dlt()) {
            events.send(TOPIC, "k", DeadLettersTest.event("read-only-1", "read-only")).get();
            events.send(TOPIC, "k", DeadLettersTest.event("after-read-only-1", "shop")).get();

            await().atMost(WAIT).ignoreExceptions()
                    .untilAsserted(() -> assertThat(listener.applied()).contains("after-read-only-1"));
            assertThat(listener.applied()).doesNotContain("read-only-1");
            await().atMost(WAIT).untilAsserted(() -> {
                List<ConsumerRecord<String, byte[]>> parked = parked(dlt, "read-only-1");
                assertThat(parked).hasSize(1);
                assertThat(new String(parked.get(0).headers().lastHeader("kafka_dlt-exception-message").value(),
                        StandardCharsets.UTF_8)).contains("read-only transaction");
            });
        }
    }

    /** Until the database has been down for {@link #OUTAGE} and the listener has failed {@code failures} times. */
    private void awaitOutage(Instant stopped, int failures) {
        await().atMost(WAIT).until(() -> Duration.between(stopped, Instant.now()).compareTo(OUTAGE) >= 0
                && listener.failures.stream().filter(at -> at.isAfter(stopped)).count() >= failures);
    }

    @AfterEach
    void databaseRunning() {
        database.start();
    }

    private static TopicTail<byte[]> dlt() {
        return TopicTail.fromBeginning(SharedKafka.bootstrapServers(), new ByteArrayDeserializer(),
                TOPIC + Topic.DEAD_LETTER_SUFFIX);
    }

    private static List<ConsumerRecord<String, byte[]>> parked(TopicTail<byte[]> dlt, String idPrefix) {
        return dlt.records().stream()
                .filter(r -> new String(r.value(), StandardCharsets.ISO_8859_1).contains(idPrefix)).toList();
    }


    /** An embedded PostgreSQL that can be stopped and started again on the same port and data directory. */
    static final class Database {

        private final Path dataDirectory;
        private final int port;
        private EmbeddedPostgres server;

        Database() {
            try {
                dataDirectory = Files.createTempDirectory("kit-database-outage-test");
                try (ServerSocket socket = new ServerSocket(0)) {
                    port = socket.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            start();
            // Removed after the JVM's cached Spring contexts are closed (this test's listener uses it until then).
            SpringApplication.getShutdownHandlers().add(this::remove);
        }

        /** Starts it unless it runs. */
        synchronized void start() {
            if (server != null) {
                return;
            }
            try {
                server = EmbeddedPostgres.builder().setPort(port).setDataDirectory(dataDirectory)
                        .setCleanDataDirectory(false).start();
            } catch (IOException e) {
                throw new UncheckedIOException("could not start PostgreSQL on port " + port, e);
            }
        }

        /** Stops it (fast: open sessions are ended) and returns when. */
        synchronized Instant stop() {
            try {
                server.close();
            } catch (IOException e) {
                throw new UncheckedIOException("PostgreSQL did not stop", e);
            }
            server = null;
            return Instant.now();
        }

        String jdbcUrl() {
            return "jdbc:postgresql://localhost:" + port + "/postgres";
        }

        synchronized void remove() {
            if (server != null) {
                stop();
            }
            try (Stream<Path> files = Files.walk(dataDirectory)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
