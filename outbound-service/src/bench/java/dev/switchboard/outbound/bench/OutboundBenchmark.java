package dev.switchboard.outbound.bench;

import static dev.switchboard.bench.BenchRun.BROKER;
import static dev.switchboard.bench.BenchRun.POSTGRES;
import static dev.switchboard.bench.BenchRun.SERVICE;
import static dev.switchboard.bench.BenchRun.delta;
import static dev.switchboard.bench.BenchRun.integer;
import static dev.switchboard.bench.BenchRun.seconds;
import static dev.switchboard.bench.BenchRun.settle;
import static dev.switchboard.bench.BenchRun.top;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import dev.switchboard.bench.BenchBroker;
import dev.switchboard.bench.BenchPostgres;
import dev.switchboard.bench.BenchRun;
import dev.switchboard.bench.CpuMeter;
import dev.switchboard.bench.JfrReport;
import dev.switchboard.bench.Processes;
import dev.switchboard.events.OutboundKind;
import dev.switchboard.outbound.pacing.Pace;
import dev.switchboard.outbound.queue.SendQueue;

/**
 * The outbound-service benchmark (outbound-service/README.md, "Benchmark"). On this machine, each in processes of its
 * own: a real KRaft broker ({@link BenchBroker}), a real PostgreSQL ({@link BenchPostgres}), the service as deployed
 * ({@code java -jar}); and this driver, which produces the requests, runs the stub Graph API ({@link StubGraph}) and
 * reads the results ({@link ResultsTail}).
 *
 * <p>Phases: warm-up; (a) 80/s and (b) 1,000/s: a backlog for more than a minute put on the requests topic at once,
 * the rate at which sends reach the stub over 60 s of steady state; (c) a 1,000/s channel whose sends are answered
 * 130429 one time in five: every request accepted exactly once, and the effective throughput; (d) the latency a send
 * adds, at 20/s, with its baselines interleaved; (f) optionally a JFR profile of the 1,000/s case. Then a summary.
 *
 * <p>Settings are system properties {@code bench.*} (see {@link Settings}); the Maven {@code bench} profile passes them
 * on.
 */
public final class OutboundBenchmark implements BenchRun.Benchmark {

    private static final String DRIVER = "driver+stub";
    private static final String DATABASE = "switchboard_outbound";

