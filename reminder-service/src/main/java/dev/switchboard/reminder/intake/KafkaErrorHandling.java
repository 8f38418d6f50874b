package dev.switchboard.reminder.intake;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.stereotype.Component;
import org.springframework.util.backoff.FixedBackOff;

import dev.switchboard.schemas.Topic;

/**
 * A record that still fails after two retries goes to {@code <topic>.dlt}, same partition, with Spring Kafka's
 * headers saying why; then the partition moves on. Undecodable values are parked byte for byte (by a producer of
 * raw bytes with the service's producer settings), decodable ones re-encoded as they were read.
 */
@Configuration(proxyBeanMethods = false)
class KafkaErrorHandling {

    @Bean
    DefaultErrorHandler kafkaErrorHandler(RawBytes rawBytes, KafkaTemplate<Object, Object> events) {
        Map<Class<?>, KafkaOperations<?, ?>> templates = new LinkedHashMap<>();
        templates.put(byte[].class, rawBytes.template);
        templates.put(Object.class, events);
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(templates,
                (record, e) -> new TopicPartition(record.topic() + Topic.DEAD_LETTER_SUFFIX, record.partition()));
        return new DefaultErrorHandler(recoverer, new FixedBackOff(200, 2));
    }

    /** Not a ProducerFactory bean: that would switch off Spring Boot's own (the events' template). */
    @Component
    static class RawBytes implements DisposableBean {

        private final DefaultKafkaProducerFactory<Object, byte[]> factory;
        private final KafkaTemplate<Object, byte[]> template;

        RawBytes(KafkaProperties properties) {
            Map<String, Object> config = properties.buildProducerProperties();
            config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
            factory = new DefaultKafkaProducerFactory<>(config);
            template = new KafkaTemplate<>(factory);
        }

        @Override
        public void destroy() {
            factory.destroy();
        }
    }
}
