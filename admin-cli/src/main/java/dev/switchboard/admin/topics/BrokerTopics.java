package dev.switchboard.admin.topics;

import static dev.switchboard.admin.KafkaAnswers.await;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;

/** The topics as the cluster has them: the edge of {@code topics check}, no rules here. */
final class BrokerTopics {

    private BrokerTopics() {
    }

    /** Those of {@code names} that exist, with their partitions and the configs in effect. */
    static Map<String, TopicState> describe(Admin admin, Collection<String> names) {
        Set<String> existing = new HashSet<>(await(admin.listTopics().names(), "list the topics"));
        List<String> present = names.stream().filter(existing::contains).toList();
        if (present.isEmpty()) {
            return Map.of();
        }
        Map<String, TopicDescription> descriptions =
                await(admin.describeTopics(present).allTopicNames(), "describe the topics");
        Map<ConfigResource, Config> configs = await(admin.describeConfigs(present.stream()
                .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList()).all(),
                "read the topics' configs");
        Map<String, TopicState> topics = new HashMap<>();
        for (String name : present) {
            Map<String, String> values = new HashMap<>();
            Set<String> setOnTopic = new HashSet<>();
            for (ConfigEntry entry : configs.get(new ConfigResource(ConfigResource.Type.TOPIC, name)).entries()) {
                if (entry.value() != null) {
                    values.put(entry.name(), entry.value());
                }
                if (entry.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG) {
                    setOnTopic.add(entry.name());
                }
            }
            topics.put(name, new TopicState(name, descriptions.get(name).partitions().size(), values, setOnTopic));
        }
        return topics;
    }
}
