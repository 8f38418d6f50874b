package dev.switchboard.admin.topics;

import java.util.Map;
import java.util.OptionalInt;

/** A topic as a manifest declares it (a Strimzi KafkaTopic): its partitions (if given) and configs. */
record DeclaredTopic(String name, OptionalInt partitions, Map<String, String> configs) {

    DeclaredTopic {
        configs = Map.copyOf(configs);
    }
}
