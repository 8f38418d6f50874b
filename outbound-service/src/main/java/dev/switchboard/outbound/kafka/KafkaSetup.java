package dev.switchboard.outbound.kafka;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

import dev.switchboard.schemas.Topic;

/**
 * The error handling of the requests listener: a record that still fails after two retries goes to
 * {@code <topic>.dlt}, same partition; undecodable values byte for byte.
 */
@Configuration(proxyBeanMethods = false)
class KafkaSetup {

    @Bean
    DefaultErrorHandler kafkaErrorHandler(BytesKafka bytes, KafkaTemplate<Object, Object> kafkaTemplate) {
        Map<Class<?>, KafkaOperations<?, ?>> templates = new LinkedHashMap<>();
        templates.put(byte[].class, bytes.template());
        templates.put(Object.class, kafkaTemplate);
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(templates,
                (record, e) -> new TopicPartition(record.topic() + Topic.DEAD_LETTER_SUFFIX, record.partition()));
        return new DefaultErrorHandler(recoverer, new FixedBackOff(200, 2));
    }
}
