package dev.switchboard.kit;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.transaction.support.TransactionTemplate;

import dev.switchboard.kit.kafka.DeadLetters;
import dev.switchboard.kit.kafka.RawBytesKafka;
import dev.switchboard.kit.kafka.RecordBatches;

/**
 * What a service gets by depending on service-kit: the raw-bytes producer, the dead-letter error handling of its
 * listeners (Spring Boot hands the {@link CommonErrorHandler} bean to its listener container factory) and, when it
 * has a database, {@link RecordBatches}. A service replaces one by declaring a bean of the same type.
 */
@AutoConfiguration(after = {KafkaAutoConfiguration.class, TransactionAutoConfiguration.class})
public class ServiceKitAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    RawBytesKafka rawBytesKafka(KafkaProperties properties) {
        return new RawBytesKafka(properties);
    }

    @Bean
    @ConditionalOnMissingBean(CommonErrorHandler.class)
    DefaultErrorHandler kafkaErrorHandler(RawBytesKafka rawBytes, KafkaTemplate<Object, Object> events) {
        return DeadLetters.errorHandler(rawBytes, events);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(TransactionTemplate.class)
    RecordBatches recordBatches(TransactionTemplate transactions) {
        return new RecordBatches(transactions);
    }
}
