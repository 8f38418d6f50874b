package dev.switchboard.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

import dev.switchboard.schemas.Topic;
import dev.switchboard.schemas.Topics;
import dev.switchboard.testing.RestartableKafka;

/**
 * A benchmark's broker, in a JVM of its own so that its CPU is measured apart from the service's and the driver's: a
 * real single-node KRaft broker ({@link RestartableKafka}) with the topics its arguments name.
 *
 * <p>Each argument is a topic: {@code name:partitions}, or {@code name:partitions:other} for a topic with the configs
 * of the switchboard topic {@code other} (e.g. the raw topic's 8 MiB records). Without arguments: every topic of
 * {@link Topics#ALL} and its dead-letter topic with 6 partitions ({@link #switchboardTopics}).
 *
 * <p>Prints {@link Processes#READY}{@code <bootstrap servers>} on stdout once the topics exist, then runs until its
 * stdin closes (the driver closes it, or dies), and deletes its data on the way out.
 */
public final class BenchBroker {

    private BenchBroker() {
    }

    /** Starts the broker JVM with these topics ({@link #topic}); the value is the bootstrap servers. */
    public static Processes.Started start(List<String> topics, String jvmArgs, Path log) throws IOException {
        return Processes.startChild(BenchBroker.class, jvmArgs, topics, log);
    }

    /** A topic argument: {@code name} with {@code partitions} and the configs of {@code like} (none if null). */
    public static String topic(String name, int partitions, Topic<?> like) {
        return name + ":" + partitions + (like == null ? "" : ":" + like.name());
    }

    /**
     * Every topic of {@link Topics#ALL} with its configs and {@code partitions} partitions, and, with
     * {@code deadLetters}, its dead-letter topic (a dead letter goes to the same partition number as its record: as
     * many partitions as the source).
     */
    public static List<String> switchboardTopics(int partitions, boolean deadLetters) {
        List<String> topics = new ArrayList<>();
        for (Topic<?> topic : Topics.ALL) {
            topics.add(topic(topic.name(), partitions, topic));
            if (deadLetters) {
                topics.add(topic(topic.deadLetterTopic(), partitions, topic));
            }
        }
        return topics;
    }

    /** The records a topic holds (written since it was created): the sum of its partitions' end offsets. */
    public static long endOffsets(Admin admin, String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = admin.describeTopics(List.of(topic)).allTopicNames()
                .get(30, TimeUnit.SECONDS).get(topic).partitions().stream()
                .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
        return admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).values().stream()
                .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset).sum();
    }

    /** The topics an argument list names. */
    static List<NewTopic> newTopics(List<String> args) {
        List<NewTopic> topics = new ArrayList<>();
        for (String arg : args.isEmpty() ? switchboardTopics(6, true) : args) {
            String[] parts = arg.split(":");
            NewTopic topic = new NewTopic(parts[0], Integer.parseInt(parts[1]), (short) 1);
            if (parts.length > 2) {
                topic.configs(Topics.ALL.stream().filter(t -> t.name().equals(parts[2])).findFirst()
                        .map(t -> t.configs())
                        .orElseThrow(() -> new IllegalArgumentException("no switchboard topic " + parts[2])));
            }
            topics.add(topic);
        }
        return topics;
    }

    public static void main(String[] args) throws IOException {
        List<NewTopic> topics = newTopics(List.of(args));
        RestartableKafka kafka = RestartableKafka.start();
        Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "bench-broker-close"));
        kafka.createTopics(topics);

        System.out.println(Processes.READY + kafka.bootstrapServers());
        System.out.flush();
        while (System.in.read() != -1) {
            // wait for the driver to close our stdin
        }
        kafka.close();
        System.exit(0);
    }
}
