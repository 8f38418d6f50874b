package dev.switchboard.media.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.switchboard.bench.BenchBroker;
import dev.switchboard.bench.BenchPostgres;
import dev.switchboard.bench.BenchRun;
import dev.switchboard.bench.Processes;
import dev.switchboard.events.Customer;
import dev.switchboard.events.InboundMessage;
import dev.switchboard.events.InboundMessageType;
import dev.switchboard.events.Media;
import dev.switchboard.events.MediaEvent;
import dev.switchboard.events.MediaEventType;
import dev.switchboard.events.Provider;
import dev.switchboard.schemas.EventDeserializer;
import dev.switchboard.schemas.EventSerializer;
import dev.switchboard.schemas.Keys;
import dev.switchboard.schemas.Topics;
import dev.switchboard.store.S3MediaStore;
import dev.switchboard.store.Sha256;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import dev.switchboard.store.embedded.EmbeddedS3;

/**
 * Inbound media fetched per second and bytes per second by media-service (the jar as deployed, in its own JVM), from
 * the sandbox's Graph API into an S3 server, against a baseline in the same run: the raw HTTP download rate of the same
 * files from the same sandbox (media URL lookup, then the download, with the same concurrency, bytes discarded). Then
 * the service's heap and resident memory while 100 MB documents stream through it.
 *
 * <p>Processes: a KRaft broker and PostgreSQL (bench-support), the sandbox and media-service (their jars), and S3Mock in
 * this JVM. Every file is new to the store: a file already stored is not downloaded again, which would flatter the
 * service.
 */
public final class MediaBenchmark implements BenchRun.Benchmark {

    private static final String CHANNEL = "demo";
    private static final String PHONE_NUMBER_ID = "100200300400500";
    private static final String TOKEN = "demo-access-token";
    private static final String GRAPH_VERSION = "v23.0";
    private static final String BUCKET = "bench-media";

    record Settings(Path outDir, Path root, int images, int imageBytes, int warmupSeconds, int documents,
                    int documentBytes, int concurrency, String serviceJvm) implements BenchRun.Settings {

        static Settings fromSystemProperties() {
            return new Settings(Path.of(System.getProperty("bench.outDir", "target/bench")),
                    Path.of(System.getProperty("bench.root", "..")).toAbsolutePath().normalize(),
                    BenchRun.integer("bench.images", 2000), BenchRun.integer("bench.imageBytes", 256 * 1024),
                    BenchRun.integer("bench.warmupSeconds", 25), BenchRun.integer("bench.documents", 3),
                    BenchRun.integer("bench.documentBytes", 100_000_000),
                    BenchRun.integer("bench.concurrency", 8),
                    System.getProperty("bench.serviceJvm", "-Xms256m -Xmx256m -XX:+UseSerialGC"));
        }
    }

    /** A file the sandbox holds: its media id, digest and size. */
    record SandboxFile(String mediaId, String sha256Hex, long size, String mimeType) {
    }

    private final Settings settings;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Process> services = new ArrayList<>();
    private Processes.Started broker;
    private BenchPostgres postgres;
    private EmbeddedS3 s3;
    private int sandboxPort;
    private int servicePort;
    private Process service;
    private KafkaProducer<String, SpecificRecord> producer;
    private KafkaConsumer<String, Object> outcomes;
    private long seed = 1;

