package dev.switchboard.admin.topics;

import java.util.Map;
import java.util.Set;

/**
 * A topic as the cluster has it.
 *
 * @param configs    every config in effect, set on the topic or inherited from the broker
 * @param setOnTopic the configs set on the topic itself
 */
record TopicState(String name, int partitions, Map<String, String> configs, Set<String> setOnTopic) {

    TopicState {
        configs = Map.copyOf(configs);
        setOnTopic = Set.copyOf(setOnTopic);
    }
}
