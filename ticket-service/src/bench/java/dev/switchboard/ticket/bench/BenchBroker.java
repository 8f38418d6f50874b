package dev.switchboard.ticket.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.admin.NewTopic;

import dev.switchboard.schemas.Topic;
import dev.switchboard.schemas.Topics;
import dev.switchboard.testing.RestartableKafka;

/**
 * The benchmark's broker, in a JVM of its own so that its CPU is measured apart from the service's and the driver's
 * (the same choice as the ingress benchmark): a real single-node KRaft broker ({@link RestartableKafka}) with every
 * topic of {@link Topics#ALL} and its dead-letter topic, each with its required configs and the given number of
 * partitions.
 *
 * <p>Prints {@code READY <bootstrap servers>} on stdout once the topics exist, then runs until its stdin closes
 * (the driver closes it, or dies), and deletes its data on the way out.
 *
 * <p>Argument: the partition count of every topic (default 6).
 */
public final class BenchBroker {

    static final String READY = "READY ";

    private BenchBroker() {
    }

    public static void main(String[] args) throws IOException {
        int partitions = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        RestartableKafka kafka = RestartableKafka.start();
        Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "bench-broker-close"));

        List<NewTopic> topics = new ArrayList<>();
        for (Topic<?> topic : Topics.ALL) {
            topics.add(new NewTopic(topic.name(), partitions, (short) 1).configs(topic.configs()));
            // A dead letter goes to the same partition number as its record: as many partitions as the source.
            topics.add(new NewTopic(topic.deadLetterTopic(), partitions, (short) 1).configs(topic.configs()));
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
