package dev.switchboard.ticket.bench;

import static dev.switchboard.bench.BenchRun.BROKER;
import static dev.switchboard.bench.BenchRun.POSTGRES;
import static dev.switchboard.bench.BenchRun.SERVICE;
import static dev.switchboard.bench.BenchRun.delta;
import static dev.switchboard.bench.BenchRun.integer;
import static dev.switchboard.bench.BenchRun.seconds;
import static dev.switchboard.bench.BenchRun.settle;
import static dev.switchboard.bench.BenchRun.top;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.switchboard.bench.BenchBroker;
import dev.switchboard.bench.BenchPostgres;
import dev.switchboard.bench.BenchRun;
import dev.switchboard.bench.CpuMeter;
import dev.switchboard.bench.Meter;
import dev.switchboard.bench.Processes;
import dev.switchboard.schemas.EventSerializer;
import dev.switchboard.schemas.Topics;
import dev.switchboard.store.testing.S3TestServer;

/**
 * The ticket-service benchmark (ticket-service/README.md, "Benchmark"): replays {@code bench.events} inbound messages
 * into an empty database and prints events/s.
 *
 * <p>On this machine, each in its own process(es): a real KRaft broker ({@link BenchBroker}, own JVM), a real
 * PostgreSQL ({@link BenchPostgres}, zonky's binaries with fsync and synchronous commit on), the service as deployed
 * ({@code java -jar}), and this driver, which generates the events, runs the baselines and measures.
 *
 * <p>Phases: (a) pre-load every event onto {@code whatsapp.inbound.messages.v1} before the service exists; (b) the
 * Kafka baseline (a plain consumer reads them all); (c) the PostgreSQL baselines (the same article rows in JDBC
 * batches; the service's own statements without the service); (d) the replay: the service starts against an empty
 * database and is timed until its consumer group has no lag and its outbox is empty; (e) what it wrote, checked
 * against what the events imply, the database's statistics, and where the service's time went (JFR).
 */
public final class TicketBenchmark implements BenchRun.Benchmark {

    private static final String DRIVER = "driver";
    private static final String DATABASE = "switchboard";
    private static final String GROUP = "ticket-service.inbound-messages";
    private static final String LISTENER = "ticket-inbound-messages-";

    private final Settings settings;
    private final PrintStream out;
    private final Map<String, CpuMeter.Target> targets = new LinkedHashMap<>();
    private final Meter meter = new Meter(targets, Map::of);
    private final List<String[]> summary = new ArrayList<>();

    private volatile Process broker;
    private volatile Process service;
    private volatile BenchPostgres postgres;

    record Settings(Path jar, Path outDir, int events, int customers, int channels, int partitions, double duplicates,
                    long seed, int concurrency, String serviceJvmArgs, String brokerJvmArgs, boolean profile,
                    int sqlBaselineEvents, double steadyFrom, int sampleMillis, int progressSeconds, int maxRunSeconds)
            implements BenchRun.Settings {

        static Settings fromSystemProperties() {
            return new Settings(
                    Path.of(System.getProperty("bench.jar", "ticket-service/target/ticket-service-0.1.0-SNAPSHOT.jar")).toAbsolutePath(),
                    Path.of(System.getProperty("bench.outDir", "ticket-service/target/bench")).toAbsolutePath(),
                    integer("bench.events", 200_000),
                    integer("bench.customers", 20_000),
                    integer("bench.channels", 3),
                    integer("bench.partitions", 6),
                    Double.parseDouble(System.getProperty("bench.duplicates", "0.03")),
                    Long.parseLong(System.getProperty("bench.seed", "20261121")),
                    integer("bench.concurrency", 2),
                    System.getProperty("bench.serviceJvmArgs", "-Xms512m -Xmx512m"),
                    System.getProperty("bench.brokerJvmArgs",
                            "-Xms1g -Xmx1g -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35"),
                    Boolean.parseBoolean(System.getProperty("bench.profile", "true")),
                    integer("bench.sqlBaselineEvents", 0),
                    Double.parseDouble(System.getProperty("bench.steadyFrom", "0.4")),
                    integer("bench.sampleMillis", 1000),
                    integer("bench.progressSeconds", 5),
                    integer("bench.maxRunSeconds", 1800));
        }
    }

