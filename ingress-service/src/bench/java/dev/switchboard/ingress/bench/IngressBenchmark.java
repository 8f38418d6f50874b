package dev.switchboard.ingress.bench;

import static dev.switchboard.bench.BenchRun.BROKER;
import static dev.switchboard.bench.BenchRun.SERVICE;
import static dev.switchboard.bench.BenchRun.delta;
import static dev.switchboard.bench.BenchRun.integer;
import static dev.switchboard.bench.BenchRun.seconds;
import static dev.switchboard.bench.BenchRun.settle;
import static dev.switchboard.bench.BenchRun.top;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import dev.switchboard.bench.BenchBroker;
import dev.switchboard.bench.BenchRun;
import dev.switchboard.bench.CpuMeter;
import dev.switchboard.bench.JfrReport;
import dev.switchboard.bench.Meter;
import dev.switchboard.bench.Processes;
import dev.switchboard.schemas.Topics;

/**
 * The ingress-service benchmark (ingress-service/README.md, "Benchmark"). Separate JVMs on this machine: a real
 * KRaft broker ({@link BenchBroker}), the service as deployed ({@code java -jar}), for one phase a bare Reactor Netty
 * server ({@link BenchEchoServer}), and this driver, which generates the load and measures.
 *
 * <p>Phases, in this order: (a) bare-HTTP baseline, (b) raw-producer baseline, (c) warm-up of the service, (d) maximum
 * throughput, closed loop, at several concurrencies, (e) fixed rate, open loop, (f) optionally the load of (d) again
 * under JFR, to show where the service's CPU goes. Then the loss check and a summary.
 *
 * <p>Settings are system properties {@code bench.*} (see {@link Settings}); the Maven {@code bench} profile passes
 * them on.
 */
public final class IngressBenchmark implements BenchRun.Benchmark {

    private static final String ECHO = "bare server";
    private static final String DRIVER = "load generator";

    private final Settings settings;
    private final PrintStream out;
    private final List<Row> rows = new ArrayList<>();
    private final Map<String, CpuMeter.Target> processes = new LinkedHashMap<>();
    private final Meter meter = new Meter(processes, () -> Processes.prometheus(this.port));
    private long acceptedWebhooks;
    private long acceptedMessages;
    private long acceptedStatuses;
    private long refusedWebhooks;

    private volatile Process broker;
    private volatile Process service;
    private volatile Process echo;
    private int port;

