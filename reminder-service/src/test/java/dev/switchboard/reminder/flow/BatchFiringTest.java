package dev.switchboard.reminder.flow;

import static dev.switchboard.reminder.flow.ReminderTestKit.newCustomer;
import static dev.switchboard.reminder.flow.ReminderTestKit.text;
import static dev.switchboard.reminder.flow.ReminderTestKit.ticket;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.DefaultTransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import com.zaxxer.hikari.HikariDataSource;

import dev.switchboard.events.InboundMessage;
import dev.switchboard.events.TicketEvent;
import dev.switchboard.events.TicketEventType;
import dev.switchboard.events.WindowEventType;
import dev.switchboard.reminder.channel.ChannelReminders;
import dev.switchboard.reminder.channel.ReminderChannels;
import dev.switchboard.reminder.conversation.ConversationRepository;
import dev.switchboard.reminder.conversation.CustomerAliases;
import dev.switchboard.reminder.intake.ConversationIntake;
import dev.switchboard.reminder.timer.Firing;
import dev.switchboard.reminder.timer.TimerMetrics;
import dev.switchboard.reminder.timer.TimerSettings;
import dev.switchboard.reminder.timer.TimerTable;
import dev.switchboard.reminder.timing.TimerClaim;
import dev.switchboard.schemas.EventSerializer;
import dev.switchboard.testing.SharedKafka;
import dev.switchboard.testing.SharedPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Set-based firing, one batch at a time, on a real PostgreSQL and a real broker, without the firing threads (each
 * test calls {@link Firing#fireDue} itself): a batch mixing timers with and without something to publish, a session
 * that dies between Kafka's acknowledgement and the commit, and replicas claiming at the same moment. Timings are the
 * production ones (23 h, 24 h): conversations are written with messages of the right age.
 */
class BatchFiringTest {

    private static final String CHANNEL = "batch";
    private static final Duration DELAY = Duration.ofHours(23);
    private static final Duration WINDOW = Duration.ofHours(24);
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private String database;
    private JdbcTemplate db;

    @BeforeAll
    static void topics() {
        ReminderTestKit.createTopics();
    }

    @BeforeEach
    void database() {
        database = SharedPostgres.createDatabase();
        Flyway.configure().dataSource(database, SharedPostgres.USER, SharedPostgres.PASSWORD).load().migrate();
        db = new JdbcTemplate(pool());
    }

    @AfterEach
    void close() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    @Test
    void aBatchMixingTimersThatPublishWithObsoleteOnesFiresEachOnceAndMovesOrRemovesAllInOneGo() {
        Replica replica = new Replica();
        try (ReminderTestKit kit = new ReminderTestKit()) {
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            String due = newCustomer();
            String moved = newCustomer();
            String closed = newCustomer();
            String late = newCustomer();
            String orphan = newCustomer();
            String notYet = newCustomer();
            Instant dueWindow = now.minus(DELAY).minusSeconds(10);
            replica.receive(due, dueWindow, true);
            replica.receive(moved, now.minusSeconds(60), true); // newer message: its timer fires early
            replica.receive(closed, dueWindow, false);
            replica.receive(late, now.minus(WINDOW).minusSeconds(10), true);
            replica.receive(notYet, now.minusSeconds(60), true);
            setTimer(due, now.minusSeconds(10));
            setTimer(moved, now.minusSeconds(10));
            setTimer(closed, now.minusSeconds(10));
            setTimer(late, now.minusSeconds(10));
            setTimer(orphan, now.minusSeconds(10));

            Firing.Batch batch = replica.firing.fireDue(100);

            assertThat(batch.claimed()).isEqualTo(5);
            assertThat(batch.failed()).isZero();
            assertThat(batch.recorded()).extracting(f -> f.conversation().customerId())
                    .containsExactlyInAnyOrder(due, closed, late);
            await().atMost(WAIT).until(() -> kit.windowEvents(late, WindowEventType.WINDOW_CLOSED).size() == 1
                    && kit.windowEvents(due, WindowEventType.REMINDER_DUE).size() == 1);
            assertThat(kit.reminders(due)).singleElement()
                    .satisfies(r -> assertThat(r.getRequestId()).endsWith(":" + dueWindow.toEpochMilli()));
            for (String quiet : List.of(moved, closed, notYet)) {
                assertThat(kit.reminders(quiet)).as(quiet).isEmpty();
                assertThat(kit.windowEvents(quiet, WindowEventType.WINDOW_CLOSED)).as(quiet).isEmpty();
            }
            assertThat(kit.reminders(late)).isEmpty();
            assertThat(outcome(due)).isEqualTo("SENT/null");
            assertThat(outcome(closed)).isEqualTo("TICKET_NOT_OPEN/null");
            assertThat(outcome(late)).isEqualTo("TOO_LATE/ANNOUNCED");
            assertThat(outcome(moved)).isEqualTo("null/null");
            assertThat(timer(due)).isEqualTo(dueWindow.plus(WINDOW));
            assertThat(timer(closed)).isEqualTo(dueWindow.plus(WINDOW));
            assertThat(timer(moved)).isEqualTo(now.minusSeconds(60).plus(DELAY));
            assertThat(timer(notYet)).isEqualTo(now.minusSeconds(60).plus(DELAY));
            assertThat(timer(late)).isNull();
            assertThat(timer(orphan)).isNull();
            assertThat(replica.firing.fireDue(100).claimed()).isZero();
        }
    }

    /**
     * The database session of a firing replica dies after Kafka acknowledged the batch and before the decisions are
     * committed (as when its process is killed): nothing is recorded, no other replica can take the batch while it
     * is held, and once it is gone the batch fires again with the same ids, and is then recorded once.
     */
    @Test
    void aSessionThatDiesBetweenSendAndMarkLeavesTheBatchDueAndItFiresAgainWithTheSameIds() throws Exception {
        Replica first = new Replica();
        Replica second = new Replica();
        try (ReminderTestKit kit = new ReminderTestKit()) {
            Instant window = Instant.now().minus(DELAY).minusSeconds(10).truncatedTo(ChronoUnit.MILLIS);
            String ana = newCustomer();
            String ben = newCustomer();
            first.receive(ana, window, true);
            first.receive(ben, window, true);
            // The first write of decisions stalls (a sequence, not a row: it survives the rollback), so the test can
            // end the session exactly between Kafka's acknowledgement and the commit.
            db.execute("create sequence stall_once");
            db.execute("""
                    create function stall_once() returns trigger language plpgsql as $$
                    begin
                      if nextval('stall_once') = 1 then perform pg_sleep(60); end if;
                      return new;
                    end $$""");
            db.execute("create trigger stall_once before update of reminder_outcome on conversation"
                    + " for each statement execute function stall_once()");

            CompletableFuture<Firing.Batch> crashed = CompletableFuture.supplyAsync(() -> first.firing.fireDue(100));
            await().atMost(WAIT).until(() -> kit.windowEvents(ana, WindowEventType.REMINDER_DUE).size() == 1
                    && kit.windowEvents(ben, WindowEventType.REMINDER_DUE).size() == 1 && stalledSessions() == 1);
            assertThat(second.firing.fireDue(100).claimed()).as("held by the stalled batch").isZero();
            db.queryForList("select pg_terminate_backend(pid) from pg_stat_activity where wait_event = 'PgSleep'"
                    + " and datname = current_database()");
            assertThatThrownBy(() -> crashed.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
            assertThat(outcome(ana)).isEqualTo("null/null");
            assertThat(timer(ana)).isEqualTo(window.plus(DELAY));

            Firing.Batch again = second.firing.fireDue(100);

            assertThat(again.recorded()).hasSize(2);
            for (String customer : List.of(ana, ben)) {
                await().atMost(WAIT).until(() -> kit.windowEvents(customer, WindowEventType.REMINDER_DUE).size() == 2);
                assertThat(kit.windowEvents(customer, WindowEventType.REMINDER_DUE)).extracting(e -> e.getEventId())
                        .containsOnly("reminder-due:" + CHANNEL + ":" + customer + ":" + window.toEpochMilli());
                assertThat(kit.reminders(customer)).hasSize(2).extracting(r -> r.getRequestId()).containsOnly(
                        "reminder:" + CHANNEL + ":" + customer + ":" + window.toEpochMilli());
                assertThat(outcome(customer)).isEqualTo("SENT/null");
                assertThat(timer(customer)).isEqualTo(window.plus(WINDOW));
            }
            assertThat(first.firing.fireDue(100).claimed()).isZero();
        }
    }

    @Test
    void replicasClaimingAtTheSameMomentTakeDisjointTimersAndSkipWhatTheOtherHolds() throws Exception {
        Replica a = new Replica();
        Replica b = new Replica();
        Instant window = Instant.now().minus(DELAY).minusSeconds(10);
        for (int i = 0; i < 100; i++) {
            setTimer("claim-" + i, window);
        }
        TimerTable table = new TimerTable(a.jdbc);
        TransactionStatus held = a.transactions.getTransaction(new DefaultTransactionDefinition());
        Set<String> heldByA = keys(table.claimDue(Instant.now(), 60));
        CountDownLatch claimedByB = new CountDownLatch(1);
        List<String> byB = new ArrayList<>();
        Thread replicaB = new Thread(() -> new TransactionTemplate(b.transactions).executeWithoutResult(s -> {
            byB.addAll(keys(new TimerTable(b.jdbc).claimDue(Instant.now(), 100)));
            claimedByB.countDown();
        }));
        replicaB.start();
        assertThat(claimedByB.await(30, TimeUnit.SECONDS)).isTrue();
        replicaB.join();
        a.transactions.rollback(held);

        assertThat(heldByA).hasSize(60);
        assertThat(byB).hasSize(40).doesNotContainAnyElementsOf(heldByA);
        Set<String> all = new HashSet<>(heldByA);
        all.addAll(byB);
        assertThat(all).hasSize(100);
    }

    @Test
    void twoReplicasFiringABurstConcurrentlyFireEachTimerOnce() throws Exception {
        Replica a = new Replica();
        Replica b = new Replica();
        try (ReminderTestKit kit = new ReminderTestKit()) {
            Instant window = Instant.now().minus(DELAY).minusSeconds(10).truncatedTo(ChronoUnit.MILLIS);
            List<String> customers = IntStream.range(0, 600).mapToObj(i -> newCustomer()).toList();
            a.receiveAll(customers, window);

            CompletableFuture<Integer> byA = CompletableFuture.supplyAsync(() -> a.fireUntilNothingIsDue(50));
            CompletableFuture<Integer> byB = CompletableFuture.supplyAsync(() -> b.fireUntilNothingIsDue(50));

            assertThat(byA.get(60, TimeUnit.SECONDS) + byB.get(60, TimeUnit.SECONDS)).isEqualTo(customers.size());
            Set<String> burst = Set.copyOf(customers);
            await().atMost(WAIT).until(() -> kit.windowEvents(WindowEventType.REMINDER_DUE).stream()
                    .filter(e -> burst.contains(e.getCustomer().getWaId())).count() >= customers.size());
            assertThat(kit.windowEvents(WindowEventType.REMINDER_DUE).stream().map(e -> e.getCustomer().getWaId())
                    .filter(burst::contains).toList()).hasSize(customers.size()).doesNotHaveDuplicates();
            assertThat(kit.reminders().stream().map(r -> r.getRecipient().getWaId()).filter(burst::contains).toList())
                    .hasSize(customers.size()).doesNotHaveDuplicates();
            assertThat(db.queryForObject("select count(*) from conversation where reminder_outcome = 'SENT'",
                    Long.class)).isEqualTo(customers.size());
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** A replica's firing, on its own connection pool and producer, as the service wires it (no firing threads). */
    private final class Replica {

        final JdbcTemplate jdbc;
        final DataSourceTransactionManager transactions;
        final Firing firing;
        final ConversationIntake intake;

        Replica() {
            HikariDataSource pool = pool();
            jdbc = new JdbcTemplate(pool);
            transactions = new DataSourceTransactionManager(pool);
            TimerSettings settings = new TimerSettings(new TimerSettings.Window(WINDOW, Duration.ofDays(1)),
                    new TimerSettings.Reminder(DELAY));
            ConversationRepository conversations = new ConversationRepository(jdbc);
            TimerTable timers = new TimerTable(jdbc);
            DefaultKafkaProducerFactory<Object, Object> producers = new DefaultKafkaProducerFactory<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, EventSerializer.class));
            closeables.add(producers::destroy);
            ChannelReminders channels = new ChannelReminders(new ReminderChannels(Map.of(CHANNEL,
                    new ReminderChannels.Channel(true, "Still there?"))), Optional.empty());
            firing = new Firing(conversations, timers, channels, settings, new KafkaTemplate<>(producers),
                    new TransactionTemplate(transactions), new TimerMetrics(new SimpleMeterRegistry(), settings, jdbc),
                    Clock.systemUTC());
            intake = new ConversationIntake(conversations, new CustomerAliases(jdbc), timers, settings);
        }

        /** The customer wrote at {@code sentAt}, with their ticket open or not. */
        void receive(String customer, Instant sentAt, boolean ticketOpen) {
            new TransactionTemplate(transactions).executeWithoutResult(s -> {
                if (ticketOpen) {
                    intake.ticketEvents(List.of(ticket(TicketEventType.TICKET_OPENED, CHANNEL, customer, "T-" + customer,
                            sentAt)));
                }
                intake.messages(List.of(text(CHANNEL, customer, "wamid." + customer, sentAt)));
            });
        }

        /** These customers wrote at {@code sentAt}, each with a ticket open, in one transaction. */
        void receiveAll(List<String> customers, Instant sentAt) {
            List<TicketEvent> tickets = customers.stream()
                    .map(c -> ticket(TicketEventType.TICKET_OPENED, CHANNEL, c, "T-" + c, sentAt)).toList();
            List<InboundMessage> messages = customers.stream().map(c -> text(CHANNEL, c, "wamid." + c, sentAt))
                    .toList();
            new TransactionTemplate(transactions).executeWithoutResult(s -> {
                intake.ticketEvents(tickets);
                intake.messages(messages);
            });
        }

        /** Fires batches until one finds nothing due; returns the decisions it recorded. */
        int fireUntilNothingIsDue(int maxBatch) {
            int recorded = 0;
            for (Firing.Batch batch = firing.fireDue(maxBatch); batch.claimed() > 0; batch = firing.fireDue(maxBatch)) {
                recorded += batch.recorded().size();
            }
            return recorded;
        }
    }

    private HikariDataSource pool() {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(database);
        pool.setUsername(SharedPostgres.USER);
        pool.setPassword(SharedPostgres.PASSWORD);
        pool.setMaximumPoolSize(4);
        closeables.add(pool);
        return pool;
    }

    private void setTimer(String customer, Instant dueAt) {
        db.update("""
                insert into scheduled_tasks (task_name, task_instance, execution_time, picked, version)
                values (?, ?, ?, false, 1)
                on conflict (task_name, task_instance) do update set execution_time = excluded.execution_time""",
                TimerTable.TASK_NAME, CHANNEL + ":" + customer, Timestamp.from(dueAt));
    }

    private Instant timer(String customer) {
        List<Timestamp> due = db.queryForList("select execution_time from scheduled_tasks where task_instance = ?",
                Timestamp.class, CHANNEL + ":" + customer);
        return due.isEmpty() ? null : due.get(0).toInstant();
    }

    private String outcome(String customer) {
        return db.queryForObject("select coalesce(reminder_outcome, 'null') || '/' || coalesce(close_outcome, 'null')"
                + " from conversation where customer_id = ?", String.class, customer);
    }

    private long stalledSessions() {
        return db.queryForObject("select count(*) from pg_stat_activity where wait_event = 'PgSleep'"
                + " and datname = current_database()", Long.class);
    }

    private static Set<String> keys(List<TimerClaim> claimed) {
        Set<String> keys = new HashSet<>();
        claimed.forEach(c -> keys.add(c.conversationKey()));
        return keys;
    }
}