    private TicketBenchmark(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    /** One sample of the replay's progress. */
    private record Sample(double t, Instant at, long consumed, long ticketEvents, long requests, long outbox,
                          CpuMeter.Snapshot cpu) {
    }

    public static void main(String[] args) throws Exception {
        BenchRun.main(Settings.fromSystemProperties(), TicketBenchmark::new);
    }

    @Override
    public void run() throws Exception {
        targets.put(DRIVER, CpuMeter.Target.jvm(ProcessHandle.current()));
        BenchRun.begin(out, "ticket-service", "broker, PostgreSQL, service and driver", settings.jar(), DRIVER);

        // -------------------------------------------------------------------------------------------- set-up
        List<InboundEvents.Channel> channels = InboundEvents.channels(settings.channels());
        Path channelsFile = settings.outDir().resolve("bench-channels.yml");
        Files.writeString(channelsFile, InboundEvents.channelsYaml(channels));

        long began = System.nanoTime();
        postgres = BenchPostgres.start(settings.outDir().resolve("pgdata"), Map.of(),
                BenchRun.fresh(settings.outDir(), "postgres.log"));
        targets.put(POSTGRES, CpuMeter.Target.tree(postgres.postmasterPid()));
        Map<String, String> pg = postgres.settings();
        out.printf("postgres: PostgreSQL %s (zonky embedded binaries, own processes, postmaster pid %d), port %d,"
                        + " ready in %.1f s; data on %s%n", pg.get("server_version"), postgres.postmasterPid(),
                postgres.port(), seconds(began), postgres.filesystem());
        out.println("    settings: " + pg.entrySet().stream().filter(e -> !e.getKey().equals("server_version"))
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ")));

        began = System.nanoTime();
        Processes.Started started = BenchBroker.start(BenchBroker.switchboardTopics(settings.partitions(), true),
                settings.brokerJvmArgs(), BenchRun.fresh(settings.outDir(), "broker.log"));
        broker = started.process();
        String bootstrap = started.value();
        targets.put(BROKER, CpuMeter.Target.jvm(broker.toHandle()));
        out.printf("broker: KRaft, own JVM (%s; pid %d), %s, %d partitions per topic, ready in %.1f s%n",
                settings.brokerJvmArgs(), broker.pid(), bootstrap, settings.partitions(), seconds(began));

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            // ------------------------------------------------------------------------------ (a) pre-load
            InboundEvents.Expectation expected = preload(bootstrap, admin, channels);
            settle();

            // ------------------------------------------------------------------------ (b) Kafka baseline
            Meter.Phase phase = meter.start();
            KafkaBaseline.Result kafka = KafkaBaseline.consumeAll(bootstrap, Topics.INBOUND_MESSAGES.name(),
                    "bench-baseline-consumer", settings.events(), 500);
            CpuMeter.Usage kafkaCpu = phase.end().usage();
            out.printf(Locale.ROOT, "%n[b] baseline Kafka: a plain KafkaConsumer (driver JVM, own group, the service's"
                            + " deserializers, max.poll.records 500, commitSync after each poll) reads the whole topic%n"
                            + "    %,d records in %.1f s = %,.0f records/s (%,d polls, %.0f records and %.0f KB each)%n",
                    kafka.records(), kafka.seconds(), kafka.rate(), kafka.polls(), (double) kafka.records() / kafka.polls(),
                    kafka.bytes() / 1024.0 / kafka.polls());
            printCpu(kafkaCpu);
            summary.add(row("b  raw KafkaConsumer", kafka.rate(), "records/s", kafkaCpu, kafka.records()));
            settle();

            // ------------------------------------------------------------------- (c) PostgreSQL baselines
            postgresBaselines(channels);
            settle();

            // -------------------------------------------------------------------------------- (d) replay
            replay(bootstrap, admin, channelsFile, expected);
        }
    }

    // ------------------------------------------------------------------------------------------------ (a)

    private InboundEvents.Expectation preload(String bootstrap, Admin admin, List<InboundEvents.Channel> channels)
            throws Exception {
        InboundEvents.Generator generator = new InboundEvents.Generator(channels, settings.events(), settings.customers(),
                settings.duplicates(), settings.seed());
        // ingress-service's producer settings: the topic holds what ingress writes (lz4 batches)
        Map<String, Object> config = BenchRun.producerLikeIngress(bootstrap);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-preload");
        AtomicLong failures = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        Meter.Phase phase = meter.start();
        long began = System.nanoTime();
        try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(config, new StringSerializer(),
                new EventSerializer<>())) {
            while (generator.hasNext()) {
                InboundEvents.Event event = generator.next();
                producer.send(new ProducerRecord<>(Topics.INBOUND_MESSAGES.name(), event.key(), event.message()),
                        (metadata, e) -> {
                            if (e != null) {
                                failures.incrementAndGet();
                            } else {
                                bytes.addAndGet(metadata.serializedValueSize() + metadata.serializedKeySize());
                            }
                        });
            }
            producer.flush();
        }
        double secs = seconds(began);
        CpuMeter.Usage cpu = phase.end().usage();
        InboundEvents.Expectation expected = generator.expectation();
        long onTopic = BenchBroker.endOffsets(admin, Topics.INBOUND_MESSAGES.name());
        out.printf(Locale.ROOT, "%n[a] pre-load, before the service exists: %s%n",
                InboundEvents.describe(expected, generator.conversationsPossible()));
        out.printf(Locale.ROOT, "    produced to %s (%d partitions, key Keys.conversation, lz4, acks=all, as"
                        + " ingress-service) in %.1f s = %,.0f records/s, %.0f bytes per record on average; on the"
                        + " topic: %,d records%s%n", Topics.INBOUND_MESSAGES.name(), settings.partitions(), secs,
                settings.events() / secs, (double) bytes.get() / settings.events(), onTopic,
                failures.get() > 0 ? " (" + failures.get() + " FAILED sends)" : "");
        out.printf(Locale.ROOT, "    expected after the replay: %,d conversations and tickets, %,d inbound articles, %,d"
                        + " outbound (welcome) articles, %,d reaction rows (%,d reactions land on an existing article),"
                        + " %,d ticket events, %,d outbound requests%n", expected.conversations, expected.inboundArticles,
                expected.welcomes, expected.reactionRows(), expected.reactionsOnKnownArticles, expected.ticketEvents(),
                expected.outboundRequests());
        printCpu(cpu);
        if (onTopic != settings.events()) {
            throw new IllegalStateException("the topic holds " + onTopic + " records, not " + settings.events());
        }
        return expected;
    }

    // ------------------------------------------------------------------------------------------------ (c)