    private IngressBenchmark(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    /** One line of the summary; {@code server} names the process that answered the HTTP requests, if any. */
    private record Row(String phase, int concurrency, double rate, String unit, Histogram latency, long errors,
                       String server, CpuMeter.Usage cpu) {

        double ms(double percentile) {
            return latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(percentile) / 1000.0;
        }

        double maxMs() {
            return latency.getTotalCount() == 0 ? Double.NaN : latency.getMaxValue() / 1000.0;
        }

        /** CPU microseconds per request (webhook) of one process. */
        double cpuMicros(String process) {
            return 1e6 * cpu.cores(process) / rate;
        }
    }

    record Settings(Path jar, Path outDir, String serviceLaunch, int warmupSeconds, int warmupMaxSeconds,
                    int baselineSeconds,
                    int baselineConcurrency, int maxSeconds, int[] concurrency, double rate, int rateSeconds,
                    boolean profile, int profileSeconds, int profileConcurrency, int bodies, int channels, int customers,
                    int partitions, String serviceJvmArgs, String brokerJvmArgs, int clientThreads)
            implements BenchRun.Settings {

        static Settings fromSystemProperties() {
            String jar = System.getProperty("bench.jar", "ingress-service/target/ingress-service-0.1.0-SNAPSHOT.jar");
            return new Settings(Path.of(jar).toAbsolutePath(),
                    Path.of(System.getProperty("bench.outDir", "ingress-service/target/bench")).toAbsolutePath(),
                    System.getProperty("bench.serviceLaunch", "jar"),
                    integer("bench.warmupSeconds", 30),
                    integer("bench.warmupMaxSeconds", 120),
                    integer("bench.baselineSeconds", 15),
                    integer("bench.baselineConcurrency", 64),
                    integer("bench.maxSeconds", 20),
                    Arrays.stream(System.getProperty("bench.concurrency", "32,64,128").split(","))
                            .map(String::trim).filter(s -> !s.isEmpty()).mapToInt(Integer::parseInt).toArray(),
                    Double.parseDouble(System.getProperty("bench.rate", "2000")),
                    integer("bench.rateSeconds", 30),
                    Boolean.parseBoolean(System.getProperty("bench.profile", "true")),
                    integer("bench.profileSeconds", 20),
                    integer("bench.profileConcurrency", 64),
                    integer("bench.bodies", 10_000),
                    integer("bench.channels", 4),
                    integer("bench.customers", 5_000),
                    integer("bench.partitions", 6),
                    System.getProperty("bench.serviceJvmArgs", "-Xms512m -Xmx512m"),
                    System.getProperty("bench.brokerJvmArgs",
                            "-Xms1g -Xmx1g -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35"),
                    integer("bench.clientThreads", 2));
        }
    }

    public static void main(String[] args) throws Exception {
        BenchRun.main(Settings.fromSystemProperties(), IngressBenchmark::new);
    }

    @Override
    public void run() throws Exception {
        BenchRun.begin(out, "ingress-service", "broker, service and load generator", settings.jar(), DRIVER);

        // ------------------------------------------------------------------------------------------------ set-up
        List<WebhookBodies.Channel> channels = WebhookBodies.channels(settings.channels());
        List<WebhookBodies.Body> bodies = WebhookBodies.generate(channels, settings.bodies(), settings.customers(), 20_250_601L);
        describe(bodies);
        Path channelsFile = settings.outDir().resolve("bench-channels.yml");
        Files.writeString(channelsFile, WebhookBodies.channelsYaml(channels));

        long began = System.nanoTime();
        Path brokerLog = BenchRun.fresh(settings.outDir(), "broker.log");
        Processes.Started started = BenchBroker.start(KafkaBaseline.brokerTopics(settings.partitions()),
                settings.brokerJvmArgs(), brokerLog);
        broker = started.process();
        String bootstrap = started.value();
        out.printf("broker: KRaft, own JVM (%s; pid %d), %s, %d partitions per ingress topic, ready in %.1f s (log: %s)%n",
                settings.brokerJvmArgs(), broker.pid(), bootstrap, settings.partitions(), seconds(began), brokerLog);

        began = System.nanoTime();
        port = Processes.freePort();
        Path serviceLog = BenchRun.fresh(settings.outDir(), "ingress.log");
        // With profiling on, JFR is initialised at start-up by a 1 s recording: JFR instruments some JDK classes
        // when it first starts, which throws compiled code away; done later, it would disturb the measured phases.
        String serviceArgs = settings.serviceJvmArgs() + (settings.profile()
                ? " -XX:FlightRecorderOptions=stackdepth=256 -XX:StartFlightRecording=duration=1s,filename="
                        + settings.outDir().resolve("jfr-startup.jfr")
                : "");
        Path launched = switch (settings.serviceLaunch()) {
            case "jar" -> settings.jar();
            case "extracted" -> Processes.extracted(settings.jar(), serviceLog);
            default -> throw new IllegalArgumentException("bench.serviceLaunch must be jar or extracted, not "
                    + settings.serviceLaunch());
        };
        service = Processes.startService(launched, serviceArgs, Map.of("SWITCHBOARD_KAFKA_BOOTSTRAP_SERVERS", bootstrap,
                "SPRING_CONFIG_ADDITIONAL_LOCATION", "file:" + channelsFile.toAbsolutePath()), port, serviceLog);
        out.printf("service: java %s -jar %s%s (pid %d), port %d, %d Meta channels, ready in %.1f s (log: %s)%n",
                serviceArgs, settings.jar().getFileName(), "extracted".equals(settings.serviceLaunch())
                        ? " (extracted with -Djarmode=tools)" : "", service.pid(), port, settings.channels(),
                seconds(began), serviceLog);
        processes.put(SERVICE, CpuMeter.Target.jvm(service.toHandle()));
        processes.put(BROKER, CpuMeter.Target.jvm(broker.toHandle()));
        processes.put(DRIVER, CpuMeter.Target.jvm(ProcessHandle.current()));

        List<HttpLoad.Item> webhooks = bodies.stream()
                .map(b -> new HttpLoad.Item(b.path(), b.bytes(), b.signature(), b.messages(), b.statuses())).toList();
        HttpLoad.Source webhookSource = HttpLoad.cycle(webhooks);
        int maxConcurrency = Arrays.stream(settings.concurrency()).max().orElse(64);
        int connections = Math.max(512, 2 * Math.max(maxConcurrency, settings.profileConcurrency()));
        try (HttpLoad http = new HttpLoad("http://127.0.0.1:" + port, settings.clientThreads(), connections);
             KafkaBaseline kafka = new KafkaBaseline(bootstrap, bodies)) {
            sanityCheck(http, webhooks);

            // ------------------------------------------------------------------------------ (a) HTTP baseline
            bareHttpBaseline(webhookSource, connections);
            settle();

            // ----------------------------------------------------------------------------- (b) Kafka baseline
            kafka.run(settings.baselineConcurrency(), 2, Duration.ofSeconds(5)); // warms the driver's producer code
            Meter.Phase phase = meter.start();
            KafkaBaseline.Result raw = kafka.run(settings.baselineConcurrency(), 2, Duration.ofSeconds(settings.baselineSeconds()));
            Meter.Measured ended = phase.end();
            out.printf("%n[b] baseline Kafka: a plain KafkaProducer in the load generator's JVM, the service's producer"
                    + " settings, the same records per webhook (raw + events), %d webhooks in flight, %d s (after 5 s"
                    + " unmeasured)%n", settings.baselineConcurrency(), settings.baselineSeconds());
            out.printf("    %,.0f webhooks/s = %,.0f records/s acknowledged, %d errors; ack latency ms %s%n",
                    raw.webhooksPerSecond(), raw.recordsPerSecond(), raw.errors(), percentiles(raw.latency()));
            printCpu(ended, null);
            rows.add(new Row("b  raw KafkaProducer", settings.baselineConcurrency(), raw.webhooksPerSecond(), "webhooks/s",
                    raw.latency(), raw.errors(), null, ended.usage()));
            settle();

            // ------------------------------------------------------------------------------------- (c) warm-up
            // After the baselines, so that the service goes from its warm-up straight into the measured phases: code
            // the JIT compiled and then saw unused for a minute was seen to be compiled again under load.
            warmUp(http, webhookSource);
            settle();

            // ---------------------------------------------------------------------------- (d) max throughput
            for (int concurrency : settings.concurrency()) {
                phase = meter.start();
                HttpLoad.Result max = http.closedLoop("max c=" + concurrency, webhookSource, concurrency,
                        Duration.ofSeconds(settings.maxSeconds()));
                tally(max);
                report("[d] maximum throughput: signed webhooks to the service, closed loop, " + concurrency
                        + " in flight, " + settings.maxSeconds() + " s", "d  service, closed loop", concurrency, max,
                        "webhooks/s", SERVICE, phase.end());
                settle();
            }

            // ------------------------------------------------------------------------------ (e) fixed rate
            phase = meter.start();
            HttpLoad.Result fixed = http.openLoop("fixed", webhookSource, settings.rate(), Duration.ofSeconds(settings.rateSeconds()));
            tally(fixed);
            report(String.format(Locale.ROOT, "[e] fixed rate: %,.0f webhooks/s to the service, open loop (latency from"
                    + " each request's intended send time), %d s", settings.rate(), settings.rateSeconds()),
                    String.format(Locale.ROOT, "e  service, open loop %,.0f/s", settings.rate()), 0, fixed,
                    "webhooks/s", SERVICE, phase.end());

            // ---------------------------------------------------------------------------------- (f) profile
            if (settings.profile()) {
                settle();
                profile(http, webhookSource);
            }
        }

        lossCheck(bootstrap);
        summary();
    }

    // ------------------------------------------------------------------------------------------------ phases

    private void sanityCheck(HttpLoad http, List<HttpLoad.Item> webhooks) {
        // One of each kind of body, one at a time: a misconfiguration shows here, not as a phase full of errors.
        List<HttpLoad.Item> kinds = new ArrayList<>();
        webhooks.stream().filter(w -> w.messages() == 1).findFirst().ifPresent(kinds::add);
        webhooks.stream().filter(w -> w.statuses() > 0).findFirst().ifPresent(kinds::add);
        webhooks.stream().filter(w -> w.messages() > 1).findFirst().ifPresent(kinds::add);
        for (HttpLoad.Item item : kinds) {
            Integer status = http.send(item).block(Duration.ofSeconds(60));
            if (status == null || status != 200) {
                throw new IllegalStateException("sanity check: " + item.path() + " answered " + status
                        + " instead of 200; last lines of the service log:\n"
                        + Processes.tail(settings.outDir().resolve("ingress.log"), 30));
            }
            acceptedWebhooks++;
            acceptedMessages += item.messages();
            acceptedStatuses += item.statuses();
        }
        out.printf("sanity check: %d signed webhooks (text, statuses, batch) answered 200%n", kinds.size());
    }

    /**
     * (c): webhooks, 64 in flight, for at least {@code warmupSeconds} and then until the service's JIT compilers
     * have (almost) nothing left to do, at most {@code warmupMaxSeconds}.
     */
    private void warmUp(HttpLoad http, HttpLoad.Source webhooks) throws InterruptedException {
        long began = System.nanoTime();
        long ok = 0;
        long failed = 0;
        double jit = Double.NaN;
        while (true) {
            CpuMeter.Snapshot before = CpuMeter.snapshot(processes);
            HttpLoad.Result chunk = http.closedLoop("warm-up", webhooks, 64, Duration.ofSeconds(5));
            tally(chunk);
            ok += chunk.ok();
            failed += chunk.failed();
            jit = compilerCores(CpuMeter.between(before, CpuMeter.snapshot(processes)));
            double elapsed = seconds(began);
            if (elapsed >= settings.warmupMaxSeconds() || (elapsed >= settings.warmupSeconds() && jit < 0.05)) {
                break;
            }
        }
        double elapsed = seconds(began);
        out.printf(Locale.ROOT, "%n[c] warm-up of the service (not measured): %.0f s of webhooks, 64 in flight, %,.0f/s on"
                        + " average, %d errors; JIT compilers at the end: %.2f cores%s%n", elapsed, (ok + failed) / elapsed,
                failed, jit, jit >= 0.05 ? " (still compiling: raise -Dbench.warmupMaxSeconds)" : " (settled)");
    }

    private static double compilerCores(CpuMeter.Usage usage) {
        return BenchRun.compilerCores(usage, SERVICE);
    }

    /** (a): the same requests, the same client, against a bare Reactor Netty server in its own JVM. */
    private void bareHttpBaseline(HttpLoad.Source webhooks, int connections) throws Exception {
        Processes.Started started = Processes.startChild(BenchEchoServer.class, settings.serviceJvmArgs(), List.of(),
                BenchRun.fresh(settings.outDir(), "bare-server.log"));
        echo = started.process();
        processes.put(ECHO, CpuMeter.Target.jvm(echo.toHandle()));
        try (HttpLoad bare = new HttpLoad("http://127.0.0.1:" + started.value(), settings.clientThreads(), connections)) {
            bare.closedLoop("bare warm-up", webhooks, settings.baselineConcurrency(), Duration.ofSeconds(10));
            Meter.Phase phase = meter.start();
            HttpLoad.Result result = bare.closedLoop("bare HTTP", webhooks, settings.baselineConcurrency(),
                    Duration.ofSeconds(settings.baselineSeconds()));
            report("[a] baseline HTTP: the same signed webhooks, POSTed the same way to a bare Reactor Netty server"
                    + " (own JVM, " + settings.serviceJvmArgs() + ") that reads each body and answers 200; closed loop, "
                    + settings.baselineConcurrency() + " in flight, " + settings.baselineSeconds() + " s (after 10 s"
                    + " unmeasured)", "a  bare HTTP server", settings.baselineConcurrency(), result, "req/s", ECHO,
                    phase.end());
        } finally {
            Processes.stopChild(echo);
            processes.remove(ECHO);
            echo = null;
        }
    }

    /**
     * (f): a JFR recording in the running service (jcmd JFR.start; JFR itself was initialised at start-up), 5 s of
     * load to let it settle, then the measured window, the only part the report reads.
     */
    private void profile(HttpLoad http, HttpLoad.Source webhooks) throws Exception {
        if (!Processes.hasJdkTool("jcmd")) {
            out.println("\n[f] profile skipped: no jcmd in " + System.getProperty("java.home") + " (a JRE, not a JDK)");
            return;
        }
        Path jfr = settings.outDir().resolve("ingress-profile.jfr");
        Files.deleteIfExists(jfr);
        String pid = String.valueOf(service.pid());
        String startOutput = Processes.jdkTool("jcmd", pid, "JFR.start", "name=bench", "settings=profile");
        if (!startOutput.contains("Started recording")) {
            out.println("\n[f] profile skipped: JFR.start said: " + startOutput.trim());
            return;
        }
        tally(http.closedLoop("profile settle", webhooks, settings.profileConcurrency(), Duration.ofSeconds(5)));
        Instant from = Instant.now();
        Meter.Phase phase = meter.start();
        HttpLoad.Result result = http.closedLoop("profile", webhooks, settings.profileConcurrency(),
                Duration.ofSeconds(settings.profileSeconds()));
        Meter.Measured ended = phase.end();
        Instant to = Instant.now();
        Processes.jdkTool("jcmd", pid, "JFR.stop", "name=bench", "filename=" + jfr);
        tally(result);
        out.printf("%n[f] profile: the load of (d), %d in flight, %d s, with JFR (settings=profile) recording in the"
                        + " service; not in the summary%n    %,.0f webhooks/s, %d errors; latency ms %s%n",
                settings.profileConcurrency(), settings.profileSeconds(), result.rate(), result.failed(),
                percentiles(result.latency()));
        printCpu(ended, SERVICE);
        if (Files.isRegularFile(jfr)) {
            JfrReport.fromResource("ingress-profile.txt").threadGroups(6, 40).print(jfr, from, to, out, 25);
            out.println("  the recording: " + jfr + " (JDK Mission Control, or jfr print --events jdk.ExecutionSample)");
        } else {
            out.println("  (JFR wrote no file)");
        }
    }

    private void report(String title, String phase, int concurrency, HttpLoad.Result result, String unit, String server,
                        Meter.Measured ended) {
        out.printf("%n%s%n", title);
        out.printf("    %,.0f %s, %s; latency ms %s%n", result.rate(), unit,
                result.failures().isEmpty() ? "0 errors" : result.failed() + " errors " + result.failures(),
                percentiles(result.latency()));
        printCpu(ended, server);
        rows.add(new Row(phase, concurrency, result.rate(), unit, result.latency(), result.failed(), server, ended.usage()));
    }

    private static String percentiles(Histogram h) {
        if (h.getTotalCount() == 0) {
            return "(none)";
        }
        return String.format(Locale.ROOT, "p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f",
                h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(90) / 1000.0,
                h.getValueAtPercentile(99) / 1000.0, h.getValueAtPercentile(99.9) / 1000.0, h.getMaxValue() / 1000.0);
    }

    private void printCpu(Meter.Measured ended, String server) {
        CpuMeter.Usage cpu = ended.usage();
        out.println(BenchRun.cpuLine(cpu));
        for (String process : List.of(SERVICE, ECHO, BROKER)) {
            Map<String, Double> threads = cpu.partCores().getOrDefault(process, Map.of());
            if (!threads.isEmpty() && cpu.cores(process) >= 0.05) {
                out.printf("    %s threads: %s%n", process, top(threads, 8));
            }
        }
        if (SERVICE.equals(server)) {
            BenchRun.noteJit(out, cpu, SERVICE);
            String gc = BenchRun.gc(ended.metricsBefore(), ended.metricsAfter(), cpu.wallSeconds());
            double publishCount = ended.delta("switchboard_webhooks_publish_seconds_count");
            double publishSeconds = ended.delta("switchboard_webhooks_publish_seconds_sum");
            if (gc != null) {
                out.printf(Locale.ROOT, "    service JVM: %s%s%n", gc, publishCount > 0 ? String.format(Locale.ROOT,
                        "; waiting for Kafka's acks (switchboard.webhooks.publish): mean %.2f ms",
                        publishSeconds * 1000 / publishCount) : "");
            }
        }
    }

    private void tally(HttpLoad.Result result) {
        acceptedWebhooks += result.ok();
        acceptedMessages += result.messages();
        acceptedStatuses += result.statuses();
        refusedWebhooks += result.failed();
    }

    /** Every webhook answered 200 must be on the raw topic, and each of its events on its topic; nothing more. */
    private void lossCheck(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            long raw = BenchBroker.endOffsets(admin, Topics.WEBHOOKS_RAW.name());
            long messages = BenchBroker.endOffsets(admin, Topics.INBOUND_MESSAGES.name());
            long statuses = BenchBroker.endOffsets(admin, Topics.INBOUND_STATUSES.name());
            boolean exact = raw == acceptedWebhooks && messages == acceptedMessages && statuses == acceptedStatuses;
            out.printf("%nLoss check, over every request to the service (warm-up included): %,d webhooks answered 200,"
                            + " %,d not: %s%n", acceptedWebhooks, refusedWebhooks,
                    exact ? "each is on the raw topic and each of its events on its topic, nothing lost, nothing extra: OK"
                            : refusedWebhooks > 0 ? "MISMATCH (a webhook answered 503 may have left records)" : "MISMATCH");
            out.printf("    %s %,d records (expected %,d), %s %,d (expected %,d), %s %,d (expected %,d)%n",
                    Topics.WEBHOOKS_RAW.name(), raw, acceptedWebhooks, Topics.INBOUND_MESSAGES.name(), messages,
                    acceptedMessages, Topics.INBOUND_STATUSES.name(), statuses, acceptedStatuses);
        }
    }