    MediaBenchmark(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    public static void main(String[] args) throws IOException {
        BenchRun.main(Settings.fromSystemProperties(), MediaBenchmark::new);
    }

    @Override
    public void run() throws Exception {
        Path sandboxJar = settings.root().resolve("sandbox/target/sandbox-0.1.0-SNAPSHOT.jar");
        Path serviceJar = settings.root().resolve("media-service/target/media-service-0.1.0-SNAPSHOT.jar");
        BenchRun.requireJar(sandboxJar, "sandbox");
        BenchRun.begin(out, "media-service", "the broker, PostgreSQL, S3Mock (in the driver), the sandbox and the service",
                serviceJar, "driver");
        out.printf("settings: %d images of %,d bytes per phase, warm-up %d s, %d documents of %,d bytes, %d concurrent "
                        + "fetches, service JVM %s%n", settings.images(), settings.imageBytes(), settings.warmupSeconds(),
                settings.documents(), settings.documentBytes(), settings.concurrency(), settings.serviceJvm());
        startEverything(sandboxJar, serviceJar);

        // warm-up: the service and the baseline's client both reach steady code before anything is measured
        long warmupEnds = System.nanoTime() + Duration.ofSeconds(settings.warmupSeconds()).toNanos();
        int rounds = 0;
        while (System.nanoTime() < warmupEnds) {
            List<SandboxFile> files = upload(settings.images() / 4, settings.imageBytes(), "image/jpeg");
            rawDownloads(files);
            throughService(files, InboundMessageType.IMAGE);
            rounds++;
        }
        out.printf("warm-up: %d rounds in %d s%n", rounds, settings.warmupSeconds());
        BenchRun.settle();

        List<SandboxFile> images = upload(settings.images(), settings.imageBytes(), "image/jpeg");
        long bytes = images.stream().mapToLong(SandboxFile::size).sum();
        Rate raw = rawDownloads(images);
        BenchRun.settle();
        Rate fetched = throughService(images, InboundMessageType.IMAGE);
        BenchRun.settle();
        // the same work without the service: download, then put into the same S3 server (other, equally new files)
        Rate rawIntoStore = rawDownloadsIntoStore(upload(settings.images(), settings.imageBytes(), "image/jpeg"));
        out.printf("%n[a] raw HTTP download from the sandbox (lookup + GET, %d threads): %,.0f files/s, %,.1f MB/s%n",
                settings.concurrency(), raw.files(), raw.megabytes());
        out.printf("[a2] the same download, then MediaStore.put into the S3 server:    %,.0f files/s, %,.1f MB/s%n",
                rawIntoStore.files(), rawIntoStore.megabytes());
        out.printf("[b] media-service fetch -> verify -> store -> event:           %,.0f files/s, %,.1f MB/s (%d stored, "
                + "%d failed)%n", fetched.files(), fetched.megabytes(), fetched.stored(), fetched.failed());
        out.printf("[b]/[a] = %.2f, [b]/[a2] = %.2f (%,d files, %,.1f MB each phase)%n", fetched.files() / raw.files(),
                fetched.files() / rawIntoStore.files(), images.size(), bytes / 1e6);

        memoryWhileDocumentsStream();
    }

    private void startEverything(Path sandboxJar, Path serviceJar) throws Exception {
        Path out = settings.outDir();
        broker = BenchBroker.start(List.of(
                BenchBroker.topic(Topics.INBOUND_MESSAGES.name(), 6, Topics.INBOUND_MESSAGES),
                BenchBroker.topic(Topics.INBOUND_MESSAGES.deadLetterTopic(), 6, Topics.INBOUND_MESSAGES),
                BenchBroker.topic(Topics.MEDIA_EVENTS.name(), 6, Topics.MEDIA_EVENTS),
                BenchBroker.topic(Topics.MEDIA_EVENTS.deadLetterTopic(), 6, Topics.MEDIA_EVENTS)),
                "-Xms512m -Xmx512m", BenchRun.fresh(out, "broker.log"));
        postgres = BenchPostgres.start(BenchRun.fresh(out, "postgres"), Map.of(), BenchRun.fresh(out, "postgres.log"));
        postgres.createDatabase("media");
        s3 = EmbeddedS3.start(0, Files.createTempDirectory("bench-s3-"), List.of(BUCKET));
        Path channels = settings.root().resolve("deploy/local/channels.yml");

        sandboxPort = Processes.freePort();
        services.add(Processes.launchService(sandboxJar, "-Xms128m -Xmx128m", Map.of(
                "SERVER_PORT", String.valueOf(sandboxPort),
                "SPRING_CONFIG_ADDITIONAL_LOCATION", "file:" + channels,
                "SWITCHBOARD_SANDBOX_INGRESS_URL", "http://127.0.0.1:9"), BenchRun.fresh(out, "sandbox.log")));
        awaitHealth(sandboxPort, out.resolve("sandbox.log"));

        servicePort = Processes.freePort();
        Map<String, String> env = new HashMap<>();
        env.put("SPRING_CONFIG_ADDITIONAL_LOCATION", "file:" + channels);
        env.put("SWITCHBOARD_KAFKA_BOOTSTRAP_SERVERS", broker.value());
        env.put("SWITCHBOARD_DATABASE_URL", postgres.jdbcUrl("media"));
        env.put("SWITCHBOARD_DATABASE_USERNAME", BenchPostgres.USER);
        env.put("SWITCHBOARD_DATABASE_PASSWORD", BenchPostgres.PASSWORD);
        env.put("SWITCHBOARD_GRAPH_BASE_URL", "http://127.0.0.1:" + sandboxPort);
        env.put("SWITCHBOARD_TWILIO_BASE_URL", "http://127.0.0.1:" + sandboxPort);
        env.put("SWITCHBOARD_MEDIA_STORE_ENDPOINT", s3.endpoint().toString());
        env.put("SWITCHBOARD_MEDIA_BUCKET", BUCKET);
        env.put("SWITCHBOARD_MEDIA_STORE_PATHSTYLE", "true");
        env.put("SWITCHBOARD_MEDIA_STORE_ACCESSKEY", "bench");
        env.put("SWITCHBOARD_MEDIA_STORE_SECRETKEY", "bench");
        env.put("SWITCHBOARD_MEDIA_FETCH_CONCURRENCY", String.valueOf(settings.concurrency()));
        service = Processes.startService(serviceJar, settings.serviceJvm(), env, servicePort,
                BenchRun.fresh(out, "media-service.log"));
        services.add(service);

        Map<String, Object> producerConfig = BenchRun.producerLikeIngress(broker.value());
        producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new EventSerializer<>());
        outcomes = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.value(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new EventDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (int p = 0; p < 6; p++) {
            partitions.add(new TopicPartition(Topics.MEDIA_EVENTS.name(), p));
        }
        outcomes.assign(partitions);
        outcomes.seekToEnd(partitions);
        partitions.forEach(outcomes::position);
    }

    /** Uploads {@code count} new files of {@code size} random bytes through the sandbox's Graph upload endpoint. */
    private List<SandboxFile> upload(int count, int size, String mimeType) throws Exception {
        List<SandboxFile> files = new ArrayList<>(count);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<SandboxFile>> pending = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                long fileSeed = seed++;
                pending.add(pool.submit(() -> uploadOne(fileSeed, size, mimeType)));
            }
            for (Future<SandboxFile> file : pending) {
                files.add(file.get());
            }
        } finally {
            pool.shutdownNow();
        }
        return files;
    }

    private SandboxFile uploadOne(long fileSeed, long size, String mimeType) throws Exception {
        MessageDigest digest = Sha256.digest();
        try (InputStream in = new RandomBytes(fileSeed, size)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        String boundary = "bench" + UUID.randomUUID();
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"messaging_product\"\r\n\r\nwhatsapp\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"type\"\r\n\r\n" + mimeType + "\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"file-" + fileSeed
                + "\"\r\nContent-Type: " + mimeType + "\r\n\r\n";
        String tail = "\r\n--" + boundary + "--\r\n";
        HttpRequest request = HttpRequest.newBuilder(graph("/" + PHONE_NUMBER_ID + "/media"))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(
                        HttpRequest.BodyPublishers.ofString(head),
                        HttpRequest.BodyPublishers.ofInputStream(() -> new RandomBytes(fileSeed, size)),
                        HttpRequest.BodyPublishers.ofString(tail)))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the sandbox refused an upload: " + response.statusCode() + " "
                    + response.body());
        }
        return new SandboxFile(jsonString(response.body(), "id"), Sha256.hex(digest.digest()), size, mimeType);
    }

    /** The baseline: what a plain HTTP client achieves against the same sandbox for the same files. */
    private Rate rawDownloads(List<SandboxFile> files) throws Exception {
        return downloadAll(files, (file, in) -> in.transferTo(java.io.OutputStream.nullOutputStream()));
    }

    /** A second baseline: download as in {@link #rawDownloads}, then stream into the store as the service does. */
    private Rate rawDownloadsIntoStore(List<SandboxFile> files) throws Exception {
        try (S3Client client = S3Client.builder().region(Region.US_EAST_1).endpointOverride(s3.endpoint())
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(64)).build()) {
            S3MediaStore store = new S3MediaStore(client, null, BUCKET, "", Files.createTempDirectory("bench-spool-"));
            return downloadAll(files, (file, in) -> store.put(in, file.mimeType(), 5_000_000, file.sha256Hex()).size());
        }
    }

    /** What a plain client does with one downloaded file: returns the bytes it took. */
    private interface Sink {
        long take(SandboxFile file, InputStream in) throws IOException;
    }

    /** Every file looked up and downloaded from the sandbox with the service's concurrency, each body into the sink. */
    private Rate downloadAll(List<SandboxFile> files, Sink sink) throws Exception {
        AtomicLong bytes = new AtomicLong();
        long began = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(settings.concurrency());
        try {
            List<Future<?>> pending = new ArrayList<>();
            for (SandboxFile file : files) {
                pending.add(pool.submit(() -> {
                    HttpResponse<String> lookup = http.send(HttpRequest.newBuilder(graph("/" + file.mediaId()))
                            .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
                    URI url = URI.create(jsonString(lookup.body(), "url"));
                    HttpResponse<InputStream> download = http.send(HttpRequest.newBuilder(url)
                            .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofInputStream());
                    try (InputStream in = download.body()) {
                        bytes.addAndGet(sink.take(file, in));
                    }
                    return null;
                }));
            }
            for (Future<?> f : pending) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = BenchRun.seconds(began);
        return new Rate(files.size() / seconds, bytes.get() / 1e6 / seconds, files.size(), 0);
    }

    /** Publishes one inbound message per file, as ingress would, and waits for every file's outcome. */
    private Rate throughService(List<SandboxFile> files, InboundMessageType type) throws Exception {
        Set<String> waiting = new HashSet<>();
        long began = System.nanoTime();
        for (SandboxFile file : files) {
            InboundMessage message = message(file, type);
            waiting.add(message.getMessageId());
            producer.send(new ProducerRecord<>(Topics.INBOUND_MESSAGES.name(),
                    Keys.conversation(CHANNEL, message.getCustomer()), message));
        }
        producer.flush();
        int stored = 0;
        int failed = 0;
        long bytes = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (!waiting.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(waiting.size() + " files without an outcome after 10 minutes");
            }
            for (ConsumerRecord<String, Object> record : outcomes.poll(Duration.ofMillis(200))) {
                if (record.value() instanceof MediaEvent event && waiting.remove(event.getMessageId())) {
                    if (event.getType() == MediaEventType.STORED) {
                        stored++;
                        bytes += event.getStored().getSize();
                    } else {
                        failed++;
                        out.println("  failed: " + event.getFailure() + " " + event.getFailureDetail());
                    }
                }
            }
        }
        double seconds = BenchRun.seconds(began);
        return new Rate(files.size() / seconds, bytes / 1e6 / seconds, stored, failed);
    }

    /** Heap and resident memory of the service, sampled while large documents stream through it. */
    private void memoryWhileDocumentsStream() throws Exception {
        List<SandboxFile> documents = upload(settings.documents(), settings.documentBytes(), "application/pdf");
        long pid = service.pid();
        AtomicLong maxHeap = new AtomicLong();
        AtomicLong maxRss = new AtomicLong();
        long baseRss = rss(pid);
        long baseHeap = heapUsed();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                maxHeap.accumulateAndGet(heapUsed(), Math::max);
                maxRss.accumulateAndGet(rss(pid), Math::max);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "memory-sampler");
        sampler.setDaemon(true);
        sampler.start();
        Rate rate = throughService(documents, InboundMessageType.DOCUMENT);
        sampler.interrupt();
        sampler.join();
        out.printf("%n[c] %d documents of %,d MB streamed: %,.1f MB/s, %d stored, %d failed%n", documents.size(),
                settings.documentBytes() >> 20, rate.megabytes(), rate.stored(), rate.failed());
        out.printf("    service heap used: %,d MB before, %,d MB at most while streaming (the JVM's heap is %s)%n",
                baseHeap >> 20, maxHeap.get() >> 20, settings.serviceJvm());
        out.printf("    service resident memory: %,d MB before, %,d MB at most%n", baseRss >> 20, maxRss.get() >> 20);
    }

    /** The service's heap in use (every heap pool of jvm_memory_used_bytes): what would grow with buffered files. */
    private long heapUsed() {
        try {
            long used = 0;
            for (String line : Processes.get(servicePort, "/actuator/prometheus").body().split("\n")) {
                if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                    used += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            return used;
        } catch (IOException | RuntimeException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private static long rss(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    private InboundMessage message(SandboxFile file, InboundMessageType type) {
        Instant now = Instant.now();
        String base64 = Base64.getEncoder().encodeToString(java.util.HexFormat.of().parseHex(file.sha256Hex()));
        return InboundMessage.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setProvider(Provider.META)
                .setChannelId(CHANNEL)
                .setBusinessNumberId(PHONE_NUMBER_ID)
                .setMessageId("wamid.bench-" + file.mediaId())
                .setCustomer(Customer.newBuilder().setWaId("4915112345678").build())
                .setSentAt(now)
                .setReceivedAt(now)
                .setRawWebhookId("bench")
                .setType(type)
                .setMedia(Media.newBuilder().setId(file.mediaId()).setMimeType(file.mimeType()).setSha256(base64)
                        .build())
                .build();
    }

    private URI graph(String path) {
        return URI.create("http://127.0.0.1:" + sandboxPort + "/" + GRAPH_VERSION + path);
    }

    private void awaitHealth(int port, Path log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            try {
                if (Processes.get(port, "/actuator/health").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not healthy after 120 s; see " + log);
            }
            Thread.sleep(200);
        }
    }

    private static String jsonString(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no \"" + field + "\" in " + json);
        }
        return m.group(1).replace("\\/", "/");
    }

    @Override
    public void stopAll() {
        BenchRun.closeQuietly(producer);
        BenchRun.closeQuietly(outcomes);
        for (Process p : services) {
            Processes.stop(p, Duration.ofSeconds(20));
        }
        services.clear();
        if (broker != null) {
            Processes.stopChild(broker.process());
            broker = null;
        }
        BenchRun.closeQuietly(postgres);
        postgres = null;
        BenchRun.closeQuietly(s3);
        s3 = null;
    }

    record Rate(double files, double megabytes, int stored, int failed) {
    }

    /**
     * Reproducible random bytes, made up as they are read: a file of any size that never sits in memory. Byte p is a
     * function of the seed and p alone, so two reads of the same file agree however they are chunked.
     */
    static final class RandomBytes extends InputStream {
        private final long seed;
        private final long size;
        private long position;

        RandomBytes(long seed, long size) {
            this.seed = seed * 0x9E3779B97F4A7C15L;
            this.size = size;
        }

        @Override
        public int read() {
            return position < size ? byteAt(position++) : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= size) {
                return -1;
            }
            int n = (int) Math.min(len, size - position);
            for (int i = 0; i < n; i++) {
                b[off + i] = (byte) byteAt(position + i);
            }
            position += n;
            return n;
        }

        private int byteAt(long p) {
            long z = seed + (p >>> 3) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            z = z ^ (z >>> 31);
            return (int) (z >>> (8 * (p & 7))) & 0xff;
        }
    }
}
