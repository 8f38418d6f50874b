package dev.switchboard.admin.dlt;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.kafka.listener.MessageListener;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;

import dev.switchboard.events.InboundMessage;
import dev.switchboard.kit.kafka.DeadLetters;
import dev.switchboard.kit.kafka.RawBytesKafka;
import dev.switchboard.schemas.EventDeserializer;
import dev.switchboard.schemas.EventSerializer;
import dev.switchboard.schemas.Topic;
import dev.switchboard.testing.SharedKafka;

/**
 * A service's listener, as the services build it: values through ErrorHandlingDeserializer, failures parked by
 * service-kit's {@link DeadLetters} (Spring Kafka's recoverer), so the dead letters carry Spring's genuine headers.
 * A message whose text starts with "poison" cannot be applied while {@link #broken} is set.
 */
final class ParkingService implements AutoCloseable {

    final String topic;
    final String deadLetterTopic;
    /** The message ids applied, once per time applied. */
    final List<String> applied = new CopyOnWriteArrayList<>();
    volatile boolean broken = true;

    private final RawBytesKafka rawBytes;
    private final DefaultKafkaProducerFactory<String, Object> eventProducers;
    private final KafkaMessageListenerContainer<String, SpecificRecord> container;

    ParkingService(String name, int partitions) {
        topic = "admin.dlt-test." + name + "-" + UUID.randomUUID().toString().substring(0, 8) + ".v1";
        deadLetterTopic = topic + Topic.DEAD_LETTER_SUFFIX;
        SharedKafka.createTopics(List.of(new NewTopic(topic, partitions, (short) 1),
                new NewTopic(deadLetterTopic, partitions, (short) 1)));

        KafkaProperties properties = new KafkaProperties();
        properties.setBootstrapServers(List.of(SharedKafka.bootstrapServers()));
        rawBytes = new RawBytesKafka(properties);
        eventProducers = new DefaultKafkaProducerFactory<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, EventSerializer.class));

        DefaultKafkaConsumerFactory<String, SpecificRecord> consumers = new DefaultKafkaConsumerFactory<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, topic + ".service",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new ErrorHandlingDeserializer<>(new EventDeserializer<>()));
        ContainerProperties containerProperties = new ContainerProperties(topic);
        containerProperties.setMessageListener((MessageListener<String, SpecificRecord>) record -> {
            InboundMessage message = (InboundMessage) record.value();
            if (broken && message.getText().startsWith("poison")) {
                throw new IllegalStateException("cannot apply " + message.getMessageId() + ": the cause is not fixed");
            }
            applied.add(message.getMessageId());
        });
        container = new KafkaMessageListenerContainer<>(consumers, containerProperties);
        container.setCommonErrorHandler(DeadLetters.errorHandler(rawBytes, new KafkaTemplate<>(eventProducers)));
        container.start();
    }

    long appliedCount(String messageId) {
        return applied.stream().filter(messageId::equals).count();
    }

    @Override
    public void close() {
        container.stop();
        eventProducers.destroy();
        rawBytes.destroy();
    }
}
