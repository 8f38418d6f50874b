package dev.switchboard.kit.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import dev.switchboard.events.InboundMessage;
import dev.switchboard.schemas.EventSerializer;
import dev.switchboard.schemas.WireFormat;
import dev.switchboard.schemas.testing.RegistryStandIn;
import dev.switchboard.schemas.testing.TestEvents;
import dev.switchboard.testing.SharedKafka;
import dev.switchboard.testing.TopicTail;

/**
 * SWITCHBOARD_KAFKA_WIRE_FORMAT and SWITCHBOARD_SCHEMA_REGISTRY_URL reach the serdes of every Kafka client a service
 * builds from the kit's settings, and a wrong value stops the start naming the variable.
 */
class WireFormatSettingTest {

    @Test
    void singleObjectUnlessTold() {
        StandardEnvironment environment = environment(Map.of());

        assertThat(environment.getProperty("spring.kafka.properties.switchboard.wire-format")).isEqualTo("single-object");
        assertThat(KafkaClientDefaults.wireFormat(environment)).isEqualTo(WireFormat.DEFAULT);
        assertThat(new EventSerializer<>().wireFormat()).as("the direct serializers: the same setting")
                .isEqualTo(WireFormat.DEFAULT);
    }

    @Test
    void aServiceInConfluentModeWritesConfluentRecordsAndReadsBothFormats() {
        String topic = "kit.wire-format." + UUID.randomUUID();
        SharedKafka.createTopics(topic);
        InboundMessage single = message("single-object, from a service not yet switched");
        InboundMessage confluent = message("confluent, from a switched service");
        try (RegistryStandIn registry = new RegistryStandIn()) {
            KafkaProperties switched = kafka(environment(Map.of(
                    "SWITCHBOARD_KAFKA_WIRE_FORMAT", "confluent",
                    "SWITCHBOARD_SCHEMA_REGISTRY_URL", registry.url().toString())));
            KafkaProperties notYet = kafka(environment(Map.of(
                    "SWITCHBOARD_SCHEMA_REGISTRY_URL", registry.url().toString())));
            try (KafkaProducer<String, SpecificRecord> before = new KafkaProducer<>(notYet.buildProducerProperties());
                 KafkaProducer<String, SpecificRecord> after = new KafkaProducer<>(switched.buildProducerProperties())) {
                before.send(new ProducerRecord<>(topic, "k", single));
                before.flush();
                after.send(new ProducerRecord<>(topic, "k", confluent));
                after.flush();
            }

            List<ConsumerRecord<String, byte[]>> raw = rawRecords(topic);
            byte[] bytes = raw.get(1).value();
            long id = registry.subjects().get(topic + "-value").get(0);
            assertThat(raw.get(0).value()[0]).isEqualTo((byte) 0xC3);
            assertThat(bytes[0]).isZero();
            assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo((int) id);
            assertThat(Arrays.copyOfRange(bytes, 5, bytes.length)).isEqualTo(RegistryStandIn.avroBinary(confluent));

            assertThat(valuesReadBy(notYet.buildConsumerProperties(), topic)).containsExactly(single, confluent);
        }
    }

    @Test
    void aWrongSettingStopsTheStartNamingTheVariable() {
        assertThatThrownBy(() -> environment(Map.of("SWITCHBOARD_KAFKA_WIRE_FORMAT", "avro")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("SWITCHBOARD_KAFKA_WIRE_FORMAT (switchboard.wire-format) is 'avro'; it must"
                        + " be single-object (the default) or confluent");
        assertThatThrownBy(() -> environment(Map.of("SWITCHBOARD_KAFKA_WIRE_FORMAT", "confluent")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("SWITCHBOARD_KAFKA_WIRE_FORMAT (switchboard.wire-format) is confluent but"
                        + " SWITCHBOARD_SCHEMA_REGISTRY_URL (switchboard.schema-registry.url) is not set");
    }

    /** A service's environment: these variables, then the kit's defaults, as at a service's start. */
    private static StandardEnvironment environment(Map<String, Object> variables) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("variables", variables));
        new KafkaClientDefaults().postProcessEnvironment(environment, new SpringApplication());
        return environment;
    }

    private static KafkaProperties kafka(StandardEnvironment environment) {
        KafkaProperties properties = Binder.get(environment).bind("spring.kafka", KafkaProperties.class).get();
        properties.setBootstrapServers(List.of(SharedKafka.bootstrapServers()));
        return properties;
    }

    private static List<ConsumerRecord<String, byte[]>> rawRecords(String topic) {
        try (TopicTail<byte[]> tail = TopicTail.fromBeginning(SharedKafka.bootstrapServers(),
                new ByteArrayDeserializer(), topic)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> tail.records(topic).size() >= 2);
            return tail.records(topic);
        }
    }

    /** Read as a service's listener reads: the kit's consumer settings (ErrorHandlingDeserializer, EventDeserializer). */
    private static List<Object> valuesReadBy(Map<String, Object> consumerSettings, String topic) {
        Map<String, Object> settings = new HashMap<>(consumerSettings);
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, "kit.wire-format." + UUID.randomUUID());
        List<Object> values = new ArrayList<>();
        try (KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(settings)) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
                return values.size() >= 2;
            });
        }
        return values;
    }

    private static InboundMessage message(String text) {
        return TestEvents.text("demo", TestEvents.newCustomer(), "wamid." + UUID.randomUUID(), text,
                Instant.parse("2026-12-06T10:00:00Z")).build();
    }
}
