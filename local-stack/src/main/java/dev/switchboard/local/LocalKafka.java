package dev.switchboard.local;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.switchboard.schemas.Topic;
import dev.switchboard.schemas.Topics;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;

/**
 * One real Kafka broker, KRaft mode (broker and controller in one node), in this JVM: the same
 * {@link KafkaRaftServer} that {@code kafka-server-start.sh} runs, from the Maven Central jars, so a laptop needs
 * nothing but a JDK. Topics are not auto-created, as in production; {@link #createTopics} creates the catalogue's.
 */
final class LocalKafka implements AutoCloseable {

    private static final int NODE_ID = 1;
    /** The raw-webhook topic holds bodies up to Meta's 5 MiB (see Topics). */
    private static final String MAX_MESSAGE_BYTES = String.valueOf(16 * 1024 * 1024);

    private final KafkaRaftServer server;
    private final int port;

    private LocalKafka(KafkaRaftServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /** Starts a broker on {@code logDir}: formatted first when empty, else on the data it holds (a restart). */
    static LocalKafka start(int port, int controllerPort, Path logDir) {
        KafkaConfig config = new KafkaConfig(brokerProperties(port, controllerPort, logDir), false);
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            format(config, logDir);
        }
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        LocalKafka kafka = new LocalKafka(server, port);
        awaitBroker("localhost:" + port, Duration.ofSeconds(60));
        return kafka;
    }

    private static void format(KafkaConfig config, Path logDir) {
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(config.logDirs())
                    .setMetadataLogDirectory(config.metadataLogDir())
                    .setControllerListenerName("CONTROLLER")
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("could not format Kafka's storage in " + logDir, e);
        }
    }

    String bootstrapServers() {
        return "localhost:" + port;
    }

    /**
     * Creates every topic of the catalogue and its dead-letter topic, with the settings the platform relies on, on
     * any broker (ours or an existing one). Topics that exist are left alone.
     */
    static List<String> createTopics(String bootstrapServers, int partitions) {
        List<NewTopic> wanted = new ArrayList<>();
        for (Topic<?> topic : Topics.ALL) {
            wanted.add(new NewTopic(topic.name(), partitions, (short) -1).configs(topic.configs()));
            wanted.add(new NewTopic(topic.deadLetterTopic(), partitions, (short) -1).configs(topic.deadLetterConfigs()));
        }
        try (Admin admin = admin(bootstrapServers)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = wanted.stream().filter(t -> !existing.contains(t.name())).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
            }
            return missing.stream().map(NewTopic::name).toList();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not create the topics on " + bootstrapServers + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    /** Waits until a broker answers, so that a wrong SWITCHBOARD_KAFKA_BOOTSTRAP_SERVERS fails fast and clearly. */
    static void awaitBroker(String bootstrapServers, Duration timeout) {
        Admin admin = admin(bootstrapServers);
        try {
            admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("no Kafka broker answers at " + bootstrapServers + " within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka", e);
        } finally {
            // Not close(): it would wait out the unanswered request's API timeout (a minute) before saying so.
            admin.close(Duration.ZERO);
        }
    }

    private static Admin admin(String bootstrapServers) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000));
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }

    private static Map<String, Object> brokerProperties(int port, int controllerPort, Path logDir) {
        Map<String, Object> props = new HashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", String.valueOf(NODE_ID));
        props.put("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("controller.listener.names", "CONTROLLER");
        props.put("controller.quorum.voters", NODE_ID + "@localhost:" + controllerPort);
        props.put("log.dirs", logDir.toString());
        props.put("auto.create.topics.enable", "false");
        props.put("message.max.bytes", MAX_MESSAGE_BYTES);
        props.put("replica.fetch.max.bytes", MAX_MESSAGE_BYTES);
        props.put("group.initial.rebalance.delay.ms", "0");
        // One broker: every internal topic has one replica.
        props.put("offsets.topic.replication.factor", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        // A laptop, not a cluster: fewer internal partitions and a small log cleaner buffer start faster and
        // take less memory (the cleaner's default 128 MiB buffer alone would be a twentieth of our budget).
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.num.partitions", "1");
        props.put("log.cleaner.dedupe.buffer.size", "4194304");
        return props;
    }
}
