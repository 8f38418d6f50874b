package dev.switchboard.kit.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import dev.switchboard.schemas.WireFormat;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.DefaultPropertiesPropertySource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;

/**
 * The Kafka client settings every service uses alike ({@code service-kit-kafka.properties}: the broker from
 * {@code SWITCHBOARD_KAFKA_BOOTSTRAP_SERVERS}, acks=all and idempotence, the event (de)serializers behind
 * ErrorHandlingDeserializer, new consumer groups from the start, the wire format and schema registry from
 * {@code SWITCHBOARD_KAFKA_WIRE_FORMAT} / {@code SWITCHBOARD_SCHEMA_REGISTRY_URL}, checked here), as Spring Boot's
 * default properties: the lowest precedence, so a service's application.yml, its environment and a test's properties
 * override any of them.
 */
public class KafkaClientDefaults implements EnvironmentPostProcessor {

    static final String RESOURCE = "service-kit-kafka.properties";

    static final String WIRE_FORMAT = "spring.kafka.properties." + WireFormat.FORMAT_CONFIG;
    static final String SCHEMA_REGISTRY_URL = "spring.kafka.properties." + WireFormat.REGISTRY_URL_CONFIG;

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        DefaultPropertiesPropertySource.addOrMerge(settings(), environment.getPropertySources());
        wireFormat(environment);
    }

    /** The wire format the clients will use, checked now so that a wrong setting stops the start, naming it. */
    static WireFormat wireFormat(ConfigurableEnvironment environment) {
        return WireFormat.DEFAULT.overriddenBy(Map.of(
                WireFormat.FORMAT_CONFIG, environment.getProperty(WIRE_FORMAT, ""),
                WireFormat.REGISTRY_URL_CONFIG, environment.getProperty(SCHEMA_REGISTRY_URL, "")));
    }

    static Map<String, Object> settings() {
        try {
            Properties properties = PropertiesLoaderUtils.loadProperties(new ClassPathResource(RESOURCE));
            Map<String, Object> settings = new HashMap<>();
            properties.stringPropertyNames().forEach(name -> settings.put(name, properties.getProperty(name)));
            return settings;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
