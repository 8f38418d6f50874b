package dev.switchboard.testing;

import java.util.Collection;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.SpringApplication;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * One real Kafka broker (KRaft, single node, random port) for the whole test JVM.
 *
 * <p>Started on first use and stopped by a shutdown hook, so every test class of a module shares it.
 * Tests isolate themselves with their own topic names and consumer group ids, never by restarting it.
 * Topics are not auto-created, as in production: create what a test uses with {@link #createTopics}.
 */
public final class SharedKafka {

    /** Large enough for the raw-webhook topic, whose records can reach Meta's 5 MiB body limit. */
    private static final String MAX_MESSAGE_BYTES = String.valueOf(16 * 1024 * 1024);

    private static EmbeddedKafkaKraftBroker broker;

    private SharedKafka() {
    }

    /** {@code host:port} of the shared broker, starting it if this is the first call in the JVM. */
    public static synchronized String bootstrapServers() {
        if (broker == null) {
            EmbeddedKafkaKraftBroker started = new EmbeddedKafkaKraftBroker(1, 1);
            started.brokerProperties(Map.of(
                    "auto.create.topics.enable", "false",
                    "message.max.bytes", MAX_MESSAGE_BYTES,
                    "replica.fetch.max.bytes", MAX_MESSAGE_BYTES,
                    "group.initial.rebalance.delay.ms", "0"));
            // By default the broker also writes spring.kafka.bootstrap-servers into the system properties, which
            // would point every Spring context of the JVM at it; contexts opt in with @UseSharedKafka instead.
            started.brokerListProperty(EmbeddedKafkaKraftBroker.SPRING_EMBEDDED_KAFKA_BROKERS);
            started.afterPropertiesSet();
            // After the JVM's cached Spring contexts are closed, whose consumers and producers still talk to it.
            SpringApplication.getShutdownHandlers().add(started::destroy);
            broker = started;
        }
        return broker.getBrokersAsString();
    }

    /** Creates the topics that do not exist yet; existing ones are left as they are. */
    public static void createTopics(Collection<NewTopic> topics) {
        try (Admin admin = admin()) {
            KafkaTopics.createMissing(admin, topics);
        }
    }

    /** Creates single-partition topics with default settings. */
    public static void createTopics(String... names) {
        createTopics(java.util.Arrays.stream(names).map(n -> new NewTopic(n, 1, (short) 1)).toList());
    }

    /** An admin client on the shared broker; the caller closes it. */
    public static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }
}
