package dev.switchboard.reminder.flow;

import static dev.switchboard.reminder.flow.ReminderTestKit.newCustomer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

import dev.switchboard.events.OutboundRequest;
import dev.switchboard.events.WindowEventType;
import dev.switchboard.reminder.ReminderApplication;
import dev.switchboard.testing.SharedKafka;
import dev.switchboard.testing.SharedPostgres;

/**
 * Whole services started and stopped by the test, as Kubernetes would: timers survive a restart (they live in
 * PostgreSQL, not in memory), and two replicas on the same database and consumer groups fire each timer once.
 *
 * <p>They use channel {@code depot}, whose reminders only these replicas send, and timings of their own: another
 * test context still running in this JVM (Spring caches them) reads the same topics, and its window-closed events
 * for these customers are told apart by their due time.
 */
class RestartAndReplicasTest {

    private static final Duration WAIT = Duration.ofSeconds(40);
    private static final String DEPOT = "depot";

    @BeforeAll
    static void topics() {
        ReminderTestKit.createTopics();
    }

    @Test
    void aRestartBetweenTheMessageAndItsTimersLosesNothingAndSendsNothingTwice() {
        String database = SharedPostgres.createDatabase();
        String groups = "restart-" + UUID.randomUUID();
        // Longer timers than the other flows: the first replica must be gone well before the reminder is due.
        Duration window = Duration.ofSeconds(12);
        String[] timings = {"--switchboard.reminder.delay=PT10S", "--switchboard.window.duration=PT12S"};
        JdbcTemplate db = new JdbcTemplate(new DriverManagerDataSource(database, SharedPostgres.USER, SharedPostgres.PASSWORD));
        try (ReminderTestKit kit = new ReminderTestKit()) {
            String ana = newCustomer();
            Instant sentAt;
            try (ConfigurableApplicationContext first = start(database, groups, timings)) {
                sentAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
                kit.customerWritesWithTicketOpen(DEPOT, ana, "wamid.S." + ana, sentAt);
                await().atMost(WAIT).until(() -> timers(db, DEPOT + ":" + ana) == 1);
            }
            // Down: the timer is in the database, due at the message's time + 10 s.
            assertThat(db.queryForObject("select execution_time from scheduled_tasks where task_instance = ?",
                    Timestamp.class, DEPOT + ":" + ana).toInstant()).isEqualTo(sentAt.plusSeconds(10));
            assertThat(kit.reminders(ana)).isEmpty();

            try (ConfigurableApplicationContext second = start(database, groups, timings)) {
                await().atMost(WAIT).until(() -> closed(kit, ana, sentAt.plus(window)) == 1);
                assertThat(kit.reminders(ana)).singleElement()
                        .satisfies(r -> assertThat(r.getRequestId()).endsWith(":" + sentAt.toEpochMilli()));
                assertThat(kit.windowEvents(ana, WindowEventType.REMINDER_DUE)).hasSize(1);
                assertThat(timers(db, DEPOT + ":" + ana)).isZero();
            }
        }
    }

    @Test
    void twoReplicasOnTheSameDatabaseFireEachTimerOnce() {
        String database = SharedPostgres.createDatabase();
        String groups = "replicas-" + UUID.randomUUID();
        String[] timings = {"--switchboard.reminder.delay=PT4S", "--switchboard.window.duration=PT6S"};
        try (ReminderTestKit kit = new ReminderTestKit();
             ConfigurableApplicationContext a = start(database, groups, timings);
             ConfigurableApplicationContext b = start(database, groups, timings)) {
            awaitAllPartitionsAssigned(a, b);
            JdbcTemplate db = new JdbcTemplate(new DriverManagerDataSource(database, SharedPostgres.USER,
                    SharedPostgres.PASSWORD));
            await().atMost(WAIT).until(() -> ReminderTestKit.nothingLeftToConsume(
                    a.getBean(KafkaListenerEndpointRegistry.class)) && ReminderTestKit.overdueTimers(db) == 0);
            Map<String, Instant> customers = new LinkedHashMap<>();
            Instant sentAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            for (int i = 0; i < 30; i++) {
                String customer = newCustomer();
                customers.put(customer, sentAt.plusMillis(i * 50L));
                kit.customerWritesWithTicketOpen(DEPOT, customer, "wamid.T." + customer, customers.get(customer));
            }

            await().atMost(WAIT).until(() -> customers.entrySet().stream()
                    .allMatch(c -> closed(kit, c.getKey(), c.getValue().plusSeconds(6)) == 1));
            for (String customer : customers.keySet()) {
                assertThat(kit.reminders(customer)).as(customer).hasSize(1);
                assertThat(kit.windowEvents(customer, WindowEventType.REMINDER_DUE)).as(customer).hasSize(1);
                assertThat(closed(kit, customer, customers.get(customer).plusSeconds(6))).as(customer).isEqualTo(1);
            }
            assertThat(customers.keySet().stream().flatMap(c -> kit.reminders(c).stream()).map(OutboundRequest::getRequestId)
                    .distinct()).hasSize(customers.size());
        }
    }

    private static long timers(JdbcTemplate db, String conversationKey) {
        return db.queryForObject("select count(*) from scheduled_tasks where task_instance = ?", Long.class,
                conversationKey);
    }

    /** The window-closed events of this customer's window that these replicas published (by their due time). */
    private static long closed(ReminderTestKit kit, String customer, Instant dueAt) {
        return kit.windowEvents(customer, WindowEventType.WINDOW_CLOSED).stream()
                .filter(e -> e.getDueAt().equals(dueAt)).count();
    }

    /** Between them, the replicas own every partition of both input topics (two each). */
    private static void awaitAllPartitionsAssigned(ConfigurableApplicationContext... replicas) {
        await().atMost(WAIT).until(() -> Arrays.stream(replicas)
                .flatMap(r -> r.getBean(KafkaListenerEndpointRegistry.class).getListenerContainers().stream())
                .mapToInt(c -> c.getAssignedPartitions() == null ? 0 : c.getAssignedPartitions().size()).sum() == 4);
    }

    /** A replica of the service, on its own port, in the given database and consumer groups. */
    private static ConfigurableApplicationContext start(String database, String groups, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "--spring.datasource.url=" + database,
                "--spring.datasource.username=" + SharedPostgres.USER,
                "--spring.datasource.password=" + SharedPostgres.PASSWORD,
                "--spring.kafka.bootstrap-servers=" + SharedKafka.bootstrapServers(),
                "--switchboard.kafka.group-prefix=" + groups,
                "--switchboard.channels." + DEPOT + ".reminders=true",
                "--switchboard.channels." + DEPOT + ".reminder-message=Still there?",
                "--server.port=0"));
        args.addAll(List.of(more));
        return new SpringApplicationBuilder(ReminderApplication.class).profiles("flow")
                .run(args.toArray(String[]::new));
    }
}