    private void postgresBaselines(List<InboundEvents.Channel> channels) throws Exception {
        JdbcBaselines jdbc = new JdbcBaselines(postgres, channels);
        int sqlEvents = settings.sqlBaselineEvents() <= 0 ? settings.events() : Math.min(settings.events(), settings.sqlBaselineEvents());
        JdbcBaselines.Prepared prepared = JdbcBaselines.prepare(new InboundEvents.Generator(channels, settings.events(),
                settings.customers(), settings.duplicates(), settings.seed()), sqlEvents);
        jdbc.createSchema();
        out.printf(Locale.ROOT, "%n[c] baselines PostgreSQL, same server, database %s with the service's schema (Flyway's"
                        + " V1__tickets.sql), from the driver over JDBC (pgjdbc), no Kafka, no Spring:%n",
                JdbcBaselines.DATABASE);

        // Warm-up (not measured): the driver's JIT compiles pgjdbc's and the baselines' code on a tenth of the work.
        jdbc.insertConversationsAndTickets(prepared);
        List<JdbcBaselines.ArticleRow> someRows = prepared.articles().subList(0, prepared.articles().size() / 10);
        jdbc.articlesBatched("warm-up", someRows, 500, false);
        jdbc.truncate();
        jdbc.insertConversationsAndTickets(prepared);
        jdbc.articlesBatched("warm-up", someRows, 500, true);
        jdbc.truncate();
        jdbc.serviceStatements("warm-up", prepared.events().subList(0, prepared.events().size() / 10),
                settings.partitions(), settings.concurrency(), 500, new AtomicLong());
        jdbc.truncate();
        out.printf(Locale.ROOT, "    (each after a warm-up on a tenth of its work, unmeasured, and in an empty database)%n");

        for (boolean rewrite : new boolean[] {false, true}) {
            jdbc.insertConversationsAndTickets(prepared);
            Meter.Phase phase = meter.start();
            JdbcBaselines.Result r = jdbc.articlesBatched(rewrite ? "articles, batched, reWriteBatchedInserts"
                    : "articles, batched", prepared.articles(), 500, rewrite);
            Thread.sleep(300); // the closed connection's backend ends and is reaped: its CPU lands in the postmaster's
            CpuMeter.Usage cpu = phase.end().usage();
            out.printf(Locale.ROOT, "  [c%d] the replay's %,d article rows (the service's INSERT ... ON CONFLICT DO NOTHING),"
                            + " JDBC batches of 500, one transaction (commit) each%s, one connection: %.1f s = %,.0f rows/s%n",
                    rewrite ? 2 : 1, r.units(), rewrite ? ", reWriteBatchedInserts=true (multi-row INSERTs)" : "",
                    r.seconds(), r.rate());
            printCpu(cpu);
            summary.add(row(rewrite ? "c2 JDBC batch, rewritten" : "c1 JDBC batch inserts", r.rate(), "rows/s", cpu,
                    r.units()));
            jdbc.truncate();
        }

        resetStatements();
        AtomicLong statements = new AtomicLong();
        Meter.Phase phase = meter.start();
        JdbcBaselines.Result r = jdbc.serviceStatements("service statements", prepared.events(), settings.partitions(),
                settings.concurrency(), 500, statements);
        Thread.sleep(300);
        CpuMeter.Usage cpu = phase.end().usage();
        out.printf(Locale.ROOT, "  [c3] the service's statements for %,d events (InboundMessages.handle statement"
                        + " for statement: exists?, upsert conversation, open ticket, insert article, 2 updates, outbox"
                        + " inserts, welcome), one round trip each, 500 events per transaction, %d connections (one per"
                        + " listener thread, the same partitions): %.1f s = %,.0f events/s, %.1f statements per event%n",
                r.units(), settings.concurrency(), r.seconds(), r.rate(), (double) statements.get() / r.units());
        out.println("    " + statementTotals(JdbcBaselines.DATABASE, r.units()));
        printCpu(cpu);
        summary.add(row("c3 service's SQL, no service", r.rate(), "events/s", cpu, r.units()));
        Map<String, Long> rowsPerStatement = jdbc.counts();
        jdbc.truncate();

        jdbc.setBased("warm-up", prepared.events().subList(0, prepared.events().size() / 10), settings.partitions(),
                settings.concurrency(), 500, new AtomicLong());
        jdbc.truncate();
        AtomicLong setStatements = new AtomicLong();
        resetStatements();
        phase = meter.start();
        JdbcBaselines.Result set = jdbc.setBased("set-based", prepared.events(), settings.partitions(),
                settings.concurrency(), 500, setStatements);
        Thread.sleep(300);
        cpu = phase.end().usage();
        Map<String, Long> rowsSetBased = jdbc.counts();
        out.printf(Locale.ROOT, "  [c4] the same events, set-based (a prototype of the proposed change, in the driver: per"
                        + " batch of 500, one statement per step over arrays, e.g. one INSERT ... SELECT FROM unnest(...) for"
                        + " all articles), same connections and transactions: %.1f s = %,.0f events/s, %.1f statements per"
                        + " transaction of up to 500 events; rows %s %s%n", set.seconds(), set.rate(),
                (double) setStatements.get() / set.transactions(),
                rowsSetBased, rowsSetBased.equals(rowsPerStatement) ? "(the same as [c3]'s)" : "(NOT the same as [c3]'s: "
                        + rowsPerStatement + ")");
        out.println("    " + statementTotals(JdbcBaselines.DATABASE, set.units()));
        printCpu(cpu);
        summary.add(row("c4 set-based SQL (proposal)", set.rate(), "events/s", cpu, set.units()));
        postgres.dropDatabase(JdbcBaselines.DATABASE);
        postgres.execute("postgres", "checkpoint");
    }

