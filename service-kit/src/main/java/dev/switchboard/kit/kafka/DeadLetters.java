package dev.switchboard.kit.kafka;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

import dev.switchboard.schemas.Topic;

/**
 * The services' error handling for their listeners: a record that still fails after {@link #RETRIES} retries goes
 * to {@code <topic>.dlt}, same partition, with Spring Kafka's headers saying why ({@code kafka_dlt-exception-*},
 * {@code kafka_dlt-original-*}); then the partition moves on. Undecodable values (which ErrorHandlingDeserializer
 * left as bytes) are parked byte for byte, decodable ones re-encoded as they were read.
 */
public final class DeadLetters {

    static final int RETRIES = 2;
    static final long RETRY_INTERVAL_MILLIS = 200;

    private DeadLetters() {
    }

    /**
     * @param rawBytes publishes undecodable values as they came
     * @param events   publishes decoded values with the service's value serializer (Spring Boot's template)
     */
    public static DefaultErrorHandler errorHandler(RawBytesKafka rawBytes, KafkaOperations<?, ?> events) {
        Map<Class<?>, KafkaOperations<?, ?>> templates = new LinkedHashMap<>();
        templates.put(byte[].class, rawBytes.template());
        templates.put(Object.class, events);
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(templates,
                (record, e) -> new TopicPartition(record.topic() + Topic.DEAD_LETTER_SUFFIX, record.partition()));
        return new DefaultErrorHandler(recoverer, new FixedBackOff(RETRY_INTERVAL_MILLIS, RETRIES));
    }
}