    private void summary() {
        int cpus = Runtime.getRuntime().availableProcessors();
        out.printf("%n== Summary, %s: %d cores shared by broker, service and load generator. Absolute figures drift with"
                + " whatever else runs on the machine (\"else\"); the ratios hold. ==%n",
                ZonedDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE), cpus);
        out.printf("%-28s %4s %9s %-10s %7s %7s %7s %7s %6s | %s%n", "phase", "c", "rate", "", "p50 ms", "p99 ms",
                "p99.9", "max ms", "errors", "CPU cores: server broker gen else");
        for (Row row : rows) {
            out.printf(Locale.ROOT, "%-28s %4s %,9.0f %-10s %7.2f %7.2f %7.2f %7.2f %6d | %17s %6.2f %4.2f %4.2f%n",
                    row.phase(), row.concurrency() > 0 ? String.valueOf(row.concurrency()) : "open", row.rate(), row.unit(),
                    row.ms(50), row.ms(99), row.ms(99.9), row.maxMs(), row.errors(),
                    row.server() == null ? "-" : String.format(Locale.ROOT, "%.2f", row.cpu().cores(row.server())),
                    row.cpu().cores(BROKER), row.cpu().cores(DRIVER), row.cpu().otherCores());
        }
        String noisy = rows.stream().filter(r -> r.cpu().otherCores() > 0.25).map(r -> r.phase().substring(3).trim()
                + (r.concurrency() > 0 ? " c=" + r.concurrency() : "")).collect(Collectors.joining("; "));
        if (!noisy.isEmpty()) {
            out.println("noisy (other processes used more than 0.25 cores): " + noisy);
        }
        Row http = rows.stream().filter(r -> r.phase().startsWith("a ")).findFirst().orElse(null);
        Row kafka = rows.stream().filter(r -> r.phase().startsWith("b ")).findFirst().orElse(null);
        Row best = rows.stream().filter(r -> r.phase().startsWith("d ")).max(Comparator.comparingDouble(Row::rate)).orElse(null);
        Row same = rows.stream().filter(r -> r.phase().startsWith("d ") && http != null && r.concurrency() == http.concurrency())
                .findFirst().orElse(best);
        Row fixed = rows.stream().filter(r -> r.phase().startsWith("e ")).findFirst().orElse(null);
        if (same != null && http != null && kafka != null) {
            out.printf(Locale.ROOT, "service / baselines at %d in flight: throughput %.2f x the bare HTTP server's, %.2f x"
                            + " the raw producer's; p50 %.1f x the bare server's, %.1f x the raw producer's%n",
                    same.concurrency(), same.rate() / http.rate(), same.rate() / kafka.rate(), same.ms(50) / http.ms(50),
                    same.ms(50) / kafka.ms(50));
            out.printf(Locale.ROOT, "CPU per webhook at %d in flight: service %.0f us (bare HTTP server: %.0f us per"
                            + " request; raw producer: %.0f us per webhook in the load generator's JVM), broker %.0f us"
                            + " (raw producer: %.0f us)%n", same.concurrency(), same.cpuMicros(SERVICE),
                    http.cpuMicros(ECHO), kafka.cpuMicros(DRIVER), same.cpuMicros(BROKER), kafka.cpuMicros(BROKER));
        }
        if (best != null) {
            out.printf(Locale.ROOT, "goal >= 5,000 webhooks/s: %s (best %,.0f/s with %d in flight, p99 %.2f ms, %d errors)%n",
                    best.rate() >= 5000 && best.errors() == 0 ? "REACHED" : "NOT REACHED", best.rate(), best.concurrency(),
                    best.ms(99), best.errors());
        }
        if (fixed != null) {
            out.printf(Locale.ROOT, "goal p99 < 50 ms at %,.0f/s: %s (achieved %,.0f/s, p99 %.2f ms, p99.9 %.2f ms, %d errors)%n",
                    settings.rate(), fixed.ms(99) < 50 && fixed.errors() == 0 && fixed.rate() >= 0.98 * settings.rate()
                            ? "REACHED" : "NOT REACHED", fixed.rate(), fixed.ms(99), fixed.ms(99.9), fixed.errors());
        }
    }

    private void describe(List<WebhookBodies.Body> bodies) {
        long single = bodies.stream().filter(b -> b.messages() == 1).count();
        long status = bodies.stream().filter(b -> b.statuses() > 0).count();
        long batch = bodies.stream().filter(b -> b.messages() > 1).count();
        double meanBytes = bodies.stream().mapToInt(b -> b.bytes().length).average().orElse(0);
        int maxBytes = bodies.stream().mapToInt(b -> b.bytes().length).max().orElse(0);
        double events = bodies.stream().mapToInt(b -> b.messages() + b.statuses()).average().orElse(0);
        out.printf("bodies: %,d pre-signed Cloud API webhooks: %,d single messages, %,d status batches, %,d multi-message"
                + " batches; mean %.0f bytes (max %,d), %.2f events per webhook%n", bodies.size(), single, status, batch,
                meanBytes, maxBytes, events);
    }

    @Override
    public void stopAll() {
        Processes.stop(service, Duration.ofSeconds(30));
        Processes.stopChild(echo);
        Processes.stopChild(broker);
    }
}
