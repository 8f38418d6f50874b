package dev.switchboard.ticket.bench;

import static dev.switchboard.bench.BenchRun.BROKER;
import static dev.switchboard.bench.BenchRun.POSTGRES;
import static dev.switchboard.bench.BenchRun.SERVICE;
import static dev.switchboard.bench.BenchRun.integer;
import static dev.switchboard.bench.BenchRun.seconds;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.HdrHistogram.Histogram;

import dev.switchboard.bench.BenchBroker;
import dev.switchboard.bench.BenchPostgres;
import dev.switchboard.bench.BenchRun;
import dev.switchboard.bench.CpuMeter;
import dev.switchboard.bench.Meter;
import dev.switchboard.bench.Processes;
import dev.switchboard.store.testing.S3TestServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The live-update benchmark (ticket-service/BENCHMARK.md, "Live updates"): how long from a customer's webhook to the
 * moment the console has what it needs to draw the bubble, at a fixed rate of webhooks.
 *
 * <p>Real processes on this machine: a KRaft broker, PostgreSQL, ingress-service and ticket-service as deployed
 * ({@code java -jar}), and this driver, which plays Meta and the console at once. It POSTs signed Cloud API webhooks
 * (one text message each, from a pool of customers) to ingress-service at {@code bench.rate} per second, open loop
 * (each latency counts from the webhook's intended send time, so a stall is not hidden), and holds one
 * {@code GET /api/events} stream open, as the console does. For each {@code ARTICLE_ADDED} inbound event it asks
 * {@code GET /api/tickets/{id}}, as the console does, and finds the article and its wamid in the answer: the
 * webhook's live latency ends there. The baseline, measured on the same webhooks in the same run, is ingress's own
 * answer (its 200 comes once the webhook is on Kafka). Warm-up {@code bench.warmupSeconds} (not measured), then
 * {@code bench.seconds} measured.
 */
public final class LiveBenchmark implements BenchRun.Benchmark {

    private static final String INGRESS = "ingress";
    private static final String DRIVER = "driver";
    private static final String CHANNEL = "live-bench";
    private static final String PHONE_NUMBER_ID = "106540352242901";
    private static final String APP_SECRET = "live-bench-app-secret-7c1e";
    private static final String TOKEN = "live-bench-agent-token";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    record Settings(Path jar, Path ingressJar, Path outDir, int rate, int warmupSeconds, int seconds, int customers,
                    int partitions, String serviceJvmArgs) implements BenchRun.Settings {

        static Settings fromSystemProperties() {
            return new Settings(
                    Path.of(System.getProperty("bench.jar", "ticket-service/target/ticket-service-0.1.0-SNAPSHOT.jar"))
                            .toAbsolutePath(),
                    Path.of(System.getProperty("bench.ingressJar",
                            "ingress-service/target/ingress-service-0.1.0-SNAPSHOT.jar")).toAbsolutePath(),
                    Path.of(System.getProperty("bench.outDir", "ticket-service/target/bench-live")).toAbsolutePath(),
                    integer("bench.rate", 100), integer("bench.warmupSeconds", 90), integer("bench.seconds", 60),
                    integer("bench.customers", 2000), integer("bench.partitions", 6),
                    System.getProperty("bench.serviceJvmArgs", "-Xms512m -Xmx512m"));
        }
    }

    /** A webhook sent: when it was meant to go out (nanoTime), and whether it is in the measured window. */
    private record Sent(long intendedNanos, boolean measured) {
    }

    private final Settings settings;
    private final PrintStream out;
    private final Map<String, CpuMeter.Target> processes = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Sent> sent = new ConcurrentHashMap<>();
    private final Histogram ingressLatency = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
    private final Histogram liveLatency = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
    private final Histogram eventLatency = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
    private final AtomicLong ingressErrors = new AtomicLong();
    private final AtomicLong fetchErrors = new AtomicLong();
    private final AtomicLong articleMissing = new AtomicLong();
    private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
    private final AtomicLong seen = new AtomicLong();
    private volatile Process broker;
    private volatile BenchPostgres postgres;
    private volatile Process ticketService;
    private volatile Process ingress;
    private volatile Stream<String> events;

    private LiveBenchmark(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        BenchRun.main(Settings.fromSystemProperties(), LiveBenchmark::new);
    }

    @Override
    public void run() throws Exception {
        BenchRun.begin(out, "ticket-service live updates", "broker, PostgreSQL, ingress-service, ticket-service and"
                + " the driver", settings.jar(), DRIVER);
        BenchRun.requireJar(settings.ingressJar(), "ingress-service");
        Path channelsFile = settings.outDir().resolve("live-bench-channels.yml");
        Files.writeString(channelsFile, BenchRun.channelsYaml("written by the live-update benchmark", Map.of(CHANNEL,
                Map.of("provider", "meta", "meta", Map.of("phone-number-ids", List.of(PHONE_NUMBER_ID),
                        "app-secret", APP_SECRET, "verify-token", "live-bench-verify")))));

        long began = System.nanoTime();
        Processes.Started started = BenchBroker.start(BenchBroker.switchboardTopics(settings.partitions(), true),
                "-Xms512m -Xmx512m", BenchRun.fresh(settings.outDir(), "broker.log"));
        broker = started.process();
        String bootstrap = started.value();
        processes.put(BROKER, CpuMeter.Target.jvm(broker.toHandle()));
        out.printf("broker: KRaft, own JVM (pid %d), %s, %d partitions per topic, ready in %.1f s%n", broker.pid(),
                bootstrap, settings.partitions(), seconds(began));

        began = System.nanoTime();
        postgres = BenchPostgres.start(settings.outDir().resolve("pgdata"), Map.of(),
                BenchRun.fresh(settings.outDir(), "postgres.log"));
        postgres.createDatabase("switchboard");
        processes.put(POSTGRES, CpuMeter.Target.tree(postgres.postmasterPid()));
        out.printf("postgres: own processes (fsync and synchronous commit on), port %d, ready in %.1f s%n",
                postgres.port(), seconds(began));

        began = System.nanoTime();
        int ticketPort = Processes.freePort();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SWITCHBOARD_DATABASE_URL", postgres.jdbcUrl("switchboard"));
        env.put("SWITCHBOARD_DATABASE_USERNAME", BenchPostgres.USER);
        env.put("SWITCHBOARD_DATABASE_PASSWORD", BenchPostgres.PASSWORD);
        env.put("SWITCHBOARD_KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        env.put("SWITCHBOARD_AGENT_API_TOKEN", TOKEN);
        env.put("SPRING_CONFIG_ADDITIONAL_LOCATION", "file:" + channelsFile.toAbsolutePath());
        // Its media store (required at start; no file goes there in this run): S3Mock in this JVM.
        String ticketJvmArgs = settings.serviceJvmArgs() + S3TestServer.properties("live-bench").entrySet().stream()
                .map(e -> " -D" + e.getKey() + "=" + e.getValue()).sorted().collect(Collectors.joining());
        ticketService = Processes.startService(settings.jar(), ticketJvmArgs, env, ticketPort,
                BenchRun.fresh(settings.outDir(), "ticket-service.log"));
        processes.put(SERVICE, CpuMeter.Target.jvm(ticketService.toHandle()));
        out.printf("ticket-service: java %s -jar %s (pid %d), port %d, media store S3Mock in the driver's JVM, ready in"
                + " %.1f s%n", settings.serviceJvmArgs(), settings.jar().getFileName(), ticketService.pid(), ticketPort,
                seconds(began));

        began = System.nanoTime();
        int ingressPort = Processes.freePort();
        ingress = Processes.startService(settings.ingressJar(), settings.serviceJvmArgs(), Map.of(
                "SWITCHBOARD_KAFKA_BOOTSTRAP_SERVERS", bootstrap,
                "SPRING_CONFIG_ADDITIONAL_LOCATION", "file:" + channelsFile.toAbsolutePath()), ingressPort,
                BenchRun.fresh(settings.outDir(), "ingress-service.log"));
        processes.put(INGRESS, CpuMeter.Target.jvm(ingress.toHandle()));
        processes.put(DRIVER, CpuMeter.Target.jvm(ProcessHandle.current()));
        out.printf("ingress-service: java %s -jar %s (pid %d), port %d, ready in %.1f s%n", settings.serviceJvmArgs(),
                settings.ingressJar().getFileName(), ingress.pid(), ingressPort, seconds(began));

        openEventStream(ticketPort);
        Meter meter = new Meter(processes, () -> Processes.prometheus(ticketPort));
        int total = settings.rate() * (settings.warmupSeconds() + settings.seconds());
        long period = TimeUnit.SECONDS.toNanos(1) / settings.rate();
        out.printf("%nload: %d webhooks/s to ingress-service, open loop, one text message each from %d customers;"
                        + " %d s warm-up (not measured), then %d s measured; one event stream open%n", settings.rate(),
                settings.customers(), settings.warmupSeconds(), settings.seconds());
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        int warmup = settings.rate() * settings.warmupSeconds();
        AtomicLong next = new AtomicLong();
        clock.scheduleAtFixedRate(() -> {
            // every tick sends what is due by now: a late tick catches up, latencies count from the intended times
            long now = System.nanoTime();
            long i;
            while ((i = next.get()) < total && start + i * period <= now) {
                next.incrementAndGet();
                send(ingressPort, (int) i, start + i * period, i >= warmup);
            }
        }, 0, 1, TimeUnit.MILLISECONDS);
        Thread.sleep(Math.max(0, (start + warmup * period - System.nanoTime()) / 1_000_000));
        Meter.Phase phase = meter.start();
        long deadline = start + total * period + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && (next.get() < total || seen.get() + ingressErrors.get() < total)) {
            Thread.sleep(200);
        }
        clock.shutdownNow();
        Meter.Measured measured = phase.end();
        report(measured, total);
    }

    /** One Cloud API webhook with one text message, signed as Meta signs it, POSTed to ingress-service. */
    private void send(int port, int index, long intendedNanos, boolean measured) {
        String wamid = "wamid.LIVEBENCH" + String.format(Locale.ROOT, "%010d", index);
        String customer = String.valueOf(4915100000000L + index % settings.customers());
        long timestamp = System.currentTimeMillis() / 1000;
        String body = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"419561257915471\",\"changes\":"
                + "[{\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":"
                + "\"15550783881\",\"phone_number_id\":\"" + PHONE_NUMBER_ID + "\"},\"contacts\":[{\"profile\":"
                + "{\"name\":\"Customer " + customer + "\"},\"wa_id\":\"" + customer + "\"}],\"messages\":[{\"from\":\""
                + customer + "\",\"id\":\"" + wamid + "\",\"timestamp\":\"" + timestamp + "\",\"type\":\"text\","
                + "\"text\":{\"body\":\"Hello, where is my parcel? (" + index + ")\"}}]},\"field\":\"messages\"}]}]}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        sent.put(wamid, new Sent(intendedNanos, measured));
        http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/whatsapp/" + CHANNEL))
                        .header("Content-Type", "application/json").header("X-Hub-Signature-256", sign(bytes))
                        .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(),
                        HttpResponse.BodyHandlers.discarding())
                .whenComplete((response, failure) -> {
                    if (failure != null || response.statusCode() != 200) {
                        ingressErrors.incrementAndGet();
                        failed("ingress", failure, response);
                        sent.remove(wamid);
                    } else if (measured) {
                        record(ingressLatency, intendedNanos);
                    }
                });
    }

    private static String sign(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(APP_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The console's stream: each inbound ARTICLE_ADDED is followed by the console's GET of its ticket. */
    private void openEventStream(int port) throws Exception {
        HttpResponse<Stream<String>> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/events")).header("Authorization", "Bearer " + TOKEN)
                .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET /api/events answered " + response.statusCode());
        }
        events = response.body();
        Thread reader = new Thread(() -> {
            try {
                events.forEach(line -> {
                    if (line.startsWith("data:")) {
                        JsonNode data = JSON.readTree(line.substring(5));
                        if (data.path("type").asString("").equals("ARTICLE_ADDED")
                                && data.path("direction").asString("").equals("inbound")) {
                            fetch(port, data.path("ticketId").asLong(), data.path("articleId").asLong(), System.nanoTime());
                        }
                    }
                });
            } catch (RuntimeException e) {
                // the stream was closed at the end of the run
            }
        }, "event-stream");
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Processes.prometheus(port).getOrDefault("switchboard_console_live_connections", 0.0).equals(1.0)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the event stream is not open after 30 s");
            }
            Thread.sleep(100);
        }
    }

    private void fetch(int port, long ticketId, long articleId, long eventNanos) {
        http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/tickets/" + ticketId))
                        .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(30)).GET().build(),
                        HttpResponse.BodyHandlers.ofString())
                .whenComplete((response, failure) -> {
                    if (failure != null || response.statusCode() != 200) {
                        fetchErrors.incrementAndGet();
                        failed("GET /api/tickets/{id}", failure, response);
                        return;
                    }
                    for (JsonNode article : JSON.readTree(response.body()).path("articles")) {
                        if (article.path("id").asLong() == articleId) {
                            Sent webhook = sent.remove(article.path("messageId").asString(""));
                            if (webhook == null) {
                                return; // not one of ours, or seen already
                            }
                            seen.incrementAndGet();
                            if (webhook.measured()) {
                                record(liveLatency, webhook.intendedNanos());
                                synchronized (eventLatency) {
                                    eventLatency.recordValue(Math.max(0, (eventNanos - webhook.intendedNanos()) / 1000));
                                }
                            }
                            return;
                        }
                    }
                    articleMissing.incrementAndGet(); // the event came before the article could be read: a bug
                });
    }

    private void failed(String what, Throwable failure, HttpResponse<?> response) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        String reason = cause != null ? cause.getClass().getSimpleName() : "status " + response.statusCode();
        failures.computeIfAbsent(what + ": " + reason, k -> new AtomicLong()).incrementAndGet();
    }

    private static void record(Histogram histogram, long intendedNanos) {
        long micros = Math.max(0, (System.nanoTime() - intendedNanos) / 1000);
        synchronized (histogram) {
            histogram.recordValue(Math.min(micros, histogram.getHighestTrackableValue()));
        }
    }

    private void report(Meter.Measured measured, int total) {
        long missing = sent.values().stream().filter(Sent::measured).count();
        out.printf("%nwebhooks: %,d sent, %,d answered 200 by ingress, %,d errors; %,d seen live (event + ticket),"
                        + " %,d of the measured ones never seen; %,d ticket fetches failed, %,d lacked the article%n",
                total, total - ingressErrors.get(), ingressErrors.get(), seen.get(), missing, fetchErrors.get(),
                articleMissing.get());
        failures.forEach((reason, count) -> out.printf("    %s: %,d%n", reason, count.get()));
        out.printf("%nlatency ms, over the %d s measured (%,d webhooks), from each webhook's intended send time:%n",
                settings.seconds(), ingressLatency.getTotalCount());
        out.printf("%-58s %8s %8s %8s %8s %8s%n", "", "p50", "p95", "p99", "max", "count");
        line("baseline: ingress answered 200 (webhook on Kafka)", ingressLatency);
        line("SSE event received (ARTICLE_ADDED)", eventLatency);
        line("live: event + GET /api/tickets/{id} has the article", liveLatency);
        out.println(BenchRun.cpuLine(measured.usage()));
        double count = measured.delta("switchboard_console_live_delay_seconds_count");
        double sum = measured.delta("switchboard_console_live_delay_seconds_sum");
        if (count > 0) {
            out.printf(Locale.ROOT, "    ticket-service's own switchboard_console_live_delay_seconds (event occurredAt"
                    + " -> written to the stream): mean %.2f ms over %,.0f events%n", 1000 * sum / count, count);
        }
        out.printf(Locale.ROOT, "%nlive p99 %.1f ms at %d webhooks/s; baseline (ingress 200) p99 %.1f ms: the live path"
                        + " adds %.1f ms at p99%n", ms(liveLatency, 99), settings.rate(), ms(ingressLatency, 99),
                ms(liveLatency, 99) - ms(ingressLatency, 99));
        if (ingressErrors.get() > 0 || missing > 0 || fetchErrors.get() > 0 || articleMissing.get() > 0) {
            throw new IllegalStateException("errors or webhooks never seen live: the figures above are incomplete");
        }
    }

    private void line(String name, Histogram h) {
        out.printf(Locale.ROOT, "%-58s %8.1f %8.1f %8.1f %8.1f %,8d%n", name, ms(h, 50), ms(h, 95), ms(h, 99),
                h.getTotalCount() == 0 ? Double.NaN : h.getMaxValue() / 1000.0, h.getTotalCount());
    }

    private static double ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
    }

    @Override
    public void stopAll() {
        Stream<String> stream = events;
        if (stream != null) {
            stream.close();
        }
        Processes.stop(ingress, Duration.ofSeconds(30));
        Processes.stop(ticketService, Duration.ofSeconds(30));
        BenchRun.closeQuietly(postgres);
        Processes.stopChild(broker);
    }
}
