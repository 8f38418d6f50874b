package dev.switchboard.schemas;

import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * One topic of docs/public-surface.md: its name, its value type, how its (string) key is made, and the topic settings the
 * platform relies on (e.g. a raised max.message.bytes). Partitions, replication and retention are deployment
 * choices and live in deploy/.
 *
 * @param name        the topic name
 * @param valueType   the generated Avro class of every value
 * @param key         what the record key is, and so what stays in order
 * @param configs     topic settings the platform needs, whatever the deployment
 * @param description one line for humans
 */
public record Topic<V extends SpecificRecord>(String name, Class<V> valueType, KeyKind key,
                                             Map<String, String> configs, String description) {

    /** Suffix of every dead-letter topic: {@code <topic>.dlt}. */
    public static final String DEAD_LETTER_SUFFIX = ".dlt";

    public Topic {
        configs = Map.copyOf(configs);
    }

    /** Where records of this topic that cannot be processed are parked. */
    public String deadLetterTopic() {
        return name + DEAD_LETTER_SUFFIX;
    }

    /**
     * The settings of the dead-letter topic: the topic's, without compaction. Dead letters are evidence, each one kept
     * for the retention time, even several of one key.
     */
    public Map<String, String> deadLetterConfigs() {
        Map<String, String> settings = new java.util.HashMap<>(configs);
        settings.remove("cleanup.policy");
        settings.keySet().removeIf(key -> key.startsWith("min.compaction") || key.startsWith("max.compaction"));
        return Map.copyOf(settings);
    }

    public Schema valueSchema() {
        return SpecificData.get().getSchema(valueType);
    }

    /** How the records of a topic are keyed. Every key is a UTF-8 string. */
    public enum KeyKind {
        /** {@link Keys#conversation}: one channel and one customer, in order. */
        CONVERSATION,
        /** {@link Keys#channel}: everything of one channel in one partition (one place for its pacing). */
        CHANNEL
    }
}