    private OutboundBenchmark(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    /** A benchmark channel: its id, the phone number id it sends from (how the stub tells channels apart), its limit. */
    record Channel(String id, String phoneNumberId, int throughput) {
        double paceRate() {
            return Pace.effectiveRate(throughput);
        }
    }

    static final Channel WARMUP = new Channel("bench-warmup", "1000000001", 1000);
    static final Channel C80 = new Channel("bench-80", "1000000080", 80);
    static final Channel C1000 = new Channel("bench-1000", "1000001000", 1000);
    static final Channel ERRORS = new Channel("bench-130429", "1000130429", 1000);
    static final Channel LATENCY = new Channel("bench-latency", "1000000020", 1000);
    static final Channel FLOW = new Channel("bench-1000-offered", "1000002000", 1000);
    static final Channel PROFILE = new Channel("bench-profile", "1000000099", 1000);
    static final List<Channel> CHANNELS = List.of(WARMUP, C80, C1000, FLOW, ERRORS, LATENCY, PROFILE);

    record Settings(Path jar, Path outDir, int warmupSeconds, int warmupMaxSeconds, int warmupRate, int requests80,
                    int requests1000, int windowSeconds, int skipSeconds, int errorRequests, double errorFraction,
                    int errorMaxSeconds, int latencyRate, int latencySeconds, boolean profile, int profileSeconds,
                    int partitions, int stubThreads, String serviceJvmArgs, String brokerJvmArgs, boolean analyze,
                    String throughputPause, String phases) implements BenchRun.Settings {

        static Settings fromSystemProperties() {
            return new Settings(
                    Path.of(System.getProperty("bench.jar", "outbound-service/target/outbound-service-0.1.0-SNAPSHOT.jar")).toAbsolutePath(),
                    Path.of(System.getProperty("bench.outDir", "outbound-service/target/bench")).toAbsolutePath(),
                    integer("bench.warmupSeconds", 30), integer("bench.warmupMaxSeconds", 90),
                    integer("bench.warmupRate", 250), integer("bench.requests80", 6000),
                    integer("bench.requests1000", 72_000), integer("bench.windowSeconds", 60),
                    integer("bench.skipSeconds", 5), integer("bench.errorRequests", 1000),
                    Double.parseDouble(System.getProperty("bench.errorFraction", "0.2")),
                    integer("bench.errorMaxSeconds", 300), integer("bench.latencyRate", 20),
                    integer("bench.latencySeconds", 45),
                    Boolean.parseBoolean(System.getProperty("bench.profile", "true")),
                    integer("bench.profileSeconds", 20),
                    integer("bench.partitions", 6), integer("bench.stubThreads", 8),
                    System.getProperty("bench.serviceJvmArgs", "-Xms512m -Xmx512m"),
                    System.getProperty("bench.brokerJvmArgs",
                            "-Xms1g -Xmx1g -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35"),
                    Boolean.parseBoolean(System.getProperty("bench.analyze", "false")),
                    // the service's default (switchboard.outbound.throughput-pause), given explicitly so it is printed
                    System.getProperty("bench.throughputPause", "1s"),
                    // the phases to run, in this order; a letter given twice runs that phase twice (e.g. "abbb")
                    System.getProperty("bench.phases", "abecd").trim());
        }
    }

    /** What (a) and (b) measured. */
    record RateRow(String phase, Channel channel, int requests, double achieved, double windowSeconds, boolean ranDry,
                   int maxAnySecond, int maxAnySecondInWindow, int minSecond, int maxSecond, double overall,
                   Check check, CpuMeter.Usage cpu) {
        double deviation() {
            return (achieved - channel.throughput()) / channel.throughput();
        }

        boolean withinGoal() {
            return Math.abs(deviation()) <= 0.02 && !ranDry;
        }
    }

    /**
     * The exactly-once check of a set of requests, at the stub and on the results topic. {@code done}: requests with a
     * result; {@code unfinished}: without one when the phase ended ({@code acceptedNoResult} of them accepted by the
     * stub: in flight when a phase was cut short, or lost).
     */
    record Check(int requests, int done, int stubOnce, int stubMoreThanOnce, int resultRepublished, int resultConflicting,
                 int notAccepted, int wamidMismatch, int unfinished, int acceptedNoResult, List<String> examples) {
        boolean exactlyOnce() {
            return stubMoreThanOnce == 0 && resultConflicting == 0 && notAccepted == 0 && wamidMismatch == 0
                    && stubOnce == done && unfinished == 0;
        }

        /** Exactly once for every request that finished; the others were cut short, not lost or doubled. */
        boolean exactlyOnceSoFar() {
            return stubMoreThanOnce == 0 && resultConflicting == 0 && notAccepted == 0 && wamidMismatch == 0
                    && stubOnce == done;
        }

        String verdict() {
            return exactlyOnce() ? "OK" : exactlyOnceSoFar() ? "OK for the " + String.format(Locale.ROOT, "%,d", done)
                    + " finished" : "NOT OK";
        }

        String describe() {
            return String.format(Locale.ROOT, "%,d requests, %,d with a result: accepted by the stub exactly once %,d;"
                            + " accepted more than once %d; one result each, republished %d, conflicting results %d; results"
                            + " not ACCEPTED %d; wamid differs from the stub's %d%s%s", requests, done, stubOnce,
                    stubMoreThanOnce, resultRepublished, resultConflicting, notAccepted, wamidMismatch,
                    unfinished == 0 ? "" : String.format(Locale.ROOT, "; %,d without a result when the phase ended (%,d of"
                            + " them accepted by the stub, in flight at the clean-up)", unfinished, acceptedNoResult),
                    examples.isEmpty() ? "" : "; e.g. " + examples);
        }
    }

    private final Settings settings;
    private PrintStream out;
    private final Map<String, CpuMeter.Target> targets = new LinkedHashMap<>();
    private final List<RateRow> rateRows = new ArrayList<>();
    private final List<String> summaryLines = new ArrayList<>();
    private final Map<String, CpuMeter.Usage> phaseCpu = new LinkedHashMap<>();
    private Check errorsCheck;

    private volatile Process broker;
    private volatile Process service;
    private volatile BenchPostgres postgres;
    private volatile StubGraph stub;
    private int port;
    private Requests requests;
    private ResultsTail results;

    public static void main(String[] args) throws Exception {
        BenchRun.main(Settings.fromSystemProperties(), OutboundBenchmark::new);
    }

    @Override
    public void run() throws Exception {
        BenchRun.begin(out, "outbound-service", "broker, PostgreSQL, service and driver", settings.jar(), DRIVER);

        // ---------------------------------------------------------------------------------------------- set-up
        long began = System.nanoTime();
        List<String> topics = new ArrayList<>(BenchBroker.switchboardTopics(settings.partitions(), true));
        LatencyPhase.BASELINE_TOPICS.forEach(name -> topics.add(BenchBroker.topic(name, 1, null)));
        Processes.Started started = BenchBroker.start(topics, settings.brokerJvmArgs(),
                BenchRun.fresh(settings.outDir(), "broker.log"));
        broker = started.process();
        String bootstrap = started.value();
        out.printf("broker: KRaft, own JVM (%s; pid %d), %s, %d partitions per topic, ready in %.1f s%n",
                settings.brokerJvmArgs(), broker.pid(), bootstrap, settings.partitions(), seconds(began));

        began = System.nanoTime();
        postgres = BenchPostgres.start(settings.outDir().resolve("pgdata"), Map.of(),
                BenchRun.fresh(settings.outDir(), "postgres.log"));
        postgres.createDatabase(DATABASE);
        postgres.execute("postgres", "create extension if not exists pg_stat_statements");
        Map<String, String> pg = postgres.settings();
        out.printf("postgres: PostgreSQL %s (zonky's embedded binaries, own processes, postmaster pid %d), ready in %.1f s;"
                        + " fsync %s, synchronous_commit %s, wal_sync_method %s, shared_buffers %s; data on %s%n",
                pg.get("server_version"), postgres.postmasterPid(), seconds(began), pg.get("fsync"),
                pg.get("synchronous_commit"), pg.get("wal_sync_method"), pg.get("shared_buffers"), postgres.filesystem());

        stub = new StubGraph(settings.stubThreads());
        out.printf("stub Graph API: JDK HttpServer in the driver's JVM, %d threads, %s; answers 200 with a wamid, or"
                + " 400 with error 130429 for the channel of phase (c)%n", settings.stubThreads(), stub.baseUrl());

        Path channelsFile = settings.outDir().resolve("bench-channels.yml");
        Files.writeString(channelsFile, channelsYaml());
        port = Processes.freePort();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SWITCHBOARD_KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        env.put("SWITCHBOARD_DATABASE_URL", postgres.jdbcUrl(DATABASE));
        env.put("SWITCHBOARD_DATABASE_USERNAME", BenchPostgres.USER);
        env.put("SWITCHBOARD_DATABASE_PASSWORD", BenchPostgres.PASSWORD);
        env.put("SWITCHBOARD_GRAPH_BASE_URL", stub.baseUrl());
        env.put("SPRING_CONFIG_ADDITIONAL_LOCATION", "file:" + channelsFile);
        env.put("SWITCHBOARD_OUTBOUND_GROUP_PREFIX", "bench");
        env.put("SWITCHBOARD_OUTBOUND_THROUGHPUTPAUSE", settings.throughputPause());
        // With profiling on, JFR is initialised at start-up by a 1 s recording: JFR instruments some JDK classes when it
        // first starts, which throws compiled code away; done later, it would disturb the measured phases.
        String serviceArgs = settings.serviceJvmArgs() + (settings.profile()
                ? " -XX:FlightRecorderOptions=stackdepth=256 -XX:StartFlightRecording=duration=1s,filename="
                        + settings.outDir().resolve("jfr-startup.jfr")
                : "");
        began = System.nanoTime();
        service = Processes.startService(settings.jar(), serviceArgs, env, port,
                BenchRun.fresh(settings.outDir(), "outbound.log"));
        out.printf("service: java %s -jar %s (pid %d), port %d, ready in %.1f s; %d Meta channels (%s), tier unlimited"
                        + " (log: %s)%n", serviceArgs, settings.jar().getFileName(), service.pid(), port, seconds(began),
                CHANNELS.size(), CHANNELS.stream().map(c -> c.id() + " " + c.throughput() + "/s").collect(Collectors.joining(", ")),
                settings.outDir().resolve("outbound.log"));

        targets.put(SERVICE, CpuMeter.Target.jvm(service.pid()));
        targets.put(POSTGRES, CpuMeter.Target.tree(postgres.postmasterPid()));
        targets.put(BROKER, CpuMeter.Target.jvm(broker.pid()));
        targets.put(DRIVER, CpuMeter.Target.jvm(ProcessHandle.current().pid()));

        requests = new Requests(bootstrap);
        results = new ResultsTail(bootstrap);
        sanityCheck();

        warmUp();
        for (char phase : settings.phases().toCharArray()) {
            settle();
            switch (phase) {
                case 'a' -> ratePhase("a", C80, settings.requests80(), false);
                case 'b' -> {
                    pgStatementsReset();
                    ratePhase("b", C1000, settings.requests1000(), settings.profile());
                    pgStatementsReport();
                }
                case 'e' -> ratePhase("e", FLOW, 0, false);
                case 'c' -> errorsPhase();
                case 'd' -> latencyPhase(bootstrap);
                default -> throw new IllegalArgumentException("bench.phases: no phase '" + phase + "' (a, b, c, d, e)");
            }
        }
        if (settings.profile()) {
            settle();
            profilePhase();
        }
        summary();
    }

    // ------------------------------------------------------------------------------------------------ phases

    private void sanityCheck() throws Exception {
        // One request per channel: the consumer group has formed, every dispatcher runs, the stub answers.
        List<String> ids = new ArrayList<>();
        for (Channel channel : CHANNELS) {
            ids.addAll(requests.bulk(channel.id(), OutboundKind.AGENT_REPLY, 1));
        }
        if (!waitUntil(() -> results.resolved(ids) == ids.size(), Duration.ofSeconds(120))) {
            throw new IllegalStateException("sanity check: " + results.resolved(ids) + " of " + ids.size()
                    + " requests got a result within 120 s; last lines of the service log:\n"
                    + Processes.tail(settings.outDir().resolve("outbound.log"), 30));
        }
        Check check = check(ids, List.of());
        out.printf("sanity check: one request per channel, each accepted once with one result: %s%n",
                check.exactlyOnce() ? "OK" : "NOT OK: " + check.describe());
    }

    /**
     * Warm-up: requests at {@code warmupRate}/s on their own channel, open loop, for at least {@code warmupSeconds},
     * then until the service's JIT compilers have (almost) nothing left to do, at most {@code warmupMaxSeconds}.
     */
    private void warmUp() throws Exception {
        long began = System.nanoTime();
        List<String> ids = new ArrayList<>();
        double jit;
        long perTick = Math.max(1, settings.warmupRate() / 50);
        long tickNanos = (long) (1e9 * perTick / settings.warmupRate());
        long next = System.nanoTime();
        while (true) {
            CpuMeter.Snapshot before = CpuMeter.snapshot(targets);
            long chunkEnd = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < chunkEnd) {
                for (int i = 0; i < perTick; i++) {
                    var request = Requests.request(WARMUP.id(), OutboundKind.NOTIFICATION);
                    ids.add(request.getRequestId());
                    requests.send(request);
                }
                next += tickNanos;
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                    Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                }
            }
            jit = BenchRun.compilerCores(CpuMeter.between(before, CpuMeter.snapshot(targets)), SERVICE);
            double elapsed = seconds(began);
            if (elapsed >= settings.warmupMaxSeconds() || (elapsed >= settings.warmupSeconds() && jit < 0.05)) {
                break;
            }
        }
        requests.flush();
        double elapsed = seconds(began);
        boolean drained = waitUntil(() -> results.resolved(ids) == ids.size(), Duration.ofSeconds(90));
        out.printf(Locale.ROOT, "%n[warm-up] not measured: %.0f s of requests at %d/s on %s (%,d requests, %s); the"
                        + " service's JIT compilers at the end: %.2f cores%s%n", elapsed, settings.warmupRate(), WARMUP.id(),
                ids.size(), drained ? "all with their result" : results.resolved(ids) + " with a result",
                jit, jit >= 0.05 ? " (still compiling: raise -Dbench.warmupMaxSeconds)" : " (settled)");
    }

    /**
     * (a), (b), (e): the rate at which sends reach the stub over {@code windowSeconds}, from {@code skipSeconds} after
     * the first send on; every request accepted exactly once. {@code backlog > 0}: that many requests put on the
     * requests topic at once (a, b); otherwise requests offered at the channel's limit, open loop, for the window and
     * a little more (e). With {@code profile}, a JFR recording follows the window (when a backlog is left).
     */
    private void ratePhase(String letter, Channel channel, int backlog, boolean profile) throws Exception {
        boolean offered = backlog <= 0;
        String label = String.format(Locale.ROOT, "%s  %,d/s, %s", letter, channel.throughput(), offered ? "offered" : "backlog");
        int before = stub.count(channel.phoneNumberId());
        Instant produceBeganAt = Instant.now();
        long produceBegan = System.nanoTime();
        OpenLoop loop = null;
        List<String> backlogIds = List.of();
        if (offered) {
            loop = new OpenLoop(requests, channel.id(), OutboundKind.NOTIFICATION, channel.throughput());
        } else {
            backlogIds = requests.bulk(channel.id(), OutboundKind.NOTIFICATION, backlog);
        }
        double produceSeconds = seconds(produceBegan);
        String analyzed = "";
        if (settings.analyze()) {
            // What-if, not what the service does: fresh planner statistics once the phase's requests are in the table.
            int enough = offered ? 2000 : Math.min(2000, backlog);
            waitUntil(() -> intake(channel.id(), produceBeganAt)[0] >= enough, Duration.ofSeconds(120));
            postgres.execute(DATABASE, "analyze send_request");
            analyzed = String.format(Locale.ROOT, "    -Dbench.analyze=true: the driver ran ANALYZE send_request %.1f s after"
                    + " the produce began, with %,d of the phase's requests queued%n", seconds(produceBegan), enough);
        }
        if (!waitUntil(() -> stub.count(channel.phoneNumberId()) > before, Duration.ofSeconds(60))) {
            throw new IllegalStateException("(" + letter + ") no send reached the stub within 60 s");
        }
        long first = stub.calls(channel.phoneNumberId()).stream().filter(c -> c.arrivalNanos() >= produceBegan)
                .mapToLong(StubGraph.Call::arrivalNanos).min().orElseThrow();
        long windowFrom = first + Duration.ofSeconds(settings.skipSeconds()).toNanos();
        long windowTo = windowFrom + Duration.ofSeconds(settings.windowSeconds()).toNanos();
        sleepUntil(windowFrom);
        CpuMeter.Snapshot cpuFrom = CpuMeter.snapshot(targets);
        Map<String, Double> metricsFrom = Processes.prometheus(port);
        sleepUntil(windowTo);
        CpuMeter.Snapshot cpuTo = CpuMeter.snapshot(targets);
        Map<String, Double> metricsTo = Processes.prometheus(port);
        CpuMeter.Usage cpu = CpuMeter.between(cpuFrom, cpuTo);
        if (offered) {
            Thread.sleep(1000);
            backlogIds = loop.stop();
        }
        List<String> ids = backlogIds;
        int count = ids.size();
        List<String> plan = explainReady(channel.id());
        long queuedAtWindowEnd = queued(channel.id());
        java.io.ByteArrayOutputStream profileReport = new java.io.ByteArrayOutputStream();
        if (profile && queuedAtWindowEnd > 1000) {
            PrintStream main = out;
            out = new PrintStream(profileReport, true, StandardCharsets.UTF_8);
            try {
                profile("the backlog of (" + letter + ") right after its window", channel,
                        Duration.ofSeconds(settings.profileSeconds()));
            } finally {
                out = main;
            }
        }

        double expected = (offered ? 0 : count / channel.paceRate());
        Duration timeout = Duration.ofSeconds((long) Math.max(60, expected * 1.25 + 30));
        Duration left = timeout.minusNanos(System.nanoTime() - produceBegan);
        boolean complete = waitUntil(() -> results.resolved(ids) == count,
                left.compareTo(Duration.ofSeconds(30)) < 0 ? Duration.ofSeconds(30) : left);
        long lastResult = System.nanoTime();
        long removed = complete ? 0 : abandon(channel.id());
        if (!complete) {
            Thread.sleep(3000); // sends in flight at the clean-up finish (their rows are gone: no result)
        }

        java.util.Set<String> mine = new java.util.HashSet<>(ids);
        List<StubGraph.Call> calls = stub.calls(channel.phoneNumberId()).stream().filter(c -> mine.contains(c.requestId())).toList();
        long[] arrivals = calls.stream().mapToLong(StubGraph.Call::arrivalNanos).sorted().toArray();
        long last = arrivals[arrivals.length - 1];
        boolean ranDry = !offered && windowTo > last;
        long to = Math.min(windowTo, last + 1);
        double window = (to - windowFrom) / 1e9;
        int inWindow = Stats.countBetween(arrivals, windowFrom, to);
        double achieved = inWindow / window;
        int maxAny = Stats.maxInAnySecond(arrivals);
        int a = Stats.countBetween(arrivals, Long.MIN_VALUE, windowFrom);
        int maxInWindow = Stats.maxInAnySecond(java.util.Arrays.copyOfRange(arrivals, a, a + inWindow));
        int minSecond = Integer.MAX_VALUE;
        int maxSecond = 0;
        for (long s = windowFrom; s + 1_000_000_000L <= to; s += 1_000_000_000L) {
            int n = Stats.countBetween(arrivals, s, s + 1_000_000_000L);
            minSecond = Math.min(minSecond, n);
            maxSecond = Math.max(maxSecond, n);
        }
        double overall = (arrivals.length - 1) / ((last - first) / 1e9);
        StringBuilder timeline = new StringBuilder();
        for (long s = first; s <= last; s += 5_000_000_000L) {
            timeline.append(timeline.length() == 0 ? "" : " ").append(Stats.countBetween(arrivals, s, s + 5_000_000_000L) / 5);
        }
        Check check = check(ids, List.of(channel.phoneNumberId()));
        RateRow row = new RateRow(label, channel, count, achieved, window, ranDry, maxAny, maxInWindow, minSecond,
                maxSecond, overall, check, cpu);
        rateRows.add(row);
        phaseCpu.put(label, cpu);

        double[] intake = intake(channel.id(), produceBeganAt);
        if (offered) {
            out.printf(Locale.ROOT, "%n[%s] %,d/s offered: requests for %s (limit %d/s; the pacer aims at %.0f/s) produced at"
                            + " %d/s, open loop, for %.0f s (%,d requests), so the queue stays short unless the service falls"
                            + " behind; sends counted on arrival at the stub%n", letter, channel.throughput(), channel.id(),
                    channel.throughput(), channel.paceRate(), channel.throughput(), seconds(produceBegan), count);
        } else {
            out.printf(Locale.ROOT, "%n[%s] %,d/s: %,d requests for %s (limit %d/s; the pacer aims at %.0f/s) put on the"
                            + " requests topic at once (%.1f s); sends counted on arrival at the stub%n", letter,
                    channel.throughput(), count, channel.id(), channel.throughput(), channel.paceRate(), produceSeconds);
        }
        out.printf(Locale.ROOT, "    intake: %,d rows queued in %.1f s (%,.0f/s); first send %.2f s after the produce began;"
                        + " %s%n", (long) intake[0], intake[1], intake[1] > 0 ? intake[0] / intake[1] : Double.NaN,
                (first - produceBegan) / 1e9, complete
                        ? String.format(Locale.ROOT, "all sent after %.1f s, last result %.2f s after the last send",
                                (last - produceBegan) / 1e9, (lastResult - last) / 1e9)
                        : String.format(Locale.ROOT, "NOT all sent after %.0f s: %,d sent, the %,d still queued were then"
                                + " deleted from send_request so that the next phases start clean", seconds(produceBegan),
                                calls.size(), removed));
        out.printf(Locale.ROOT, "    achieved %.2f/s over %.1f s (from %d s after the first send%s): %+.2f %% of the"
                        + " configured %d/s: %s%n", achieved, window, settings.skipSeconds(),
                ranDry ? "; the backlog ran out before the window's end: raise the request count" : "",
                100 * row.deviation(), channel.throughput(), row.withinGoal() ? "within ±2 %" : "NOT within ±2 %");
        out.printf(Locale.ROOT, "    per second in the window: min %d, max %d; most in any sliding second: %d in the window,"
                + " %d over the whole phase (start included); whole phase %.2f/s%n", minSecond, maxSecond, maxInWindow,
                maxAny, overall);
        out.printf("    sends/s in each 5 s from the first send: %s%n", timeline);
        out.print(analyzed);
        out.printf("    planner statistics of send_request: %s%n", autoAnalyze(produceBeganAt));
        out.printf("    exactly once: %s: %s%n", check.verdict(), check.describe());
        printCpu(cpu, achieved, metricsFrom, metricsTo);
        out.printf("    the dispatcher's query for the next 200 sendable requests (SendQueue.ready), the same text, run once"
                + " after the window with %,d requests of the channel queued (EXPLAIN ANALYZE):%n", queuedAtWindowEnd);
        plan.forEach(l -> out.println("      " + l));
        out.print(profileReport.toString(StandardCharsets.UTF_8));
    }

    /** When autovacuum last analysed send_request, relative to a phase's start (the planner's row estimates). */
    private String autoAnalyze(Instant phaseBegan) {
        try (Connection c = postgres.connect(DATABASE);
             PreparedStatement s = c.prepareStatement("select last_autoanalyze, autoanalyze_count, last_analyze, analyze_count"
                     + " from pg_stat_user_tables where relname = 'send_request'")) {
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return "?";
                }
                java.sql.Timestamp auto = rs.getTimestamp(1);
                String when = auto == null ? "never" : auto.toInstant().isBefore(phaseBegan)
                        ? String.format(Locale.ROOT, "%.0f s before the phase began", Duration.between(auto.toInstant(), phaseBegan).toMillis() / 1000.0)
                        : String.format(Locale.ROOT, "%.1f s after the phase began", Duration.between(phaseBegan, auto.toInstant()).toMillis() / 1000.0);
                return "last analysed by autovacuum " + when + " (" + rs.getLong(2) + " autovacuum analyses, " + rs.getLong(4)
                        + " by the driver so far); the planner's row estimates date from the last analysis";
            }
        } catch (Exception e) {
            return "(" + e.getMessage() + ")";
        }
    }

    /** Deletes a channel's requests still queued (a phase that did not finish): the next phases start clean. */
    private long abandon(String channelId) {
        try (Connection c = postgres.connect(DATABASE);
             PreparedStatement s = c.prepareStatement("delete from send_request where channel_id = ? and state = 'queued'")) {
            s.setString(1, channelId);
            return s.executeUpdate();
        } catch (Exception e) {
            out.println("    (could not delete the queued requests: " + e.getMessage() + ")");
            return -1;
        }
    }

    /** (c): 130429 for a fraction of the sends; every request accepted exactly once; the effective throughput. */
    private void errorsPhase() throws Exception {
        Channel channel = ERRORS;
        stub.errorFraction(channel.phoneNumberId(), settings.errorFraction());
        CpuMeter.Snapshot cpuFrom = CpuMeter.snapshot(targets);
        Map<String, Double> metricsFrom = Processes.prometheus(port);
        long began = System.nanoTime();
        List<String> ids = requests.bulk(channel.id(), OutboundKind.NOTIFICATION, settings.errorRequests());
        boolean complete = waitUntil(() -> results.resolved(ids) == ids.size(),
                Duration.ofSeconds(settings.errorMaxSeconds()));
        if (!complete) {
            out.printf("%n    (c) cut short after %d s: %,d requests still queued deleted%n", settings.errorMaxSeconds(),
                    abandon(channel.id()));
            Thread.sleep(3000);
        }
        CpuMeter.Usage cpu = CpuMeter.between(cpuFrom, CpuMeter.snapshot(targets));
        Map<String, Double> metricsTo = Processes.prometheus(port);
        phaseCpu.put("c  130429 x " + settings.errorFraction(), cpu);

        java.util.Set<String> mine = new java.util.HashSet<>(ids);
        List<StubGraph.Call> calls = stub.calls(channel.phoneNumberId()).stream().filter(c -> mine.contains(c.requestId()))
                .sorted(java.util.Comparator.comparingLong(StubGraph.Call::arrivalNanos)).toList();
        long accepted = calls.stream().filter(StubGraph.Call::accepted).count();
        long refused = calls.size() - accepted;
        long first = calls.isEmpty() ? began : calls.get(0).arrivalNanos();
        long lastAccepted = calls.stream().filter(StubGraph.Call::accepted).mapToLong(StubGraph.Call::arrivalNanos).max().orElse(first);
        double span = (lastAccepted - first) / 1e9;
        double effective = accepted / Math.max(span, 1e-9);
        long lastCall = calls.isEmpty() ? first : calls.get(calls.size() - 1).arrivalNanos();
        double callSpan = Math.max((lastCall - first) / 1e9, 1e-9);
        long gaps = 0;
        long gapNanos = 0;
        for (int i = 1; i < calls.size(); i++) {
            long gap = calls.get(i).arrivalNanos() - calls.get(i - 1).arrivalNanos();
            if (gap > 100_000_000L) {
                gaps++;
                gapNanos += gap;
            }
        }
        Check check = check(ids, List.of(channel.phoneNumberId()));
        errorsCheck = check;
        List<Integer> attempts = ids.stream().map(results::of).filter(l -> !l.isEmpty()).map(l -> l.get(0).attempts()).toList();
        double meanAttempts = attempts.stream().mapToInt(Integer::intValue).average().orElse(Double.NaN);
        int maxAttempts = attempts.stream().mapToInt(Integer::intValue).max().orElse(0);
        out.printf(Locale.ROOT, "%n[c] 130429: %,d requests for %s (limit %d/s) at once; the stub answers %.0f %% of its sends"
                        + " with error 130429 (Cloud API throughput reached), at random%n", ids.size(), channel.id(),
                channel.throughput(), 100 * settings.errorFraction());
        out.printf(Locale.ROOT, "    %s after %.1f s: %,d sends (%,d answered 130429, %,d accepted); attempts per request"
                        + " mean %.2f, max %d%n", complete ? "all done" : "NOT all done (" + results.resolved(ids) + " of "
                        + ids.size() + ")", seconds(began), calls.size(), refused, accepted, meanAttempts, maxAttempts);
        out.printf(Locale.ROOT, "    effective throughput %.1f accepted/s (%.2f %% of the limit), %.1f sends/s, from the"
                        + " first send to the last acceptance (%.1f s); the channel stood still (no send for > 100 ms) %d"
                        + " times, %.1f s in all (%.0f %% of the time)%n", effective, 100 * effective / channel.throughput(),
                calls.size() / Math.max(span, 1e-9), span, gaps, gapNanos / 1e9, 100 * gapNanos / 1e9 / callSpan);
        out.printf("    exactly once: %s: %s%n", check.verdict(), check.describe());
        int missing = check.unfinished() + check.notAccepted();
        out.printf(Locale.ROOT, "    accepted exactly once %,d of %,d, duplicates (accepted more than once) %d, missing (no"
                + " accepted result) %d%n", check.stubOnce(), ids.size(), check.stubMoreThanOnce(), missing);
        double pauses = delta(metricsFrom, metricsTo, "switchboard_outbound_number_pauses_total");
        double perPause = accepted / Math.max(pauses, 1);
        out.printf(Locale.ROOT, "    the number paused %.0f times (throughput-pause %s, doubled for 130429s in a row): %.1f"
                        + " accepted sends per pause; with 1 send in %.0f refused at random, a pause after each refusal"
                        + " allows about %.0f accepted sends (plus those already in flight) per pause, whatever its length%n",
                pauses, settings.throughputPause(), perPause, 1 / settings.errorFraction(),
                (1 - settings.errorFraction()) / settings.errorFraction());
        printCpu(cpu, effective, metricsFrom, metricsTo);
        summaryLines.add(String.format(Locale.ROOT, "c  1,000/s, %.0f %% 130429: %,d requests, %s; exactly once: %s"
                        + " (accepted once %,d, duplicates %d, missing %d); effective %.1f accepted/s (%.2f %% of 1,000/s),"
                        + " %.1f sends/s; attempts mean %.2f max %d; %.0f number pauses of %s; stood still %.0f %% of the time",
                100 * settings.errorFraction(), ids.size(), complete ? "all done" : "NOT all done", check.verdict(),
                check.stubOnce(), check.stubMoreThanOnce(), missing, effective,
                100 * effective / channel.throughput(), calls.size() / Math.max(span, 1e-9), meanAttempts, maxAttempts,
                pauses, settings.throughputPause(), 100 * gapNanos / 1e9 / callSpan));
        stub.errorFraction(channel.phoneNumberId(), 0);
    }

    /** (d): the latency a send adds, and its baselines, interleaved. */
    private void latencyPhase(String bootstrap) throws Exception {
        Channel channel = LATENCY;
        CpuMeter.Snapshot cpuFrom = CpuMeter.snapshot(targets);
        Map<String, Double> metricsFrom = Processes.prometheus(port);
        LatencyPhase.Result r = new LatencyPhase(bootstrap, requests, stub.baseUrl())
                .run(channel.id(), settings.latencyRate(), Duration.ofSeconds(settings.latencySeconds()));
        CpuMeter.Usage cpu = CpuMeter.between(cpuFrom, CpuMeter.snapshot(targets));
        Map<String, Double> metricsTo = Processes.prometheus(port);
        phaseCpu.put("d  latency", cpu);
        List<String> ids = r.sent().stream().map(LatencyPhase.Sent::requestId).toList();
        waitUntil(() -> results.resolved(ids) == ids.size(), Duration.ofSeconds(30));
        Map<String, StubGraph.Call> calls = new HashMap<>();
        for (StubGraph.Call call : stub.calls(channel.phoneNumberId())) {
            calls.put(call.requestId(), call);
        }
        List<Long> e2e = new ArrayList<>();
        List<Long> stubTime = new ArrayList<>();
        List<Long> overhead = new ArrayList<>();
        List<Long> toProvider = new ArrayList<>();
        List<Long> answerToCompleted = new ArrayList<>();
        List<Long> completedToRelayed = new ArrayList<>();
        List<Long> relayedToSeen = new ArrayList<>();
        int missing = 0;
        for (LatencyPhase.Sent sent : r.sent()) {
            List<ResultsTail.Seen> seen = results.of(sent.requestId());
            StubGraph.Call call = calls.get(sent.requestId());
            if (seen.isEmpty() || call == null) {
                missing++;
                continue;
            }
            ResultsTail.Seen result = seen.get(0);
            long total = (result.seenNanos() - sent.nanos()) / 1000;
            long answer = call.answerNanos() / 1000;
            e2e.add(total);
            stubTime.add(answer);
            overhead.add(total - answer);
            toProvider.add(call.arrivalEpochMicros() - sent.epochMicros());
            long completed = ChronoUnit.MICROS.between(Instant.EPOCH, result.completedAt());
            answerToCompleted.add(completed - (call.arrivalEpochMicros() + answer));
            completedToRelayed.add(result.recordTimestampMillis() * 1000 - completed);
            relayedToSeen.add(result.seenEpochMicros() - result.recordTimestampMillis() * 1000);
        }
        Stats total = Stats.of(e2e);
        Stats over = Stats.of(overhead);
        out.printf(Locale.ROOT, "%n[d] latency per send: %d requests/s for %d s on %s (limit %d/s: the pacer never waits),"
                        + " agent replies; baselines interleaved in the same seconds, each at %d/s%n", settings.latencyRate(),
                settings.latencySeconds(), channel.id(), channel.throughput(), settings.latencyRate());
        out.printf("    service, request produced -> its result read      %s%s%n", total.ms(),
                missing > 0 ? " (" + missing + " without a result or stub record)" : "");
        out.printf("    the stub's own answer time                          %s%n", Stats.of(stubTime).ms());
        out.printf("    OVERHEAD per send (the above minus the stub's time) %s%n", over.ms());
        out.printf("    where it goes (from four clocks; completedAt and the record timestamp are in ms, so the last three"
                + " are +-1 ms each):%n");
        out.printf("      produced -> at the stub (Kafka, intake, dispatch)  %s%n", Stats.of(toProvider).ms());
        out.printf("      stub answered -> completedAt (HTTP back, parsed)   %s%n", Stats.of(answerToCompleted).ms());
        out.printf("      completedAt -> relayed (DB commit, result relay)   %s%n", Stats.of(completedToRelayed).ms());
        out.printf("      relayed -> read (Kafka, result side)               %s%n", Stats.of(relayedToSeen).ms());
        out.printf("    baseline Kafka hop, request side (acks=all, linger 0) %s%n", r.kafkaRequestHop().ms());
        out.printf("    baseline Kafka hop, result side (service's settings) %s%n", r.kafkaResultHop().ms());
        out.printf("    baseline HTTP round trip to the stub (JDK HttpClient) %s%s%n", r.http().ms(),
                r.httpErrors() > 0 ? " (" + r.httpErrors() + " errors)" : "");
        double floor = r.kafkaRequestHop().at(50) + r.kafkaResultHop().at(50) + r.http().at(50);
        double floor99 = r.kafkaRequestHop().at(99) + r.kafkaResultHop().at(99) + r.http().at(99);
        out.printf(Locale.ROOT, "    the floor (two Kafka hops + one HTTP exchange): p50 %.2f ms (sum of p99s %.2f ms); the"
                        + " service adds p50 %.2f ms beyond it%n", floor / 1000, floor99 / 1000, (total.at(50) - floor) / 1000);
        printCpu(cpu, settings.latencyRate(), metricsFrom, metricsTo);
        summaryLines.add(String.format(Locale.ROOT, "d  latency at %d/s: produced -> result read p50 %.2f / p99 %.2f ms;"
                        + " minus the stub's answer time (overhead per send) p50 %.2f / p99 %.2f ms; floor (2 Kafka hops + HTTP)"
                        + " p50 %.2f ms; beyond the floor p50 %.2f ms", settings.latencyRate(), total.at(50) / 1000,
                total.at(99) / 1000, over.at(50) / 1000, over.at(99) / 1000, floor / 1000, (total.at(50) - floor) / 1000));
        summaryLines.add(String.format(Locale.ROOT, "   of which produced -> at the stub p50 %.2f ms, completedAt -> relayed"
                        + " p50 %.2f ms", Stats.of(toProvider).at(50) / 1000, Stats.of(completedToRelayed).at(50) / 1000));
    }

    /**
     * (f): requests offered at 1,000/s, open loop, as in (e), with a JFR recording in the service, from 6 s after the
     * first send on; not in the summary.
     */
    private void profilePhase() throws Exception {
        Channel channel = PROFILE;
        int before = stub.count(channel.phoneNumberId());
        OpenLoop loop = new OpenLoop(requests, channel.id(), OutboundKind.NOTIFICATION, channel.throughput());
        try {
            if (!waitUntil(() -> stub.count(channel.phoneNumberId()) > before, Duration.ofSeconds(60))) {
                throw new IllegalStateException("(f) no send reached the stub within 60 s");
            }
            Thread.sleep(5000);
            profile("requests offered at 1,000/s on " + channel.id() + ", as in (e)", channel,
                    Duration.ofSeconds(settings.profileSeconds()));
        } finally {
            List<String> ids = loop.stop();
            if (!waitUntil(() -> results.resolved(ids) == ids.size(), Duration.ofSeconds(60))) {
                abandon(channel.id());
            }
        }
    }

    /** A JFR recording in the service (jcmd; JFR itself was initialised at start-up) while the channel sends. */
    private void profile(String what, Channel channel, Duration duration) throws Exception {
        if (!Processes.hasJdkTool("jcmd")) {
            out.println("\n[f] profile skipped: no jcmd in " + System.getProperty("java.home"));
            return;
        }
        Path jfr = settings.outDir().resolve("outbound-profile-" + channel.id() + ".jfr");
        Files.deleteIfExists(jfr);
        Path jfc = JfrReport.settings(settings.outDir());
        String pid = String.valueOf(service.pid());
        String startOutput = Processes.jdkTool("jcmd", pid, "JFR.start", "name=bench", "settings=" + jfc);
        if (!startOutput.contains("Started recording")) {
            out.println("\n[f] profile skipped: JFR.start said: " + startOutput.trim());
            return;
        }
        Thread.sleep(1000);
        Instant from = Instant.now();
        long fromNanos = System.nanoTime();
        CpuMeter.Snapshot cpuFrom = CpuMeter.snapshot(targets);
        Map<String, Double> metricsFrom = Processes.prometheus(port);
        Thread.sleep(duration.toMillis());
        CpuMeter.Usage cpu = CpuMeter.between(cpuFrom, CpuMeter.snapshot(targets));
        Map<String, Double> metricsTo = Processes.prometheus(port);
        long toNanos = System.nanoTime();
        Instant to = Instant.now();
        Processes.jdkTool("jcmd", pid, "JFR.stop", "name=bench", "filename=" + jfr);
        long[] arrivals = stub.calls(channel.phoneNumberId()).stream().mapToLong(StubGraph.Call::arrivalNanos).sorted().toArray();
        double rate = Stats.countBetween(arrivals, fromNanos, toNanos) / ((toNanos - fromNanos) / 1e9);
        out.printf(Locale.ROOT, "%n[f] profile of %s: JFR recording in the service (profile settings, plus every socket"
                        + " read and park) for %d s; not in the summary%n    %.1f sends/s in the recorded window%n", what,
                duration.toSeconds(), rate);
        printCpu(cpu, rate, metricsFrom, metricsTo);
        if (Files.isRegularFile(jfr)) {
            // a channel's sends all start on its one dispatcher thread: its rate is 1 / (time per send on that thread)
            JfrReport.fromResource("outbound-profile.txt").stripFromWaitSites("dev.switchboard.outbound.")
                    .print(jfr, from, to, "dispatch-" + channel.id(), out, 25);
            out.println("  the recording: " + jfr + " (JDK Mission Control, or jfr print --events jdk.ExecutionSample)");
        } else {
            out.println("  (JFR wrote no file)");
        }
    }

    // ------------------------------------------------------------------------------------------------ checks

    /** Exactly once, per request id: at the stub (accepted answers) and on the results topic. */
    private Check check(List<String> ids, List<String> phoneNumberIds) {
        Map<String, List<StubGraph.Call>> byRequest = new HashMap<>();
        for (String phone : phoneNumberIds) {
            for (StubGraph.Call call : stub.calls(phone)) {
                if (call.accepted()) {
                    byRequest.computeIfAbsent(call.requestId(), k -> new ArrayList<>()).add(call);
                }
            }
        }
        boolean stubKnown = !phoneNumberIds.isEmpty();
        int done = 0, stubOnce = 0, stubMore = 0, republished = 0, conflicting = 0, notAccepted = 0, mismatch = 0,
                unfinished = 0, acceptedNoResult = 0;
        List<String> examples = new ArrayList<>();
        for (String id : ids) {
            List<StubGraph.Call> accepted = byRequest.getOrDefault(id, List.of());
            if (accepted.size() > 1) {
                stubMore++;
                if (examples.size() < 3) {
                    examples.add(id + " accepted " + accepted.size() + " times");
                }
            }
            List<ResultsTail.Seen> seen = results.of(id);
            if (seen.isEmpty()) {
                unfinished++;
                if (!accepted.isEmpty()) {
                    acceptedNoResult++;
                }
                continue;
            }
            done++;
            if (!stubKnown || accepted.size() == 1) {
                stubOnce++;
            }
            long events = seen.stream().map(ResultsTail.Seen::eventId).distinct().count();
            if (events > 1) {
                conflicting++;
            } else if (seen.size() > 1) {
                republished++;
            }
            ResultsTail.Seen result = seen.get(0);
            if (!result.accepted()) {
                notAccepted++;
                if (examples.size() < 3) {
                    examples.add(id + " " + result.outcome() + " " + result.failure());
                }
            } else if (stubKnown && accepted.size() == 1 && !accepted.get(0).wamid().equals(result.messageId())) {
                mismatch++;
            }
        }
        return new Check(ids.size(), done, stubOnce, stubMore, republished, conflicting, notAccepted, mismatch, unfinished,
                acceptedNoResult, examples);
    }

    /** {rows, seconds from the first row's created_at to the last's} of a channel in send_request, since a moment. */
    private double[] intake(String channelId, Instant since) {
        try (Connection c = postgres.connect(DATABASE);
             PreparedStatement s = c.prepareStatement("select count(*), extract(epoch from max(created_at) - min(created_at))"
                     + " from send_request where channel_id = ? and created_at >= ?")) {
            s.setString(1, channelId);
            s.setTimestamp(2, java.sql.Timestamp.from(since.minusSeconds(1)));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return new double[] {rs.getLong(1), rs.getDouble(2)};
            }
        } catch (Exception e) {
            return new double[] {Double.NaN, Double.NaN};
        }
    }

    /** EXPLAIN ANALYZE of SendQueue.ready as the dispatcher runs it (the same text), for a channel, now. */
    private List<String> explainReady(String channelId) {
        List<String> plan = new ArrayList<>();
        try (Connection c = postgres.connect(DATABASE);
             PreparedStatement s = c.prepareStatement("explain (analyze, buffers) " + SendQueue.READY)) {
            s.setString(1, channelId);
            java.sql.Timestamp now = java.sql.Timestamp.from(Instant.now());
            s.setTimestamp(2, now);
            s.setTimestamp(3, now);
            s.setInt(4, 200);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    plan.add(rs.getString(1));
                }
            }
        } catch (Exception e) {
            plan.add("(explain failed: " + e.getMessage() + ")");
        }
        return plan;
    }

    private long queued(String channelId) {
        try (Connection c = postgres.connect(DATABASE);
             PreparedStatement s = c.prepareStatement("select count(*) from send_request where channel_id = ? and state = 'queued'")) {
            s.setString(1, channelId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (Exception e) {
            return -1;
        }
    }

    private void pgStatementsReset() {
        try {
            postgres.execute("postgres", "select pg_stat_statements_reset()");
        } catch (Exception e) {
            out.println("(pg_stat_statements not available: " + e.getMessage() + ")");
        }
    }

    /** PostgreSQL's view of phase (b): the service's statements by total execution time. */
    private void pgStatementsReport() {
        try {
            List<List<String>> rows = postgres.query("postgres", """
                    select calls, round(total_exec_time::numeric, 0), round(mean_exec_time::numeric, 3), rows,
                           regexp_replace(query, '\\s+', ' ', 'g')
                    from pg_stat_statements s join pg_database d on d.oid = s.dbid
                    where d.datname = '%s' order by total_exec_time desc limit 10
                    """.formatted(DATABASE));
            out.println("    PostgreSQL, the service's statements during (b) by execution time (pg_stat_statements; server"
                    + " time only, without the round trip):");
            out.printf("      %9s %9s %9s %9s  %s%n", "calls", "total ms", "mean ms", "rows", "statement");
            for (List<String> r : rows) {
                String q = r.get(4);
                out.printf("      %9s %9s %9s %9s  %s%n", r.get(0), r.get(1), r.get(2), r.get(3),
                        q.length() > 110 ? q.substring(0, 110) + "…" : q);
            }
        } catch (Exception e) {
            out.println("    (pg_stat_statements: " + e.getMessage() + ")");
        }
    }

    // ------------------------------------------------------------------------------------------------ output

    private void printCpu(CpuMeter.Usage cpu, double sendsPerSecond, Map<String, Double> a, Map<String, Double> b) {
        out.println(BenchRun.cpuLine(cpu).append(cpu.otherCores() > 0.25 ? " (NOISY: other processes took > 0.25 cores)" : ""));
        if (sendsPerSecond > 1) {
            out.printf(Locale.ROOT, "    CPU per send: service %.0f us (%.0f %% in the kernel), postgres %.0f us, broker %.0f"
                            + " us, stub %.0f us; service threads waiting for a CPU: %.2f on average%n",
                    1e6 * cpu.cores(SERVICE) / sendsPerSecond, 100 * cpu.kernel(SERVICE) / cpu.cores(SERVICE),
                    1e6 * cpu.cores(POSTGRES) / sendsPerSecond,
                    1e6 * cpu.cores(BROKER) / sendsPerSecond, 1e6 * cpu.part(DRIVER, "bench-stub") / sendsPerSecond
                            + 1e6 * cpu.part(DRIVER, "HTTP-Dispatcher") / sendsPerSecond, cpu.waiting(SERVICE));
        }
        for (String process : List.of(SERVICE, POSTGRES)) {
            Map<String, Double> parts = cpu.partCores().getOrDefault(process, Map.of());
            if (!parts.isEmpty() && cpu.cores(process) >= 0.05) {
                out.printf("    %s %s: %s%n", process, process.equals(POSTGRES) ? "processes" : "threads", top(parts, 9));
            }
        }
        BenchRun.noteJit(out, cpu, SERVICE);
        String gc = BenchRun.gc(a, b, cpu.wallSeconds());
        double waits = delta(a, b, "switchboard_outbound_rate_wait_seconds_count");
        double waited = delta(a, b, "switchboard_outbound_rate_wait_seconds_sum");
        if (gc != null) {
            out.printf(Locale.ROOT, "    service JVM: %s; the pacer made a send wait %.3f ms on average (%.0f sends)%n", gc,
                    waits > 0 ? waited * 1000 / waits : Double.NaN, waits);
        }
    }

    private void summary() {
        int cpus = Runtime.getRuntime().availableProcessors();
        out.printf("%n== Summary, %s: %d cores shared by broker, PostgreSQL, service and driver+stub, and whatever else runs"
                        + " on the machine (\"else\"); absolute figures drift with it ==%n",
                ZonedDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE), cpus);
        out.printf("%-20s %5s %6s %8s %8s %-11s %9s %6s %-14s | %-29s | %s%n", "phase", "limit", "pacer", "achieved",
                "vs limit", "±2 %", "1 s min-max", "max 1s", "exactly once", "CPU cores: svc  pg  brk  drv else",
                "CPU/send svc  pg");
        for (RateRow row : rateRows) {
            CpuMeter.Usage cpu = row.cpu();
            out.printf(Locale.ROOT, "%-20s %5d %6.0f %8.2f %+7.2f%% %-11s %4d-%-4d %6d %-14s | %13.2f %4.2f %4.2f %4.2f %4.2f | %7.0f %4.0f us%n",
                    row.phase(), row.channel().throughput(), row.channel().paceRate(), row.achieved(), 100 * row.deviation(),
                    row.withinGoal() ? "REACHED" : "NOT REACHED", row.minSecond(), row.maxSecond(), row.maxAnySecond(),
                    row.check().exactlyOnce() ? "OK" : row.check().exactlyOnceSoFar()
                            ? String.format(Locale.ROOT, "OK %,d/%,d", row.check().done(), row.requests()) : "NOT OK",
                    cpu.cores(SERVICE), cpu.cores(POSTGRES), cpu.cores(BROKER), cpu.cores(DRIVER), cpu.otherCores(),
                    1e6 * cpu.cores(SERVICE) / row.achieved(), 1e6 * cpu.cores(POSTGRES) / row.achieved());
        }
        out.println("(a, b: a backlog put on the topic at once; e: offered at the limit, open loop. \"OK n/m\": n of m requests"
                + " finished, each exactly once; the rest was cut short. \"max 1s\": most sends in any sliding second of the"
                + " phase, start included)");
        summaryLines.forEach(out::println);
        phaseCpu.forEach((phase, cpu) -> {
            if (phase.startsWith("c") || phase.startsWith("d")) {
                out.printf(Locale.ROOT, "   CPU during %s: service %.2f, postgres %.2f, broker %.2f, driver+stub %.2f, else %.2f%n",
                        phase, cpu.cores(SERVICE), cpu.cores(POSTGRES), cpu.cores(BROKER), cpu.cores(DRIVER), cpu.otherCores());
            }
        });
        String noisy = phaseCpu.entrySet().stream().filter(e -> e.getValue().otherCores() > 0.25)
                .map(e -> String.format(Locale.ROOT, "%s (%.2f)", e.getKey().trim(), e.getValue().otherCores()))
                .collect(Collectors.joining("; "));
        if (!noisy.isEmpty()) {
            out.println("noisy (other processes used more than 0.25 cores): " + noisy);
        }
        List<RateRow> goalRows = rateRows.stream().filter(r -> r.phase().startsWith("a") || r.phase().startsWith("b")).toList();
        out.printf("goal achieved rate within ±2 %% of the limit over 60 s, 80/s and 1,000/s (a, b): %s%n",
                goalRows.stream().allMatch(RateRow::withinGoal) ? "REACHED" : "NOT REACHED ("
                        + goalRows.stream().map(r -> String.format(Locale.ROOT, "%s %+.1f %%", r.phase().substring(0, 1),
                        100 * r.deviation())).collect(Collectors.joining(", ")) + ")");
        out.printf("goal every message accepted exactly once with 20 %% 130429 (c): %s; no request accepted twice and no"
                        + " conflicting results in any phase: %s%n",
                errorsCheck != null && errorsCheck.exactlyOnce() ? "REACHED" : "NOT REACHED",
                rateRows.stream().allMatch(r -> r.check().exactlyOnceSoFar())
                        && (errorsCheck == null || errorsCheck.exactlyOnceSoFar()) ? "yes" : "NO");
    }

    private String channelsYaml() {
        Map<String, Object> byId = new LinkedHashMap<>();
        CHANNELS.forEach(c -> byId.put(c.id(), Map.of("provider", "meta", "throughput", c.throughput(), "tier", "unlimited",
                "meta", Map.of("phone-number-ids", List.of(c.phoneNumberId()), "access-token",
                        "bench-token-" + c.phoneNumberId(), "graph-api-version", "v23.0"))));
        return BenchRun.channelsYaml("generated by OutboundBenchmark", byId);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static boolean waitUntil(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            Thread.sleep(Math.max(1, Math.min(100, left / 1_000_000)));
        }
    }

    @Override
    public void stopAll() {
        Processes.stop(service, Duration.ofSeconds(30));
        BenchRun.closeQuietly(results);
        BenchRun.closeQuietly(requests);
        BenchRun.closeQuietly(stub);
        BenchRun.closeQuietly(postgres); // zonky's own hook stops it too
        Processes.stopChild(broker);
    }
}
