package dev.switchboard.kit.kafka;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;

import dev.switchboard.schemas.Topic;

/**
 * The services' error handling for their listeners: a record that still fails after {@link #RETRIES} retries goes
 * to {@code <topic>.dlt}, same partition, with Spring Kafka's headers saying why ({@code kafka_dlt-exception-*},
 * {@code kafka_dlt-original-*}); then the partition moves on. Undecodable values (which ErrorHandlingDeserializer
 * left as bytes) are parked byte for byte, decodable ones re-encoded as they were read.
 *
 * <p>Except while the database cannot be reached ({@link DatabaseOutage}: stopped, restarting, failing over): the
 * record is fine, so it is tried again, 500 ms doubling to 10 s apart, for as long as it takes, and the partition
 * waits ({@link ListenerBackOff}); those failures do not count towards the retries. A database that answers and
 * refuses (read-only, a full disk, a constraint) still gets the record parked. The same holds for record and batch
 * listeners, a batch's failing record ({@code BatchListenerFailedException}, {@link RecordBatches}) or a whole
 * batch.
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
        ListenerBackOff backOff = new ListenerBackOff(RETRIES, Duration.ofMillis(RETRY_INTERVAL_MILLIS));
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff);
        // The back-off learns of each failure before it is asked for the next wait: as a retry listener (every
        // failed delivery), and here (the failure that starts a whole batch's retries, asked for before the
        // listeners are told).
        handler.setRetryListeners(backOff);
        handler.setBackOffFunction((record, failure) -> {
            backOff.failed(failure);
            return backOff;
        });
        return handler;
    }
}
