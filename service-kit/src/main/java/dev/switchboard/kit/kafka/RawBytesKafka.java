package dev.switchboard.kit.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * A producer of already-serialised records (outbox rows, results read from the database, dead letters), with the
 * service's producer settings ({@code spring.kafka.producer.*}: acks=all, idempotent) and byte[] values.
 *
 * <p>Not a KafkaTemplate or ProducerFactory bean: that would switch off Spring Boot's own, which the services use
 * for their events.
 */
public class RawBytesKafka implements DisposableBean {

    private final DefaultKafkaProducerFactory<String, byte[]> factory;
    private final KafkaTemplate<String, byte[]> template;

    public RawBytesKafka(KafkaProperties properties) {
        Map<String, Object> config = properties.buildProducerProperties();
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        factory = new DefaultKafkaProducerFactory<>(config);
        template = new KafkaTemplate<>(factory);
    }

    public KafkaTemplate<String, byte[]> template() {
        return template;
    }

    /**
     * Sends the records and waits until Kafka has acknowledged every one of them.
     *
     * @throws IllegalStateException when one was not acknowledged within {@code timeout} (some of the others may
     *                               have been written: the caller sends them all again, consumers deduplicate)
     */
    public void publishAll(List<ProducerRecord<String, byte[]>> records, Duration timeout) {
        try {
            // send throws at once for what the producer refuses before sending (a record too large, no metadata)
            CompletableFuture<?>[] acks = records.stream().map(template::send).toArray(CompletableFuture[]::new);
            CompletableFuture.allOf(acks).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka's acknowledgements", e);
        } catch (Exception e) {
            throw new IllegalStateException("Kafka did not acknowledge " + records.size() + " records within "
                    + timeout, e);
        }
    }

    @Override
    public void destroy() {
        factory.destroy();
    }
}
