package dev.switchboard.reminder.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import javax.sql.DataSource;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;

import dev.switchboard.bench.MachineLoad;
import dev.switchboard.events.Customer;
import dev.switchboard.events.InboundMessage;
import dev.switchboard.events.InboundMessageType;
import dev.switchboard.events.Provider;
import dev.switchboard.events.TicketEvent;
import dev.switchboard.events.TicketEventType;
import dev.switchboard.events.TicketState;
import dev.switchboard.events.WindowEvent;
import dev.switchboard.events.WindowEventType;
import dev.switchboard.reminder.ReminderApplication;
import dev.switchboard.reminder.conversation.Conversation;
import dev.switchboard.reminder.intake.ConversationIntake;
import dev.switchboard.reminder.timer.Announcements;
import dev.switchboard.schemas.EventDeserializer;
import dev.switchboard.schemas.Topic;
import dev.switchboard.schemas.Topics;
import dev.switchboard.testing.SharedKafka;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Schedules {@code bench.conversations} conversations (1,000,000) through the service's own intake, lets
 * {@code bench.due} of them (100,000) come due at the same instant, and prints how fast their reminders fire (set-based
 * firing, the service's production settings) and how late each REMINDER_DUE event reaches Kafka after its due time.
 * With, in the same run and on the same PostgreSQL and broker: warm-up rounds (at least 20 s), three baselines (the raw
 * producer rate of the same records; the former design's per-timer transactions in PostgreSQL; db-scheduler, the former
 * design's engine, with a task that does nothing) and what else ran on the machine ({@link MachineLoad}).
 *
 * <p>Everything runs in this JVM on this machine: an embedded PostgreSQL 17 (zonky), a KRaft broker (test-support's
 * SharedKafka) and the service itself (Spring Boot, production settings but for the ones printed).
 */
public final class ReminderBenchmark {

    private static final String CHANNEL = "bench";
    private static final Duration DELAY = Duration.ofHours(23);

    private final int conversations = Integer.getInteger("bench.conversations", 1_000_000);
    private final int due = Integer.getInteger("bench.due", 100_000);
    private final int warmup = Integer.getInteger("bench.warmup", 20_000);
    private final int maxBatch = Integer.getInteger("bench.maxBatch", 1000);
    private final int parallelBatches = Integer.getInteger("bench.parallelBatches", 3);
    private final int pool = Integer.getInteger("bench.pool", 10);
    private final String pollingInterval = System.getProperty("bench.pollingInterval", "1s");
    /** Threads of the per-timer baselines (PostgreSQL alone, db-scheduler alone), as the old design ran. */
    private final int baselineThreads = Integer.getInteger("bench.baselineThreads", 128);
    private final Duration warmupAtLeast = Duration.ofSeconds(20);
    private final boolean postgresTuned = Boolean.parseBoolean(System.getProperty("bench.postgresTuned", "true"));
    private final int chunk = 2_000;
    private final boolean profile = Boolean.getBoolean("bench.profile");

    private ConfigurableApplicationContext app;
    private ConversationIntake intake;
    private TransactionTemplate transactions;
    private JdbcTemplate jdbc;
    private double kafkaRate;
    private double postgresRate;
    private double dbSchedulerRate;

    /** A round's rate (fires/s) and its lags. */
    private record Result(double rate, long p99) {
    }

    public static void main(String[] args) throws Exception {
        int code = 0;
        try {
            new ReminderBenchmark().run();
        } catch (Throwable e) {
            e.printStackTrace();
            code = 1;
        }
        System.exit(code);
    }

    private void run() throws Exception {
        print("machine: %d cores, JVM max heap %d MiB", Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);
        MachineLoad.start();
        EmbeddedPostgres.Builder database = EmbeddedPostgres.builder();
        if (postgresTuned) {
            // As a database server would be set up for this load, rather than the test defaults (128 MB of shared
            // buffers, a checkpoint every 1 GB of WAL): the tables and indexes of 1,000,000 timers stay in memory and
            // no checkpoint lands in the middle of a round. The baselines run on the same server.
            database.setServerConfig("shared_buffers", "512MB").setServerConfig("wal_buffers", "32MB")
                    .setServerConfig("max_wal_size", "8GB").setServerConfig("checkpoint_timeout", "30min");
        }
        try (EmbeddedPostgres postgres = database.start()) {
            MachineLoad.alsoOurs("-p " + postgres.getPort() + " ");
            String kafka = SharedKafka.bootstrapServers();
            List<NewTopic> topics = new ArrayList<>();
            for (Topic<?> topic : Topics.ALL) {
                topics.add(new NewTopic(topic.name(), 4, (short) 1).configs(topic.configs()));
                topics.add(new NewTopic(topic.deadLetterTopic(), 4, (short) 1));
            }
            SharedKafka.createTopics(topics);
            app = new SpringApplicationBuilder(ReminderApplication.class).run(
                    "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                    "--spring.datasource.username=postgres", "--spring.datasource.password=postgres",
                    "--spring.datasource.hikari.maximum-pool-size=" + pool,
                    "--spring.kafka.bootstrap-servers=" + kafka,
                    "--server.port=0", "--logging.level.root=WARN",
                    "--switchboard.channels." + CHANNEL + ".reminders=true",
                    "--switchboard.channels." + CHANNEL + ".reminder-message=Are you still there?",
                    "--switchboard.timers.max-batch=" + maxBatch,
                    "--switchboard.timers.parallel-batches=" + parallelBatches,
                    "--switchboard.timers.polling-interval=" + pollingInterval);
            intake = app.getBean(ConversationIntake.class);
            transactions = app.getBean(TransactionTemplate.class);
            jdbc = app.getBean(JdbcTemplate.class);
            print("PostgreSQL %s (embedded, synchronous_commit=%s, shared_buffers=%s, max_wal_size=%s), Kafka broker"
                            + " in-process; set-based firing: batches of up to %d timers, %d firing threads, polling %s,"
                            + " %d database connections", jdbc.queryForObject("show server_version", String.class),
                    jdbc.queryForObject("show synchronous_commit", String.class),
                    jdbc.queryForObject("show shared_buffers", String.class),
                    jdbc.queryForObject("show max_wal_size", String.class), maxBatch, parallelBatches,
                    pollingInterval, pool);
            MachineLoad.print("before");

            // Warm-up: JIT, connection pools, producer, the whole firing path, in rounds of their own, >= 20 s.
            long warmingSince = System.nanoTime();
            for (int round = 1; round == 1 || System.nanoTime() - warmingSince < warmupAtLeast.toNanos(); round++) {
                fireRound("warm-up" + round, warmup, Duration.ofSeconds(10));
            }
            print("warm-up: %.1f s", (System.nanoTime() - warmingSince) / 1e9);

            kafkaRate = baselineKafka();
            postgresRate = baselinePostgres();
            dbSchedulerRate = baselineDbScheduler();

            long began = System.nanoTime();
            schedule("far", conversations - due, Instant.now(), false);
            double seconds = (System.nanoTime() - began) / 1e9;
            print("scheduled %,d conversations (message + timer, due in 23 h) through the intake in %.1f s: %,.0f/s",
                    conversations - due, seconds, (conversations - due) / seconds);

            Recording recording = profile ? new Recording(Configuration.getConfiguration("profile")) : null;
            if (recording != null) {
                recording.start();
            }
            MachineLoad.print("before the main round");
            Result main = fireRound("main", due, Duration.ofSeconds(30));
            MachineLoad.print("after the main round");
            print("main against the baselines of this run: %.2f x db-scheduler alone (per timer, a task that does"
                    + " nothing), %.2f x PostgreSQL alone (per timer), %.2f x the producer alone", main.rate()
                    / dbSchedulerRate, main.rate() / postgresRate, main.rate() / kafkaRate);
            if (recording != null) {
                recording.stop();
                Path file = Files.createTempFile("reminder-bench", ".jfr");
                recording.dump(file);
                printHotFrames(file);
            }
            print("timers left in the database: %,d", jdbc.queryForObject("select count(*) from scheduled_tasks",
                    Long.class));
        } finally {
            if (app != null) {
                app.close();
            }
        }
    }

    /**
     * Schedules {@code count} conversations with an open ticket due at one instant {@code lead} from now, then
     * measures until every REMINDER_DUE event is on Kafka.
     */
    private Result fireRound(String name, int count, Duration lead) throws Exception {
        try (KafkaConsumer<String, SpecificRecord> consumer = windowEvents()) {
            long scheduling = System.nanoTime();
            Instant dueAt = Instant.now().plus(lead).plus(Duration.ofMillis(count / 20)).truncatedTo(
                    java.time.temporal.ChronoUnit.SECONDS);
            schedule(name, count, dueAt.minus(DELAY), true);
            double scheduled = (System.nanoTime() - scheduling) / 1e9;
            if (Instant.now().isAfter(dueAt)) {
                throw new IllegalStateException(name + ": scheduling took " + scheduled + " s, longer than the lead"
                        + " time: increase it");
            }
            long[] lags = new long[count];
            long[] seenLags = new long[count];
            Set<String> seen = new HashSet<>(count * 2);
            int received = 0;
            long lastEvent = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (received < count) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(name + ": only " + received + " of " + count + " reminders fired");
                }
                var records = consumer.poll(Duration.ofMillis(200));
                long readAt = System.currentTimeMillis();
                for (ConsumerRecord<String, SpecificRecord> record : records) {
                    if (record.value() instanceof WindowEvent e && e.getType() == WindowEventType.REMINDER_DUE
                            && e.getDueAt().equals(dueAt) && e.getCustomer().getWaId().startsWith(name + "-")) {
                        if (!seen.add(e.getEventId())) {
                            throw new IllegalStateException("duplicate " + e.getEventId());
                        }
                        seenLags[received] = readAt - dueAt.toEpochMilli();
                        lags[received++] = record.timestamp() - dueAt.toEpochMilli();
                        lastEvent = Math.max(lastEvent, record.timestamp());
                    }
                }
            }
            Arrays.sort(lags);
            Arrays.sort(seenLags);
            double span = (lastEvent - dueAt.toEpochMilli()) / 1000.0;
            print("%s: %,d conversations with an open ticket scheduled in %.1f s, all due at %s", name, count,
                    scheduled, dueAt);
            print("%s: %,d reminders fired (request + REMINDER_DUE on Kafka, acknowledged) in %.2f s after their due"
                            + " time: %,.0f fires/s; lag due -> event (record timestamp) p50 %,d ms, p95 %,d ms,"
                            + " p99 %,d ms, max %,d ms; due -> read by a consumer p99 %,d ms, max %,d ms", name, count,
                    span, count / span, lags[count / 2], percentile(lags, 0.95), percentile(lags, 0.99),
                    lags[count - 1], percentile(seenLags, 0.99), seenLags[count - 1]);
            return new Result(count / span, percentile(lags, 0.99));
        }
    }

    private static long percentile(long[] sorted, double fraction) {
        return sorted[(int) Math.ceil(sorted.length * fraction) - 1];
    }

    /** {@code count} conversations of channel {@code bench}, customers {@code <name>-<n>}, last message at sentAt. */
    private void schedule(String name, int count, Instant sentAt, boolean ticketOpen) {
        for (int from = 0; from < count; from += chunk) {
            List<InboundMessage> messages = new ArrayList<>(chunk);
            List<TicketEvent> tickets = new ArrayList<>(chunk);
            for (int i = from; i < Math.min(count, from + chunk); i++) {
                String customer = name + "-" + i;
                messages.add(message(customer, sentAt));
                if (ticketOpen) {
                    tickets.add(ticketOpened(customer, sentAt));
                }
            }
            transactions.executeWithoutResult(status -> {
                intake.ticketEvents(tickets);
                intake.messages(messages);
            });
        }
    }

    /** The producer alone: the same two records per reminder, as fast as the service's producer acknowledges them. */
    private double baselineKafka() throws Exception {
        @SuppressWarnings("unchecked")
        KafkaTemplate<Object, Object> kafka = app.getBean("kafkaTemplate", KafkaTemplate.class);
        int pairs = due;
        Conversation c = new Conversation("bench:x", CHANNEL, "x", "x", null, null, "wamid.x", Instant.now(), null, "T",
                true, false, null, null, null, null);
        long began = System.nanoTime();
        List<CompletableFuture<?>> acks = new ArrayList<>(pairs * 2);
        for (int i = 0; i < pairs; i++) {
            acks.add(kafka.send(Topics.OUTBOUND_REQUESTS.name() + ".dlt", CHANNEL,
                    Announcements.reminder(c, "Are you still there?", Instant.now(), Instant.now())));
            acks.add(kafka.send(Topics.WINDOW_EVENTS.name() + ".dlt", "bench:x",
                    Announcements.windowEvent(WindowEventType.REMINDER_DUE, c, Instant.now(), Instant.now())));
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - began) / 1e9;
        print("baseline Kafka: %,d reminder record pairs produced and acknowledged in %.2f s: %,.0f pairs/s"
                + " (pipelined, no database)", pairs, seconds, pairs / seconds);
        return pairs / seconds;
    }

    /**
     * PostgreSQL alone: per timer, the transactions a fire needs (lock the conversation, update it, commit; move the
     * timer), on {@code threads} threads, on a table of the same shape, without db-scheduler or Kafka.
     */
    private double baselinePostgres() throws Exception {
        int rows = due;
        jdbc.execute("create table baseline_conversation (k text primary key, v text, decided timestamptz)");
        jdbc.execute("create table baseline_timer (k text primary key, due timestamptz not null, picked boolean)");
        jdbc.execute("insert into baseline_conversation select 'k' || g, 'x', null from generate_series(1, " + rows
                + ") g");
        jdbc.execute("insert into baseline_timer select 'k' || g, now(), false from generate_series(1, " + rows + ") g");
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(baselineThreads);
        long began = System.nanoTime();
        List<CompletableFuture<Void>> workers = new ArrayList<>();
        for (int t = 0; t < baselineThreads; t++) {
            workers.add(CompletableFuture.runAsync(() -> {
                for (int i = next.incrementAndGet(); i <= rows; i = next.incrementAndGet()) {
                    String key = "k" + i;
                    transactions.executeWithoutResult(status -> {
                        jdbc.queryForObject("select v from baseline_conversation where k = ? for update", String.class,
                                key);
                        jdbc.update("update baseline_conversation set decided = now() where k = ?", key);
                    });
                    jdbc.update("update baseline_timer set due = now() + interval '1 hour', picked = false where k = ?",
                            key);
                }
            }, pool));
        }
        CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - began) / 1e9;
        pool.shutdown();
        jdbc.execute("drop table baseline_conversation");
        jdbc.execute("drop table baseline_timer");
        print("baseline PostgreSQL: %,d timers' transactions (lock + update + commit, then move the timer) on %d"
                + " threads in %.2f s: %,.0f/s (no db-scheduler, no Kafka)", rows, baselineThreads, seconds,
                rows / seconds);
        return rows / seconds;
    }

    /**
     * db-scheduler alone: the same number of timers, all due at once, with a task that does nothing, on the same
     * settings (lock-and-fetch, threads, batch) and a table of the same shape: the ceiling its per-timer bookkeeping
     * (pick, then reschedule) allows here.
     */
    private double baselineDbScheduler() throws Exception {
        int timers = due;
        jdbc.execute("create table baseline_tasks (like scheduled_tasks including all)");
        jdbc.execute("create index on baseline_tasks (last_heartbeat)"); // db-scheduler's own table has it
        AtomicInteger done = new AtomicInteger();
        Task<Void> noop = Tasks.custom("baseline-noop", Void.class).execute((instance, context) -> {
            done.incrementAndGet();
            return (complete, operations) -> operations.reschedule(complete, complete.getTimeDone().plusSeconds(3600));
        });
        Instant dueAt = Instant.now().plusSeconds(3);
        jdbc.batchUpdate("insert into baseline_tasks (task_name, task_instance, execution_time, picked, version)"
                + " values ('baseline-noop', ?, ?, false, 1)", java.util.stream.IntStream.range(0, timers)
                .mapToObj(i -> new Object[] {"t" + i, java.sql.Timestamp.from(dueAt)}).toList());
        Scheduler scheduler = Scheduler.create(app.getBean(DataSource.class), noop)
                .tableName("baseline_tasks").threads(baselineThreads)
                .pollingInterval(Duration.parse("PT" + pollingInterval)).pollUsingLockAndFetch(1.0, 4.0).build();
        scheduler.start();
        try {
            while (done.get() < timers) {
                Thread.sleep(20);
            }
            double seconds = Duration.between(dueAt, Instant.now()).toMillis() / 1000.0;
            print("baseline db-scheduler 16 (the former design's engine): %,d timers due at once, a task that does"
                    + " nothing, lock-and-fetch, %d threads: all done %.2f s after their due time: %,.0f/s (no"
                    + " conversation, no Kafka)", timers, baselineThreads, seconds, timers / seconds);
            return timers / seconds;
        } finally {
            scheduler.stop();
            jdbc.execute("drop table baseline_tasks");
        }
    }

    private KafkaConsumer<String, SpecificRecord> windowEvents() {
        KafkaConsumer<String, SpecificRecord> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000),
                new StringDeserializer(), new EventDeserializer<>());
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.WINDOW_EVENTS.name()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return consumer;
    }

    private static InboundMessage message(String customer, Instant sentAt) {
        return InboundMessage.newBuilder()
                .setEventId(customer)
                .setProvider(Provider.META)
                .setChannelId(CHANNEL)
                .setBusinessNumberId("100200300400500")
                .setMessageId("wamid." + customer)
                .setCustomer(Customer.newBuilder().setWaId(customer).build())
                .setSentAt(sentAt)
                .setReceivedAt(sentAt)
                .setRawWebhookId(customer)
                .setType(InboundMessageType.TEXT)
                .setText("hello")
                .build();
    }

    private static TicketEvent ticketOpened(String customer, Instant at) {
        return TicketEvent.newBuilder()
                .setEventId("t-" + customer)
                .setType(TicketEventType.TICKET_OPENED)
                .setTicketId("T-" + customer)
                .setChannelId(CHANNEL)
                .setCustomer(Customer.newBuilder().setWaId(customer).build())
                .setState(TicketState.OPEN)
                .setOccurredAt(at)
                .build();
    }

    /** Where the CPU went during the main round: the most sampled top frames (JFR execution samples). */
    private static void printHotFrames(Path file) throws Exception {
        Map<String, Integer> tops = new java.util.HashMap<>();
        int samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                continue;
            }
            samples++;
            var frames = event.getStackTrace().getFrames();
            String where = frames.stream().limit(40).map(f -> f.getMethod().getType().getName())
                    .filter(t -> t.startsWith("dev.switchboard") || t.startsWith("com.github.kagkarlsson")
                            || t.startsWith("org.apache.kafka") || t.startsWith("org.postgresql")
                            || t.startsWith("org.apache.avro") || t.startsWith("io.micrometer")
                            || t.startsWith("org.springframework") || t.startsWith("kafka."))
                    .findFirst().orElse(frames.isEmpty() ? "?" : frames.get(0).getMethod().getType().getName());
            tops.merge(where, 1, Integer::sum);
        }
        int total = samples;
        print("profile: %,d CPU samples in this JVM (service, broker and benchmark), by first known package:", total);
        tops.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(15)
                .forEach(e -> print("  %5.1f%%  %s", 100.0 * e.getValue() / total, e.getKey()));
    }

    private static void print(String format, Object... args) {
        System.out.println("[bench] " + String.format(Locale.ROOT, format, args));
        System.out.flush();
    }
}
