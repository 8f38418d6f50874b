package dev.switchboard.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import dev.switchboard.events.WindowEvent;
import dev.switchboard.schemas.EventDeserializer;
import dev.switchboard.schemas.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** reminder-service's window events of one customer, read from the start of the topic (no consumer group). */
final class WindowEvents {

    private WindowEvents() {
    }

    static List<WindowEvent> of(String bootstrapServers, String customer) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<WindowEvent> events = new ArrayList<>();
        try (KafkaConsumer<String, WindowEvent> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new EventDeserializer<>())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.WINDOW_EVENTS.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, WindowEvent> record : consumer.poll(Duration.ofMillis(500))) {
                    if (customer.equals(record.value().getCustomer().getWaId())) {
                        events.add(record.value());
                    }
                }
            }
        }
        return events;
    }
}
