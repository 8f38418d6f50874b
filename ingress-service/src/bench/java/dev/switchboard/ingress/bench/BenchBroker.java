package dev.switchboard.ingress.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.admin.NewTopic;

import dev.switchboard.schemas.Topic;
import dev.switchboard.schemas.Topics;
import dev.switchboard.testing.RestartableKafka;

/**
 * The benchmark's broker, in a JVM of its own so that its CPU is measured apart from the service's and the load
 * generator's: a real single-node KRaft broker ({@link RestartableKafka}) with every topic of {@link Topics#ALL}
 * (their required configs, e.g. the raw topic's 8 MiB records) plus {@link #BASELINE_TOPICS}, copies of the three
 * ingress topics that the raw-producer baseline writes to so that the ingress topics count only what the service
 * wrote.
 *
 * <p>Prints {@code READY <bootstrap servers>} on stdout once the topics exist, then runs until its stdin closes
 * (the driver closes it, or dies), and deletes its data on the way out.
 *
 * <p>Argument: the partition count of the ingress topics (default 6).
 */
public final class BenchBroker {

    static final String READY = "READY ";
    static final String BASELINE_PREFIX = "bench.baseline.";

    /** The ingress topics as written by the raw-producer baseline: same configs and partitions, other names. */
    static final List<Topic<?>> INGRESS_TOPICS = List.of(Topics.WEBHOOKS_RAW, Topics.INBOUND_MESSAGES, Topics.INBOUND_STATUSES);

    static String baselineTopic(Topic<?> topic) {
        return BASELINE_PREFIX + topic.name();
    }

    private BenchBroker() {
    }

    public static void main(String[] args) throws IOException {
        int partitions = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        RestartableKafka kafka = RestartableKafka.start();
        Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "bench-broker-close"));

        List<NewTopic> topics = new ArrayList<>();
        for (Topic<?> topic : Topics.ALL) {
            int n = INGRESS_TOPICS.contains(topic) ? partitions : 1;
            topics.add(new NewTopic(topic.name(), n, (short) 1).configs(topic.configs()));
        }
        for (Topic<?> topic : INGRESS_TOPICS) {
            topics.add(new NewTopic(baselineTopic(topic), partitions, (short) 1).configs(topic.configs()));
        }
        kafka.createTopics(topics);

        System.out.println(READY + kafka.bootstrapServers());
        System.out.flush();
        while (System.in.read() != -1) {
            // wait for the driver to close our stdin
        }
        kafka.close();
        System.exit(0);
    }
}
