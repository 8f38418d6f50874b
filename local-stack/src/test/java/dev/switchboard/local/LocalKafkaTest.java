package dev.switchboard.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

import dev.switchboard.schemas.Topic;
import dev.switchboard.schemas.Topics;

/**
 * The topics the stack creates, on its own broker or on one given with SWITCHBOARD_KAFKA_BOOTSTRAP_SERVERS (the same
 * code: the broker here stands in for "an existing Kafka"), and a clear refusal when no broker answers.
 */
class LocalKafkaTest {

    @Test
    void createsEveryCatalogueTopicAndItsDeadLetterTopicOnceWithTheCataloguesSettings() throws Exception {
        int[] ports = freePorts();
        Path logDir = Files.createTempDirectory("local-kafka-test-");
        try (LocalKafka kafka = LocalKafka.start(ports[0], ports[1], logDir);
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            List<String> created = LocalKafka.createTopics(kafka.bootstrapServers(), LocalStack.PARTITIONS);

            List<String> expected = Topics.ALL.stream()
                    .flatMap(topic -> java.util.stream.Stream.of(topic.name(), topic.deadLetterTopic())).toList();
            assertThat(created).containsExactlyInAnyOrderElementsOf(expected);
            Map<String, TopicDescription> described = admin.describeTopics(expected).allTopicNames()
                    .get(30, TimeUnit.SECONDS);
            assertThat(described.values()).allSatisfy(d -> assertThat(d.partitions()).hasSize(LocalStack.PARTITIONS));
            for (Topic<?> topic : Topics.ALL) {
                for (String name : List.of(topic.name(), topic.deadLetterTopic())) {
                    var config = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, name)))
                            .all().get(30, TimeUnit.SECONDS).values().iterator().next();
                    (name.equals(topic.name()) ? topic.configs() : topic.deadLetterConfigs()).forEach((key, value) ->
                            assertThat(config.get(key).value()).as("%s of %s", key, name).isEqualTo(value));
                }
            }

            // An existing Kafka that already has them (a second start on the same broker): nothing created, no error.
            assertThat(LocalKafka.createTopics(kafka.bootstrapServers(), LocalStack.PARTITIONS)).isEmpty();
        }
    }

    @Test
    void aBrokerThatDoesNotAnswerIsNamed() throws Exception {
        String nobody = "localhost:" + freePorts()[0];
        assertThatThrownBy(() -> LocalKafka.awaitBroker(nobody, Duration.ofSeconds(2)))
                .hasMessageContaining("no Kafka broker answers at " + nobody);
    }

    private static int[] freePorts() throws IOException {
        try (ServerSocket a = new ServerSocket(0); ServerSocket b = new ServerSocket(0)) {
            return new int[] {a.getLocalPort(), b.getLocalPort()};
        }
    }
}
