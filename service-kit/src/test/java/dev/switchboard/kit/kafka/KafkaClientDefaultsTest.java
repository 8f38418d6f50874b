package dev.switchboard.kit.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class KafkaClientDefaultsTest {

    @Test
    void aServiceSettingWinsOverTheSharedDefaultAndTheRestApply() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("application.yml",
                Map.of("spring.kafka.producer.acks", "1")));

        new KafkaClientDefaults().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("spring.kafka.producer.acks")).isEqualTo("1");
        assertThat(environment.getProperty("spring.kafka.producer.properties.enable.idempotence")).isEqualTo("true");
        assertThat(environment.getProperty("spring.kafka.consumer.value-deserializer"))
                .isEqualTo("org.springframework.kafka.support.serializer.ErrorHandlingDeserializer");
        assertThat(environment.getProperty("spring.kafka.bootstrap-servers"))
                .isEqualTo(System.getenv().getOrDefault("SWITCHBOARD_KAFKA_BOOTSTRAP_SERVERS", "localhost:9092"));
    }
}
