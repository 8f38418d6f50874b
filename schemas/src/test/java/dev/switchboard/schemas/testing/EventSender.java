package dev.switchboard.schemas.testing;

import dev.switchboard.schemas.EventSerializer;
import dev.switchboard.testing.SharedKafka;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Puts events (or any bytes: a poison record) on the shared broker as a producing service would, one at a time. */
public final class EventSender implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
            new StringSerializer(), new ByteArraySerializer());
    private final EventSerializer<SpecificRecord> serializer = new EventSerializer<>();

    /** Serialises the event (single-object encoding) and waits until the broker has it. */
    public void send(String topic, String key, SpecificRecord value) {
        sendBytes(topic, key, serializer.serialize(topic, value));
    }

    public void sendBytes(String topic, String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not send to " + topic, e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
