package dev.switchboard.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import picocli.CommandLine.Option;

/**
 * How every command reaches Kafka ({@code @Mixin KafkaConnection kafka;}): the brokers, and optionally a properties
 * file of client settings (TLS, SASL), as Kafka's own tools take them. Records are read and written as bytes: the
 * tool moves what is on the topics unchanged and decodes only to show.
 */
public final class KafkaConnection {

    @Option(names = "--bootstrap-servers", paramLabel = "<host:port,...>",
            defaultValue = "${env:SWITCHBOARD_KAFKA_BOOTSTRAP_SERVERS:-localhost:9092}",
            description = "Kafka brokers (default: $SWITCHBOARD_KAFKA_BOOTSTRAP_SERVERS, else ${DEFAULT-VALUE})")
    String bootstrapServers;

    @Option(names = "--command-config", paramLabel = "<file>",
            description = "Kafka client properties (security.protocol, sasl.*, ssl.*), as for Kafka's tools")
    Path commandConfig;

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The settings every client gets: the brokers and the command config. */
    public Map<String, Object> common() {
        Map<String, Object> settings = new HashMap<>();
        if (commandConfig != null) {
            Properties properties = new Properties();
            try (InputStream in = Files.newInputStream(commandConfig)) {
                properties.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read --command-config " + commandConfig, e);
            }
            properties.stringPropertyNames().forEach(name -> settings.put(name, properties.getProperty(name)));
        }
        settings.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        settings.put(CommonClientConfigs.CLIENT_ID_CONFIG, "switchboard-admin");
        return settings;
    }

    /** An admin client; the caller closes it. */
    public Admin admin() {
        return Admin.create(common());
    }

    /** A consumer of keys as strings and values as bytes, in no consumer group (it assigns partitions itself). */
    public KafkaConsumer<String, byte[]> consumer() {
        Map<String, Object> settings = common();
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024);
        return new KafkaConsumer<>(settings, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** An idempotent producer with acks=all, as the services' own; values are bytes. */
    public KafkaProducer<String, byte[]> producer() {
        Map<String, Object> settings = common();
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 * 1024 * 1024);
        return new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer());
    }
}
