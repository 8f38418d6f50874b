package dev.switchboard.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, combined broker + controller) that a test can take down and bring
 * back on the same port with its data intact, for "broker down, then back, nothing lost" tests.
 * {@link SharedKafka} cannot do this: spring-kafka-test's broker picks new ports and a new log dir when started.
 *
 * <p><b>In-process, not a child JVM.</b> The broker is Kafka's own {@link KafkaRaftServer} (what {@code kafka.Kafka}
 * runs) inside the test JVM: a child JVM would cost seconds per start, while in-process a restart takes about
 * 0.2-0.6 s and a stop about 0.2-0.5 s (the first start in a JVM about 1.2 s, for class loading). Restarting in-process
 * proved reliable because the ports are fixed in the config (Kafka's listener sockets are closed on shutdown and
 * re-bound with SO_REUSEADDR), the storage is formatted exactly once with a fixed cluster id, and every start builds
 * a fresh {@code KafkaRaftServer}, so nothing of the previous run is reused.
 *
 * <p>Use one instance per test class (or per test), not the shared broker: its life cycle belongs to the test.
 * {@link #stop()} and {@link #restart()} block until the port refuses connections / the broker answers again.
 * Topics are not auto-created, as in production. Point Spring at {@link #bootstrapServers()} yourself, e.g. with
 * {@code @DynamicPropertySource}.
 */
public final class RestartableKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RestartableKafka.class);

    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    /** Large enough for the raw-webhook topic, whose records can reach Meta's 5 MiB body limit (as SharedKafka). */
    private static final String MAX_MESSAGE_BYTES = String.valueOf(16 * 1024 * 1024);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final int port;
    private final Path logDir;
    private final KafkaConfig config;
    private KafkaRaftServer server;

    private RestartableKafka(int port, int controllerPort, Path logDir) {
        this.port = port;
        this.logDir = logDir;
        this.config = new KafkaConfig(brokerProperties(port, controllerPort, logDir), false);
    }

    /** Formats a fresh temporary log dir, starts the broker on a random free port and waits until it answers. */
    public static RestartableKafka start() {
        preventKafkaFromEndingTheJvm();
        int[] ports = freePorts();
        Path logDir;
        try {
            logDir = Files.createTempDirectory("restartable-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RestartableKafka kafka = new RestartableKafka(ports[0], ports[1], logDir);
        try {
            kafka.format();
            kafka.startServer();
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
        return kafka;
    }

    /** {@code localhost:port}; the same for the whole life of this broker, across restarts. */
    public String bootstrapServers() {
        return "localhost:" + port;
    }

    public int port() {
        return port;
    }

    /** Where topics and metadata live; deleted by {@link #close()}. */
    Path logDir() {
        return logDir;
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** Shuts the broker down cleanly and waits until its port refuses connections. Does nothing if stopped. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        long began = System.nanoTime();
        server.shutdown();
        server.awaitShutdown();
        server = null;
        awaitPortClosed();
        LOG.info("Kafka on port {} stopped in {} ms", port, elapsedMillis(began));
    }

    /**
     * Starts the broker again (stopping it first if it is running) on the same port, log dir and cluster id, without
     * reformatting, and waits until it answers and every partition has its leader back.
     */
    public synchronized void restart() {
        stop();
        startServer();
    }

    /** Creates the topics that do not exist yet; existing ones are left as they are. */
    public void createTopics(Collection<NewTopic> topics) {
        try (Admin admin = admin()) {
            KafkaTopics.createMissing(admin, topics);
        }
    }

    /** Creates single-partition topics with default settings. */
    public void createTopics(String... names) {
        createTopics(Arrays.stream(names).map(n -> new NewTopic(n, 1, (short) 1)).toList());
    }

    /** An admin client on this broker; the caller closes it. */
    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    /** Stops the broker and deletes its log dir. */
    @Override
    public synchronized void close() {
        stop();
        try {
            Utils.delete(logDir.toFile());
        } catch (IOException e) {
            LOG.warn("could not delete Kafka log dir {}", logDir, e);
        }
    }

    private static Map<String, Object> brokerProperties(int port, int controllerPort, Path logDir) {
        Map<String, Object> props = new HashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", String.valueOf(NODE_ID));
        // Both ports are fixed here (not 0), which is what lets a restart come back where clients expect it.
        props.put("listeners", "PLAINTEXT://localhost:" + port + "," + CONTROLLER_LISTENER + "://localhost:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        // A static single-voter quorum: nothing about the voter set needs to be written at format time.
        props.put("controller.quorum.voters", NODE_ID + "@localhost:" + controllerPort);
        // One dir holds both the metadata log and the topic data, so one dir is all that has to survive.
        props.put("log.dirs", logDir.toString());

        // The same broker behaviour as SharedKafka.
        props.put("auto.create.topics.enable", "false");
        props.put("message.max.bytes", MAX_MESSAGE_BYTES);
        props.put("replica.fetch.max.bytes", MAX_MESSAGE_BYTES);
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("num.partitions", "1");
        props.put("offsets.topic.replication.factor", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");

        // Only for speed and memory on a small machine: fewer internal partitions to load on every restart, and
        // a 2 MiB instead of 128 MiB log cleaner buffer allocated on every start (as Kafka's own test kit does).
        props.put("offsets.topic.num.partitions", "1");
        props.put("transaction.state.log.num.partitions", "1");
        props.put("log.cleaner.dedupe.buffer.size", "2097152");
        return props;
    }

    /** Writes meta.properties and the bootstrap metadata once; a restart must find them, not rewrite them. */
    private void format() {
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(config.logDirs())
                    .setMetadataLogDirectory(config.metadataLogDir())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("could not format Kafka storage in " + logDir, e);
        }
    }

    private synchronized void startServer() {
        long began = System.nanoTime();
        KafkaRaftServer started = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            started.startup();
            awaitReady();
        } catch (RuntimeException e) {
            started.shutdown();
            started.awaitShutdown();
            throw e;
        }
        server = started;
        LOG.info("Kafka on port {} started in {} ms", port, elapsedMillis(began));
    }

    /**
     * Ready = a client can see the broker and every existing partition has a leader again. The second half matters
     * after a restart: until the single replica is re-elected leader, produces to an old topic would still fail.
     */
    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (Admin admin = admin()) {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()
                            && allPartitionsHaveLeaders(admin)) {
                        return;
                    }
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    // not answering yet
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Kafka on port " + port + " did not become ready in " + READY_TIMEOUT);
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka", e);
        }
    }

    private static boolean allPartitionsHaveLeaders(Admin admin)
            throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
        Set<String> topics = admin.listTopics().names().get(5, TimeUnit.SECONDS);
        Collection<TopicDescription> descriptions =
                admin.describeTopics(topics).allTopicNames().get(5, TimeUnit.SECONDS).values();
        return descriptions.stream()
                .flatMap(d -> d.partitions().stream())
                .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
    }

    private void awaitPortClosed() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (portAcceptsConnections()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Kafka port " + port + " still open after shutdown");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Kafka to stop", e);
            }
        }
    }

    private boolean portAcceptsConnections() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Two distinct free ports (client, controller), chosen once and kept across restarts. They are taken below the
     * ephemeral range of Linux (from 32768), macOS and Windows (from 49152): while the broker is down, a client's
     * outgoing connection could otherwise be given the broker's port as its local port, and the restart could not
     * bind it (or the client would connect to itself).
     */
    private static int[] freePorts() {
        int client = freePortBelowEphemeralRange(-1);
        return new int[] {client, freePortBelowEphemeralRange(client)};
    }

    private static int freePortBelowEphemeralRange(int except) {
        for (int attempt = 0; attempt < 100; attempt++) {
            int candidate = ThreadLocalRandom.current().nextInt(20_000, 32_000);
            if (candidate == except) {
                continue;
            }
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(candidate));
                return candidate;
            } catch (IOException e) {
                // taken, try another one
            }
        }
        throw new IllegalStateException("no free port found between 20000 and 32000");
    }

    /**
     * On a fatal fault the broker calls {@code Exit.halt}, which would kill the whole test JVM (and Surefire with
     * it). Log instead, as spring-kafka-test's EmbeddedKafkaKraftBroker does for SharedKafka.
     */
    private static void preventKafkaFromEndingTheJvm() {
        Exit.setExitProcedure((status, message) -> LOG.warn("Kafka called Exit.exit({}, {})", status, message));
        Exit.setHaltProcedure((status, message) -> LOG.warn("Kafka called Exit.halt({}, {})", status, message));
    }

    private static long elapsedMillis(long beganNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - beganNanos);
    }
}
