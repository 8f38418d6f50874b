package dev.switchboard.ticket.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import dev.switchboard.events.InboundMessage;
import dev.switchboard.schemas.EventDeserializer;

/**
 * The Kafka baseline: a plain {@link KafkaConsumer} in the driver's JVM, in a consumer group of its own, reading the
 * whole inbound topic as the service does (the same deserializers, {@code max.poll.records} 500, a synchronous
 * offset commit after each poll, as Spring Kafka's BATCH ack mode does) and doing nothing with the records but
 * touching them. What the broker, the Kafka client and Avro cost: the ceiling of any consumer of this topic here.
 */
final class KafkaBaseline {

    record Result(long records, double seconds, long polls, long bytes) {
        double rate() {
            return records / seconds;
        }
    }

    private KafkaBaseline() {
    }

    static Result consumeAll(String bootstrap, String topic, String group, long expected, int maxPollRecords) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, group);
        long records = 0;
        long polls = 0;
        long bytes = 0;
        long checksum = 0;
        try (KafkaConsumer<String, SpecificRecord> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new EventDeserializer<>())) {
            consumer.subscribe(List.of(topic));
            long began = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (records < expected && System.nanoTime() < deadline) {
                ConsumerRecords<String, SpecificRecord> batch = consumer.poll(Duration.ofMillis(200));
                if (batch.isEmpty()) {
                    continue;
                }
                if (began == 0) {
                    began = System.nanoTime(); // from the first records: the group join is not the consumer's rate
                }
                polls++;
                for (ConsumerRecord<String, SpecificRecord> record : batch) {
                    InboundMessage message = (InboundMessage) record.value();
                    checksum += message.getMessageId().length() + record.key().length();
                    bytes += record.serializedValueSize() + record.serializedKeySize();
                    records++;
                }
                consumer.commitSync();
            }
            double seconds = (System.nanoTime() - began) / 1e9;
            if (checksum == 42) {
                System.out.print(""); // keeps the touching from being optimised away
            }
            return new Result(records, seconds, polls, bytes);
        }
    }
}
