package dev.switchboard.admin.replay;

import static dev.switchboard.admin.KafkaAnswers.await;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** The consumer groups as Kafka's admin API shows them: the edge of {@code replay}, no rules here. */
final class ConsumerGroups {

    private final Admin admin;

    ConsumerGroups(Admin admin) {
        this.admin = admin;
    }

    /** Every consumer group id on the cluster. */
    List<String> ids() {
        return await(admin.listGroups(ListGroupsOptions.forConsumerGroups()).all(), "list the consumer groups")
                .stream().map(GroupListing::groupId).toList();
    }

    /** The live members of each of these groups that has any, each as "member (client, host)". */
    Map<String, List<String>> liveMembers(Collection<String> groups) {
        Map<String, ConsumerGroupDescription> descriptions =
                await(admin.describeConsumerGroups(groups).all(), "describe the consumer groups " + groups);
        Map<String, List<String>> members = new LinkedHashMap<>();
        groups.stream().sorted().forEach(group -> {
            Collection<MemberDescription> live = descriptions.get(group).members();
            if (!live.isEmpty()) {
                members.put(group, live.stream().map(ConsumerGroups::describe).sorted().toList());
            }
        });
        return members;
    }

    private static String describe(MemberDescription member) {
        return member.consumerId() + " (client " + member.clientId() + " on " + member.host() + ")";
    }

    /** The group's committed offsets, by partition. */
    Map<TopicPartition, Long> committed(String group) {
        Map<TopicPartition, OffsetAndMetadata> offsets = await(
                admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata(),
                "read the offsets of group " + group);
        return offsets.entrySet().stream().filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    /** Every partition of the topic. */
    List<TopicPartition> partitions(String topic) {
        return await(admin.describeTopics(List.of(topic)).allTopicNames(), "describe topic " + topic)
                .get(topic).partitions().stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    /** Kafka's offset for {@code spec} on each partition (-1 for a time later than every record). */
    Map<TopicPartition, Long> offsets(Set<TopicPartition> partitions, OffsetSpec spec) {
        Map<TopicPartition, OffsetSpec> request = partitions.stream().collect(Collectors.toMap(p -> p, p -> spec));
        return await(admin.listOffsets(request).all(), "list offsets of " + partitions).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    /** Sets the group's committed offsets (Kafka refuses while the group has members). */
    void commit(String group, Map<TopicPartition, Long> offsets) {
        Map<TopicPartition, OffsetAndMetadata> request = offsets.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> new OffsetAndMetadata(e.getValue())));
        await(admin.alterConsumerGroupOffsets(group, request).all(), "set the offsets of group " + group);
    }
}