    // ------------------------------------------------------------------------------------------------ (d)

    private void replay(String bootstrap, Admin admin, Path channelsFile, InboundEvents.Expectation expected)
            throws Exception {
        postgres.createDatabase(DATABASE);
        resetStatements();
        int port = Processes.freePort();
        Path jfr = settings.outDir().resolve("ticket-profile.jfr");
        Files.deleteIfExists(jfr);
        // ticket-service needs its media store to start (no file goes there in this run): S3Mock in this JVM.
        String jvmArgs = settings.serviceJvmArgs() + (settings.profile()
                ? " -XX:FlightRecorderOptions=stackdepth=256 -XX:StartFlightRecording=name=bench,settings=" + jfcSettings()
                : "") + S3TestServer.properties("ticket-bench").entrySet().stream()
                .map(e -> " -D" + e.getKey() + "=" + e.getValue()).sorted().collect(java.util.stream.Collectors.joining());
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SWITCHBOARD_DATABASE_URL", postgres.jdbcUrl(DATABASE));
        env.put("SWITCHBOARD_DATABASE_USERNAME", BenchPostgres.USER);
        env.put("SWITCHBOARD_DATABASE_PASSWORD", BenchPostgres.PASSWORD);
        env.put("SWITCHBOARD_KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        env.put("SWITCHBOARD_AGENT_API_TOKEN", "bench-agent-token");
        env.put("SPRING_CONFIG_ADDITIONAL_LOCATION", "file:" + channelsFile.toAbsolutePath());
        env.put("SERVER_PORT", String.valueOf(port));
        env.put("SWITCHBOARD_TICKET_CONCURRENCY", String.valueOf(settings.concurrency()));
        Path log = BenchRun.fresh(settings.outDir(), "ticket-service.log");

        long launched = System.nanoTime();
        service = Processes.launchService(settings.jar(), jvmArgs, env, log);
        targets.put(SERVICE, CpuMeter.Target.jvm(service.toHandle()));
        out.printf("%n[d] replay: java %s -jar %s (pid %d), database %s empty (Flyway creates the schema at start),"
                        + " %d listener threads (SWITCHBOARD_TICKET_CONCURRENCY), channels %s; log %s%n", jvmArgs,
                settings.jar().getFileName(), service.pid(), DATABASE, settings.concurrency(), channelsFile.getFileName(),
                log);

        // Wait until the consumer group has its partitions: the replay's clock starts there.
        double readyAt = Double.NaN;
        while (true) {
            if (!service.isAlive()) {
                throw new IllegalStateException("ticket-service exited with " + service.exitValue() + "; last lines of "
                        + log + ":\n" + Processes.tail(log, 40));
            }
            if (Double.isNaN(readyAt) && Processes.ready(port)) {
                readyAt = seconds(launched);
            }
            if (assigned(admin)) {
                break;
            }
            if (seconds(launched) > 240) {
                throw new IllegalStateException("the consumer group got no partitions in 240 s; see " + log);
            }
            Thread.sleep(100);
        }
        double assignedAt = seconds(launched);
        long t0 = System.nanoTime();
        // full Java thread names for the per-thread CPU figures (/proc cuts them to 15 characters)
        targets.get(SERVICE).names().putAll(Processes.javaThreadNames(service.pid()));
        out.printf(Locale.ROOT, "    the group %s has its partitions %.1f s after launch%s; the clock starts now%n", GROUP,
                assignedAt, Double.isNaN(readyAt) ? " (readiness not UP yet)" : String.format(Locale.ROOT,
                        " (readiness UP at %.1f s)", readyAt));

        List<Sample> samples = new ArrayList<>();
        Connection db = postgres.connect(DATABASE);
        long total = settings.events();
        long steadyMark = (long) Math.ceil(settings.steadyFrom() * total);
        Map<String, Double> metricsSteady = null;
        Map<String, Double> metricsEnd = null;
        int lastPrinted = 0;
        Sample lagZero = null;
        Sample done = null;
        long maxOutbox = 0;
        out.println("    progress (consumed = the group's committed offsets; ticket events = records on tickets.events.v1;"
                + " CPU in cores over the interval):");
        while (true) {
            Thread.sleep(settings.sampleMillis());
            if (!service.isAlive()) {
                throw new IllegalStateException("ticket-service exited with " + service.exitValue() + " during the"
                        + " replay; last lines of " + log + ":\n" + Processes.tail(log, 40));
            }
            Sample s = new Sample(seconds(t0), Instant.now(), committed(admin), BenchBroker.endOffsets(admin, Topics.TICKET_EVENTS.name()),
                    BenchBroker.endOffsets(admin, Topics.OUTBOUND_REQUESTS.name()), outbox(db), CpuMeter.snapshot(targets));
            samples.add(s);
            maxOutbox = Math.max(maxOutbox, s.outbox());
            if (Double.isNaN(readyAt) && Processes.ready(port)) {
                readyAt = seconds(launched);
            }
            if (metricsSteady == null && s.consumed() >= steadyMark) {
                metricsSteady = Processes.prometheus(port);
            }
            if (s.t() - (samples.size() > 1 ? samples.get(lastPrinted).t() : 0) >= settings.progressSeconds() - 0.05
                    || s.consumed() >= total) {
                Sample from = samples.size() > 1 && lastPrinted < samples.size() - 1 ? samples.get(lastPrinted) : null;
                progress(from, s, total);
                lastPrinted = samples.size() - 1;
            }
            if (lagZero == null && s.consumed() >= total) {
                lagZero = s;
                metricsEnd = Processes.prometheus(port);
            }
            if (lagZero != null && s.outbox() == 0) {
                done = s;
                break;
            }
            if (s.t() > settings.maxRunSeconds()) {
                out.printf("    STOPPED after %d s (bench.maxRunSeconds): %,d of %,d consumed%n", settings.maxRunSeconds(),
                        s.consumed(), total);
                break;
            }
        }
        db.close();
        if (settings.profile() && Processes.hasJdkTool("jcmd")) {
            Processes.jdkTool("jcmd", String.valueOf(service.pid()), "JFR.dump", "name=bench", "filename=" + jfr);
        }
        report(bootstrap, admin, samples, lagZero, done, maxOutbox, assignedAt, readyAt, steadyMark, metricsSteady,
                metricsEnd, expected, jfr);
    }

    /**
     * JFR's "profile" settings with the method samplers 5 x (Java) and 2 x (native) as often: the listener threads spend
     * most of their time in native code and the kernel, so at the default 10 ms / 20 ms a replay yields too few
     * samples of them. Falls back to plain "profile" if the JDK's file is not where expected.
     */
    private String jfcSettings() throws IOException {
        Path profile = Path.of(System.getProperty("java.home"), "lib", "jfr", "profile.jfc");
        if (!Files.isRegularFile(profile)) {
            return "profile";
        }
        String jfc = Files.readString(profile)
                .replace("control=\"method-sampling-java-interval\">10 ms<", "control=\"method-sampling-java-interval\">2 ms<")
                .replace("control=\"method-sampling-native-interval\">20 ms<", "control=\"method-sampling-native-interval\">10 ms<");
        Path custom = settings.outDir().resolve("bench-profile.jfc");
        Files.writeString(custom, jfc);
        return custom.toString();
    }

    private void progress(Sample from, Sample to, long total) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "    %6.1f s  consumed %,9d (%5.1f %%)",
                to.t(), to.consumed(), 100.0 * to.consumed() / total));
        if (from != null) {
            double dt = to.t() - from.t();
            CpuMeter.Usage cpu = CpuMeter.between(from.cpu(), to.cpu());
            line.append(String.format(Locale.ROOT, " %,7.0f/s | ticket events %,9d %,7.0f/s | outbox %,6d | CPU service %.2f"
                            + " (JIT %.2f) postgres %.2f broker %.2f else %.2f", (to.consumed() - from.consumed()) / dt,
                    to.ticketEvents(), (to.ticketEvents() - from.ticketEvents()) / dt, to.outbox(), cpu.cores(SERVICE),
                    cpu.part(SERVICE, "C2 CompilerThre") + cpu.part(SERVICE, "C1 CompilerThre"), cpu.cores(POSTGRES),
                    cpu.cores(BROKER), cpu.otherCores() + cpu.cores(DRIVER)));
        }
        out.println(line);
    }

    private void report(String bootstrap, Admin admin, List<Sample> samples, Sample lagZero, Sample done, long maxOutbox, double assignedAt,
                        double readyAt, long steadyMark, Map<String, Double> metricsSteady, Map<String, Double> metricsEnd,
                        InboundEvents.Expectation expected, Path jfr) throws Exception {
        long total = settings.events();
        if (lagZero == null || done == null) {
            out.println("    the replay did not finish: no rate to report");
            return;
        }
        double steadyStart = crossing(samples, steadyMark);
        Sample steadyFrom = samples.stream().filter(s -> s.consumed() >= steadyMark).findFirst().orElse(lagZero);
        Sample cpuFrom = samples.get(0);
        CpuMeter.Usage whole = CpuMeter.between(cpuFrom.cpu(), done.cpu());
        CpuMeter.Usage steady = CpuMeter.between(steadyFrom.cpu(), lagZero.cpu());
        double consumeRate = total / crossing(samples, total);
        double doneRate = total / done.t();
        double steadyRate = (total - steadyMark) / (crossing(samples, total) - steadyStart);
        double steadyEvents = (lagZero.ticketEvents() - steadyFrom.ticketEvents()) / (lagZero.t() - steadyFrom.t());

        out.printf(Locale.ROOT, "%n    launch -> partitions assigned %.1f s (readiness UP at %.1f s); then lag 0 after %.1f s,"
                        + " outbox empty after %.1f s (the most it held: %,d rows)%n", assignedAt, readyAt,
                crossing(samples, total), done.t(), maxOutbox);
        out.printf(Locale.ROOT, "    whole replay (cold JVM, JIT compiling, an empty database filling): %,.0f events/s to lag 0,"
                + " %,.0f events/s to the outbox drained%n", consumeRate, doneRate);
        out.printf(Locale.ROOT, "    steady state, the last %.0f %% of the events (from %.1f s to %.1f s): %,.0f events/s;"
                        + " the relay published %,.0f ticket events/s meanwhile%n", 100 * (1 - settings.steadyFrom()),
                steadyStart, crossing(samples, total), steadyRate, steadyEvents);
        out.println("    CPU over the whole replay:");
        printCpu(whole);
        out.println("    CPU in the steady state:");
        printCpu(steady);
        listenerThreads(steady);
        serviceMetrics(metricsSteady, metricsEnd, total - steadyMark, lagZero.t() - steadyFrom.t());

        // ---------------------------------------------------------------------------------------- (e) checks
        out.printf("%n[e] what the service wrote, against what the events imply:%n");
        long conversations = postgres.count(DATABASE, "select count(*) from conversation");
        long tickets = postgres.count(DATABASE, "select count(*) from ticket");
        long inbound = postgres.count(DATABASE, "select count(*) from article where direction = 'inbound'");
        long outbound = postgres.count(DATABASE, "select count(*) from article where direction = 'outbound'");
        long reactions = postgres.count(DATABASE, "select count(*) from reaction");
        long outboxRows = postgres.count(DATABASE, "select count(*) from outbox");
        long optedOut = postgres.count(DATABASE, "select count(*) from conversation where opted_out");
        long ticketEvents = BenchBroker.endOffsets(admin, Topics.TICKET_EVENTS.name());
        long requests = BenchBroker.endOffsets(admin, Topics.OUTBOUND_REQUESTS.name());
        long deadLetters = BenchBroker.endOffsets(admin, Topics.INBOUND_MESSAGES.deadLetterTopic());
        boolean exact = conversations == expected.conversations && tickets == expected.tickets()
                && inbound == expected.inboundArticles && outbound == expected.welcomes
                && reactions == expected.reactionRows() && outboxRows == 0 && deadLetters == 0;
        out.printf(Locale.ROOT, "    rows: conversation %,d (expected %,d), ticket %,d (%,d), article inbound %,d (%,d),"
                        + " outbound %,d (%,d), reaction %,d (%,d), outbox %,d (0); %,d conversations opted out%n",
                conversations, expected.conversations, tickets, expected.tickets(), inbound, expected.inboundArticles,
                outbound, expected.welcomes, reactions, expected.reactionRows(), outboxRows, optedOut);
        out.printf(Locale.ROOT, "    Kafka: tickets.events.v1 %,d records (expected %,d; more means a relay batch was sent"
                        + " twice), whatsapp.outbound.requests.v1 %,d (%,d), %s %,d%n", ticketEvents,
                expected.ticketEvents(), requests, expected.outboundRequests(), Topics.INBOUND_MESSAGES.deadLetterTopic(),
                deadLetters);
        TopicCheck.Result published = TopicCheck.read(bootstrap);
        Set<Long> articleIds = new HashSet<>();
        for (List<String> r : postgres.query(DATABASE, "select id from article")) {
            articleIds.add(Long.parseLong(r.get(0)));
        }
        List<Long> unannounced = articleIds.stream().filter(id -> !published.articlesWithEvent().contains(id)).sorted().toList();
        List<String> unsent = postgres.query(DATABASE, "select request_id from article where direction = 'outbound'").stream()
                .map(r -> r.get(0)).filter(id -> !published.requestIds().contains(id)).toList();
        out.printf(Locale.ROOT, "    read back: %,d ticket events (%,d distinct event ids: %,d published twice) %s; %,d outbound"
                        + " requests (%,d distinct)%n", published.ticketEvents(), published.distinctTicketEvents(),
                published.ticketEvents() - published.distinctTicketEvents(), published.byType(), published.requests(),
                published.requestIds().size());
        boolean complete = unannounced.isEmpty() && unsent.isEmpty();
        if (!complete) {
            out.printf(Locale.ROOT, "    LOST: %,d articles have no ARTICLE_ADDED event on tickets.events.v1 (e.g. article ids %s)"
                            + " and %,d welcome messages no outbound request, although the outbox is empty: their outbox"
                            + " rows were deleted without being published%n", unannounced.size(),
                    unannounced.stream().limit(8).map(String::valueOf).collect(Collectors.joining(", ")), unsent.size());
        }
        out.println("    check: " + (exact && complete && ticketEvents >= expected.ticketEvents()
                && requests >= expected.outboundRequests()
                ? "OK, every row and record is there, nothing extra, no dead letters" : "MISMATCH (see above)"));

        databaseStatistics(total);

        if (settings.profile() && Files.isRegularFile(jfr)) {
            out.printf(Locale.ROOT, "%n[f] profile of the service in the steady state (JFR, settings=profile with the method"
                    + " samplers at 2 ms / 10 ms, recording since launch; only the samples from %.1f s to %.1f s are read):%n",
                    steadyFrom.t(), lagZero.t());
            TicketProfile.REPORT.print(jfr, steadyFrom.at(), lagZero.at(), out, 25);
            out.println("  the recording: " + jfr + " (JDK Mission Control, or jfr print --events jdk.ExecutionSample)");
        }

        summary.add(row("d  service, whole replay", doneRate, "events/s", whole, total));
        summary.add(row("d  service, steady state", steadyRate, "events/s", steady, total - steadyMark));
        printSummary(steadyRate, doneRate, steady);
    }

    /** The listener threads: on a CPU, waiting for one, or blocked (mostly on PostgreSQL's and Kafka's answers). */
    private void listenerThreads(CpuMeter.Usage usage) {
        double cpu = usage.part(SERVICE, LISTENER);
        double queued = usage.waitingForCpu(SERVICE, LISTENER);
        int threads = settings.concurrency();
        out.printf(Locale.ROOT, "    the %d listener threads (%s*-C-1), on average in the steady state: %.2f on a CPU"
                        + " (%.2f of it in the kernel), %.2f runnable but waiting for a CPU, %.2f blocked (waiting for"
                        + " PostgreSQL or the broker)%n", threads, LISTENER, cpu, usage.kernel(SERVICE, LISTENER), queued,
                Math.max(0, threads - cpu - queued));
        out.printf(Locale.ROOT, "    PostgreSQL's backends for the service's database: %.2f cores (%.2f of it in the kernel)%n",
                usage.part(POSTGRES, "backend " + DATABASE), usage.kernel(POSTGRES, "backend " + DATABASE));
        out.printf(Locale.ROOT, "    outbox relay thread: %.2f on a CPU, %.2f waiting for one; Kafka producer I/O %.2f%n",
                usage.part(SERVICE, "outbox-relay"), usage.waitingForCpu(SERVICE, "outbox-relay"),
                usage.part(SERVICE, "kafka-producer"));
    }

    private void serviceMetrics(Map<String, Double> a, Map<String, Double> b, long events, double wall) {
        if (a == null || b == null || a.isEmpty() || b.isEmpty()) {
            return;
        }
        double allocated = delta(a, b, "jvm_gc_memory_allocated_bytes_total");
        double batches = delta(a, b, "spring_kafka_listener_seconds_count");
        double listenerSeconds = delta(a, b, "spring_kafka_listener_seconds_sum");
        double published = delta(a, b, "switchboard_outbox_published_total");
        out.printf(Locale.ROOT, "    service JVM in the steady state: %s, %.1f KB per event%n", BenchRun.gc(a, b, wall),
                allocated / 1024 / events);
        if (!Double.isNaN(batches) && batches > 0) {
            out.printf(Locale.ROOT, "    listener batches (spring.kafka.listener, all three listeners): %,.0f, mean %.1f ms"
                            + " each, %.0f events per batch on average, %.2f ms of listener time per event%n", batches,
                    listenerSeconds * 1000 / batches, events / batches, listenerSeconds * 1000 / events);
        }
        if (!Double.isNaN(published)) {
            out.printf(Locale.ROOT, "    outbox relay: %,.0f records published (switchboard.outbox.published), %,.0f/s%n",
                    published, published / wall);
        }
    }

    /** pg_stat_statements and pg_stat_wal over the replay (reset when the service's database was created). */
    private void databaseStatistics(long events) throws SQLException {
        List<List<String>> rows = postgres.query("postgres", """
                select s.calls, s.total_exec_time, s.rows, regexp_replace(s.query, '\\s+', ' ', 'g')
                from pg_stat_statements s join pg_database d on d.oid = s.dbid
                where d.datname = '%s' order by s.calls desc limit 20
                """.formatted(DATABASE));
        long calls = 0;
        double execMs = 0;
        for (List<String> r : postgres.query("postgres", """
                select coalesce(sum(s.calls), 0), coalesce(sum(s.total_exec_time), 0)
                from pg_stat_statements s join pg_database d on d.oid = s.dbid where d.datname = '%s'
                """.formatted(DATABASE))) {
            calls = Long.parseLong(r.get(0));
            execMs = Double.parseDouble(r.get(1));
        }
        out.printf(Locale.ROOT, "%n    PostgreSQL, the service's database over the whole replay (pg_stat_statements): %,d"
                        + " statements = %.1f per event; %.1f s of execution in all = %.0f us per event (execution only:"
                        + " not parse/bind, network, commit)%n", calls, (double) calls / events, execMs / 1000,
                execMs * 1000 / events);
        out.println("      calls/event   mean us   total s   statement");
        for (List<String> r : rows) {
            long c = Long.parseLong(r.get(0));
            double ms = Double.parseDouble(r.get(1));
            String q = r.get(3);
            out.printf(Locale.ROOT, "      %11.2f %9.1f %9.2f   %s%n", (double) c / events, ms * 1000 / c, ms / 1000,
                    q.length() > 110 ? q.substring(0, 110) + "..." : q);
        }
        for (List<String> r : postgres.query(DATABASE, """
                select xact_commit, xact_rollback, blks_hit, blks_read, tup_inserted, tup_updated, tup_deleted
                from pg_stat_database where datname = current_database()
                """)) {
            out.printf(Locale.ROOT, "    transactions committed %,d (%.1f events each), rolled back %,d; tuples inserted %,d,"
                            + " updated %,d, deleted %,d; blocks hit %,d, read %,d%n", Long.parseLong(r.get(0)),
                    events / Math.max(1.0, Long.parseLong(r.get(0))), Long.parseLong(r.get(1)), Long.parseLong(r.get(4)),
                    Long.parseLong(r.get(5)), Long.parseLong(r.get(6)), Long.parseLong(r.get(2)), Long.parseLong(r.get(3)));
        }
        for (List<String> r : postgres.query("postgres",
                "select wal_records, wal_fpi, wal_bytes, wal_write, wal_sync, wal_write_time, wal_sync_time from pg_stat_wal")) {
            long sync = Long.parseLong(r.get(4));
            double syncMs = Double.parseDouble(r.get(6));
            out.printf(Locale.ROOT, "    WAL (whole server, since the replay began): %,d records, %,d full-page images, %.0f MB;"
                            + " %,d writes, %,d flushes (fsync: %.2f ms each on average, %.1f s in all)%n",
                    Long.parseLong(r.get(0)), Long.parseLong(r.get(1)), Double.parseDouble(r.get(2)) / 1e6,
                    Long.parseLong(r.get(3)), sync, sync == 0 ? 0 : syncMs / sync, syncMs / 1000);
        }
    }

    /** Statements and their execution time in a database since the last reset (pg_stat_statements), per event. */
    private String statementTotals(String database, long events) throws SQLException {
        List<String> r = postgres.query("postgres", """
                select coalesce(sum(s.calls), 0), coalesce(sum(s.total_exec_time), 0)
                from pg_stat_statements s join pg_database d on d.oid = s.dbid where d.datname = '%s'
                """.formatted(database)).get(0);
        return String.format(Locale.ROOT, "PostgreSQL (pg_stat_statements): %.2f statements per event, %.0f us of execution"
                + " per event", Long.parseLong(r.get(0)) / (double) events, Double.parseDouble(r.get(1)) * 1000 / events);
    }

    private void resetStatements() throws SQLException {
        postgres.execute("postgres", "create extension if not exists pg_stat_statements",
                "select pg_stat_statements_reset()", "select pg_stat_reset_shared('wal')");
    }

    // ------------------------------------------------------------------------------------------------ output

    private String[] row(String phase, double rate, String unit, CpuMeter.Usage cpu, long units) {
        return new String[] {phase, String.format(Locale.ROOT, "%,.0f", rate), unit,
                fmt(cpu.cores(SERVICE)), fmt(cpu.cores(POSTGRES)), fmt(cpu.cores(BROKER)), fmt(cpu.cores(DRIVER)),
                fmt(cpu.otherCores()),
                String.format(Locale.ROOT, "%.0f", 1e6 * cpu.wallSeconds() * sumCores(cpu) / units)};
    }

    private static double sumCores(CpuMeter.Usage cpu) {
        return cpu.processCores().values().stream().filter(v -> !Double.isNaN(v)).mapToDouble(Double::doubleValue).sum();
    }

    private static String fmt(double cores) {
        return Double.isNaN(cores) ? "-" : String.format(Locale.ROOT, "%.2f", cores);
    }

    private void printSummary(double steadyRate, double doneRate, CpuMeter.Usage steady) {
        out.printf("%n== Summary, %s: %d cores shared by broker, PostgreSQL, service and driver. Absolute figures drift"
                        + " with whatever else runs on the machine (\"else\"). ==%n",
                ZonedDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE), Runtime.getRuntime().availableProcessors());
        out.printf("%-31s %9s %-10s | %7s %8s %6s %6s %5s | %s%n", "phase", "rate", "", "service", "postgres", "broker",
                "driver", "else", "CPU us per unit (ours)");
        for (String[] r : summary) {
            out.printf("%-31s %9s %-10s | %7s %8s %6s %6s %5s | %s%n", (Object[]) r);
        }
        double perEvent = 1e6 * (steady.cores(SERVICE) + steady.cores(POSTGRES) + steady.cores(BROKER)) / steadyRate;
        out.printf(Locale.ROOT, "steady state: %.0f us of CPU per event (service %.0f, PostgreSQL %.0f, broker %.0f): 2 cores"
                        + " would allow at most %,.0f events/s if nothing waited and nothing else ran%n", perEvent,
                1e6 * steady.cores(SERVICE) / steadyRate, 1e6 * steady.cores(POSTGRES) / steadyRate,
                1e6 * steady.cores(BROKER) / steadyRate, 2e6 / perEvent);
        out.printf(Locale.ROOT, "goal >= 5,000 events/s: %s (steady state %,.0f events/s; whole replay %,.0f events/s)%n",
                steadyRate >= 5000 ? "REACHED" : "NOT REACHED", steadyRate, doneRate);
    }

    private void printCpu(CpuMeter.Usage cpu) {
        out.println(BenchRun.cpuLine(cpu).append(String.format(Locale.ROOT, " (%.1f s)", cpu.wallSeconds())));
        for (String process : List.of(SERVICE, POSTGRES, BROKER)) {
            Map<String, Double> parts = cpu.partCores().getOrDefault(process, Map.of());
            if (!parts.isEmpty() && cpu.cores(process) >= 0.05) {
                out.printf("      %s: %s%n", process, top(parts, 8));
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ Kafka

    private static boolean assigned(Admin admin) {
        try {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(GROUP)).all().get(5, TimeUnit.SECONDS)
                    .get(GROUP);
            return group != null && group.members().stream()
                    .anyMatch(m -> m.assignment() != null && !m.assignment().topicPartitions().isEmpty());
        } catch (Exception e) {
            return false;
        }
    }

    private static long committed(Admin admin) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(GROUP)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        return offsets.entrySet().stream()
                .filter(e -> e.getKey().topic().equals(Topics.INBOUND_MESSAGES.name()) && e.getValue() != null)
                .mapToLong(e -> e.getValue().offset()).sum();
    }

    private static long outbox(Connection db) {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("select count(*) from outbox")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return -1; // not migrated yet
        }
    }

    /** When the consumed count crossed {@code mark}, interpolated between samples (seconds since the clock started). */
    private static double crossing(List<Sample> samples, long mark) {
        Sample before = null;
        for (Sample s : samples) {
            if (s.consumed() >= mark) {
                if (before == null || s.consumed() == before.consumed()) {
                    return s.t();
                }
                return before.t() + (s.t() - before.t()) * (mark - before.consumed()) / (s.consumed() - before.consumed());
            }
            before = s;
        }
        return Double.NaN;
    }

    // ------------------------------------------------------------------------------------------------ helpers

    @Override
    public void stopAll() {
        Processes.stop(service, Duration.ofSeconds(30));
        Processes.stopChild(broker);
        BenchRun.closeQuietly(postgres);
    }
}
