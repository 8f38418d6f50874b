package dev.switchboard.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import dev.switchboard.events.RawWebhook;
import dev.switchboard.schemas.EventDeserializer;
import dev.switchboard.schemas.EventSerializer;
import dev.switchboard.schemas.Keys;
import dev.switchboard.schemas.Topic;
import dev.switchboard.schemas.Topics;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What the operations tests read from (and, for a planted bug, write to) the broker: the services' consumer groups,
 * their lag, the topics' ends, a topic's records.
 */
public final class KafkaState implements AutoCloseable {

    private final Admin admin;
    private final String bootstrapServers;

    public KafkaState(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
    }

    /** The consumer groups of a service (e.g. ticket-service): its name or its name + "." + anything, sorted. */
    public List<String> groupsOf(String service) {
        return get(admin.listConsumerGroups().all()).stream().map(ConsumerGroupListing::groupId)
                .filter(id -> id.equals(service) || id.startsWith(service + ".")).sorted().toList();
    }

    public Map<TopicPartition, Long> committed(String group) {
        Map<TopicPartition, OffsetAndMetadata> offsets = get(admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata());
        Map<TopicPartition, Long> committed = new TreeMap<>(KafkaState::compare);
        offsets.forEach((tp, om) -> committed.put(tp, om == null ? 0L : om.offset()));
        return committed;
    }

    /** Records the group has not committed yet, over every partition it has an offset for. */
    public long lag(String group) {
        Map<TopicPartition, Long> committed = committed(group);
        Map<TopicPartition, Long> ends = offsets(committed.keySet().stream().toList(), OffsetSpec.latest());
        return committed.entrySet().stream().mapToLong(e -> ends.get(e.getKey()) - e.getValue()).sum();
    }

    /** The end offset of every partition of the catalogue's topics and their dead-letter topics. */
    public Map<TopicPartition, Long> endOffsets() {
        List<String> names = new ArrayList<>();
        for (Topic<?> topic : Topics.ALL) {
            names.add(topic.name());
            names.add(topic.deadLetterTopic());
        }
        List<TopicPartition> partitions = get(admin.describeTopics(names).allTopicNames()).values().stream()
                .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                .toList();
        return offsets(partitions, OffsetSpec.latest());
    }

    /** The values of one topic's records between two sets of offsets (absent partitions: from 0 / to nothing). */
    public <T extends SpecificRecord> List<T> values(Topic<T> topic, Map<TopicPartition, Long> from,
                                              Map<TopicPartition, Long> to) {
        List<T> values = new ArrayList<>();
        try (KafkaConsumer<String, T> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"), new StringDeserializer(), new EventDeserializer<>())) {
            List<TopicPartition> partitions = to.keySet().stream().filter(tp -> tp.topic().equals(topic.name())).toList();
            consumer.assign(partitions);
            partitions.forEach(tp -> consumer.seek(tp, from.getOrDefault(tp, 0L)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < to.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic.name() + " up to " + to);
                }
                for (ConsumerRecord<String, T> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() < to.get(new TopicPartition(record.topic(), record.partition()))) {
                        values.add(record.value());
                    }
                }
            }
        }
        return values;
    }

    /** Writes a raw webhook as ingress does (key: its channel), waiting for the broker's acknowledgement. */
    public void publishRawWebhook(RawWebhook raw) {
        try (KafkaProducer<String, RawWebhook> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new EventSerializer<>())) {
            producer.send(new ProducerRecord<>(Topics.WEBHOOKS_RAW.name(), Keys.channel(raw.getChannelId()), raw))
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not publish the raw webhook: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Map<TopicPartition, Long> offsets(List<TopicPartition> partitions, OffsetSpec spec) {
        Map<TopicPartition, Long> offsets = new TreeMap<>(KafkaState::compare);
        get(admin.listOffsets(partitions.stream().collect(Collectors.toMap(tp -> tp, tp -> spec))).all())
                .forEach((tp, info) -> offsets.put(tp, info.offset()));
        return offsets;
    }

    private static int compare(TopicPartition a, TopicPartition b) {
        int byTopic = a.topic().compareTo(b.topic());
        return byTopic != 0 ? byTopic : Integer.compare(a.partition(), b.partition());
    }

    private static <T> T get(KafkaFuture<T> future) {
        try {
            return future.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().toString(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer within 60 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
