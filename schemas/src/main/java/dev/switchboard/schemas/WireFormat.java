package dev.switchboard.schemas;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * How events are written to Kafka, and where the schema registry is. Writers write {@link Format#SINGLE_OBJECT}
 * (the default: Avro single-object encoding, writer schemas from {@link SchemaCatalog}) or {@link Format#CONFLUENT}
 * (magic byte 0, 4-byte big-endian schema id, Avro binary; schemas in the registry under {@code <topic>-value}).
 * Readers read both whatever the format: a Confluent-format record needs the registry URL.
 *
 * <p>From the environment ({@value #FORMAT_VARIABLE}, {@value #REGISTRY_URL_VARIABLE}) for the serde's default
 * constructors, or from a Kafka client's configuration ({@value #FORMAT_CONFIG}, {@value #REGISTRY_URL_CONFIG},
 * which win over the environment when present).
 */
public record WireFormat(Format format, Optional<URI> registryUrl) {

    public static final String FORMAT_VARIABLE = "SWITCHBOARD_KAFKA_WIRE_FORMAT";
    public static final String REGISTRY_URL_VARIABLE = "SWITCHBOARD_SCHEMA_REGISTRY_URL";
    public static final String FORMAT_CONFIG = "switchboard.wire-format";
    public static final String REGISTRY_URL_CONFIG = "switchboard.schema-registry.url";

    public static final WireFormat DEFAULT = new WireFormat(Format.SINGLE_OBJECT, Optional.empty());

    public enum Format {
        SINGLE_OBJECT("single-object"), CONFLUENT("confluent");

        private final String setting;

        Format(String setting) {
            this.setting = setting;
        }

        public String setting() {
            return setting;
        }
    }

    /** The process's setting; throws {@link IllegalArgumentException} naming the variable when it is invalid. */
    public static WireFormat fromEnvironment() {
        return from(System::getenv);
    }

    /** From variables named as in the environment ({@value #FORMAT_VARIABLE}, {@value #REGISTRY_URL_VARIABLE}). */
    public static WireFormat from(Function<String, String> variables) {
        return parse(variables.apply(FORMAT_VARIABLE), variables.apply(REGISTRY_URL_VARIABLE),
                FORMAT_VARIABLE, REGISTRY_URL_VARIABLE);
    }

    /** This setting, with a Kafka client's {@value #FORMAT_CONFIG} / {@value #REGISTRY_URL_CONFIG} where given. */
    public WireFormat overriddenBy(Map<String, ?> kafkaConfig) {
        Object format = kafkaConfig.get(FORMAT_CONFIG);
        Object url = kafkaConfig.get(REGISTRY_URL_CONFIG);
        if (format == null && url == null) {
            return this;
        }
        return parse(format == null ? format().setting() : format.toString(),
                url == null ? registryUrl.map(URI::toString).orElse(null) : url.toString(),
                FORMAT_VARIABLE + " (" + FORMAT_CONFIG + ")", REGISTRY_URL_VARIABLE + " (" + REGISTRY_URL_CONFIG + ")");
    }

    private static WireFormat parse(String format, String url, String formatName, String urlName) {
        List<String> problems = new ArrayList<>();
        Format chosen = Format.SINGLE_OBJECT;
        if (format != null && !format.isBlank()) {
            String value = format.trim().toLowerCase(Locale.ROOT);
            chosen = null;
            for (Format candidate : Format.values()) {
                if (candidate.setting.equals(value)) {
                    chosen = candidate;
                }
            }
            if (chosen == null) {
                problems.add(formatName + " is '" + format + "'; it must be single-object (the default) or confluent");
            }
        }
        Optional<URI> registry = Optional.empty();
        if (url != null && !url.isBlank()) {
            try {
                URI uri = URI.create(url.trim());
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                    throw new IllegalArgumentException("not an http(s) URL");
                }
                registry = Optional.of(uri);
            } catch (IllegalArgumentException e) {
                problems.add(urlName + " is '" + url + "', not an http(s) URL of the registry's API (e.g."
                        + " http://registry:8080/apis/registry/v3)");
            }
        } else if (chosen == Format.CONFLUENT) {
            problems.add(formatName + " is confluent but " + urlName + " is not set: the Confluent wire format needs"
                    + " the schema registry's URL (e.g. http://registry:8080/apis/registry/v3)");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new WireFormat(chosen, registry);
    }
}
