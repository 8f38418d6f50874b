package dev.switchboard.outbound.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.switchboard.events.OutboundRequest;
import dev.switchboard.events.OutboundResult;
import dev.switchboard.schemas.EventDeserializer;
import dev.switchboard.schemas.EventSerializer;
import dev.switchboard.schemas.Keys;
import dev.switchboard.schemas.Topic;
import dev.switchboard.schemas.Topics;
import dev.switchboard.testing.SharedKafka;
import dev.switchboard.testing.TopicTail;

/** The service's topics as a flow test uses them: requests onto the requests topic, results read from now on. */
final class ServiceTopics implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
            new StringSerializer(), new EventSerializer<>());
    private final TopicTail<SpecificRecord> results = TopicTail.fromNow(SharedKafka.bootstrapServers(),
            new EventDeserializer(), Topics.OUTBOUND_RESULTS.name());

    /** Every topic of the platform and its dead-letter topic, 3 partitions each, unless they exist. */
    static void create() {
        List<NewTopic> topics = new ArrayList<>();
        for (Topic<?> topic : Topics.ALL) {
            topics.add(new NewTopic(topic.name(), 3, (short) 1).configs(topic.configs()));
            topics.add(new NewTopic(topic.deadLetterTopic(), 3, (short) 1));
        }
        SharedKafka.createTopics(topics);
    }

    void send(OutboundRequest request) {
        try {
            producer.send(new ProducerRecord<>(Topics.OUTBOUND_REQUESTS.name(), Keys.channel(request.getChannelId()),
                    request)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Puts them all on the topic at once (the intake queues them together). */
    void sendAll(List<OutboundRequest> requests) {
        requests.forEach(r -> producer.send(new ProducerRecord<>(Topics.OUTBOUND_REQUESTS.name(),
                Keys.channel(r.getChannelId()), r)));
        producer.flush();
    }

    /** The results published since this was opened. */
    List<OutboundResult> results() {
        return results.values(Topics.OUTBOUND_RESULTS.name(), OutboundResult.class);
    }

    /** The request's one result among those {@code counted}; fails if none or more than one comes within 30 s. */
    OutboundResult awaitResult(String requestId, Predicate<OutboundResult> counted) {
        OutboundResult[] found = new OutboundResult[1];
        await().atMost(WAIT).untilAsserted(() -> {
            List<OutboundResult> matching = results().stream().filter(r -> r.getRequestId().equals(requestId))
                    .filter(counted).toList();
            assertThat(matching).hasSize(1);
            found[0] = matching.get(0);
        });
        return found[0];
    }

    @Override
    public void close() {
        producer.close();
        results.close();
    }
}
