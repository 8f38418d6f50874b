package dev.switchboard.schemas;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import io.apicurio.registry.serde.Default4ByteIdHandler;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.apicurio.registry.serde.config.IdOption;
import io.apicurio.registry.serde.config.SerdeConfig;
import io.apicurio.registry.serde.kafka.config.KafkaSerdeConfig;
import io.apicurio.registry.serde.strategy.TopicIdStrategy;
import org.apache.avro.specific.SpecificRecord;

/**
 * Apicurio Registry's Kafka serdes set up for the Confluent wire format: magic byte 0, the schema's 4-byte
 * big-endian content id (what the registry's Confluent-compatible API calls the schema id), the Avro binary body;
 * the id in the payload, not in headers; schemas registered (or found), self-contained, under the subject
 * {@code <topic>-value} (TopicIdStrategy, Confluent's default).
 * Created on first use: a service that only reads single-object records never talks to the registry.
 */
final class SchemaRegistry {

    private SchemaRegistry() {
    }

    static Map<String, Object> settings(URI url) {
        return Map.of(
                SerdeConfig.REGISTRY_URL, url.toString(),
                // java.net.http instead of Vert.x: no event loop threads in every service
                SerdeConfig.HTTP_ADAPTER, "JDK",
                SerdeConfig.ID_HANDLER, Default4ByteIdHandler.class.getName(),
                SerdeConfig.USE_ID, IdOption.contentId.name(),
                KafkaSerdeConfig.ENABLE_HEADERS, false,
                SerdeConfig.ARTIFACT_RESOLVER_STRATEGY, TopicIdStrategy.class.getName(),
                SerdeConfig.AUTO_REGISTER_ARTIFACT, true,
                // one self-contained schema per subject, as Confluent's serializer registers it (Apicurio would
                // otherwise register each nested record and enum as an artifact of its own, referenced by name)
                SerdeConfig.DEREFERENCE_SCHEMA, true,
                // the writer schema comes from the registry, the reader schema from the generated class: Avro's
                // schema resolution, as for single-object records
                AvroSerdeConfig.USE_SPECIFIC_AVRO_READER, true);
    }

    static <T extends SpecificRecord> AvroKafkaSerializer<T> serializer(URI url) {
        AvroKafkaSerializer<T> serializer = new AvroKafkaSerializer<>();
        serializer.configure(settings(url), false);
        return serializer;
    }

    static <T extends SpecificRecord> AvroKafkaDeserializer<T> deserializer(URI url) {
        AvroKafkaDeserializer<T> deserializer = new AvroKafkaDeserializer<>();
        deserializer.configure(settings(url), false);
        return deserializer;
    }

    /**
     * A serde's wire format and the registry serde it needs (none, for a single-object writer or a reader without a
     * registry URL), made on first use and remade when Kafka's {@code configure()} changes the setting.
     */
    static final class Client<V extends Closeable> {
        private final Function<WireFormat, Optional<Supplier<V>>> maker;
        // volatile: read on every record without a lock; written under the lock
        private volatile WireFormat wireFormat;
        private volatile Supplier<V> supplier;
        private volatile V made;

        Client(WireFormat wireFormat, Function<WireFormat, Optional<Supplier<V>>> maker) {
            this.maker = maker;
            use(wireFormat);
        }

        synchronized void configure(Map<String, ?> kafkaConfig) {
            WireFormat configured = wireFormat.overriddenBy(kafkaConfig);
            if (!configured.equals(wireFormat)) {
                close();
                use(configured);
            }
        }

        private void use(WireFormat format) {
            this.wireFormat = Objects.requireNonNull(format);
            this.supplier = maker.apply(format).orElse(null);
        }

        WireFormat wireFormat() {
            return wireFormat;
        }

        /** Whether this serde talks to a registry at all. */
        boolean present() {
            return supplier != null;
        }

        V get() {
            V client = made;
            if (client == null) {
                synchronized (this) {
                    if (made == null) {
                        made = supplier.get();
                    }
                    client = made;
                }
            }
            return client;
        }

        synchronized void close() {
            if (made != null) {
                try {
                    made.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                made = null;
            }
        }
    }
}
