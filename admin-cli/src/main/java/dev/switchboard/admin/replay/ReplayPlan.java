package dev.switchboard.admin.replay;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;

import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/** What a replay moves: for each chosen group, each partition it replays, from its committed offset to where. */
final class ReplayPlan {

    private static final Comparator<PartitionMove> ORDER = Comparator.comparing(PartitionMove::group)
            .thenComparing(m -> m.partition().topic()).thenComparingInt(m -> m.partition().partition());

    private ReplayPlan() {
    }

    /**
     * The moves of {@code groups} to {@code from}: on every partition each group has committed, or with
     * {@code --topics} on the partitions named there (whether or not the group has committed on them).
     */
    static List<PartitionMove> plan(ConsumerGroups kafka, Collection<String> groups, ReplayFrom from,
                                    List<PartitionFilter> topics) {
        List<TopicPartition> named = topics.isEmpty() ? List.of() : partitions(topics, kafka::partitions);
        List<PartitionMove> moves = new ArrayList<>();
        Set<TopicPartition> all = new HashSet<>();
        record Chosen(String group, Map<TopicPartition, Long> committed, Collection<TopicPartition> partitions) {
        }
        List<Chosen> chosen = new ArrayList<>();
        for (String group : groups) {
            Map<TopicPartition, Long> committed = kafka.committed(group);
            Collection<TopicPartition> partitions = topics.isEmpty() ? committed.keySet() : named;
            chosen.add(new Chosen(group, committed, partitions));
            all.addAll(partitions);
        }
        if (all.isEmpty()) {
            return List.of();
        }
        Map<TopicPartition, Long> earliest = kafka.offsets(all, OffsetSpec.earliest());
        Map<TopicPartition, Long> end = kafka.offsets(all, OffsetSpec.latest());
        Map<TopicPartition, Long> forTime = from instanceof ReplayFrom.At at
                ? kafka.offsets(all, OffsetSpec.forTimestamp(at.time().toEpochMilli()))
                : Map.of();
        for (Chosen c : chosen) {
            for (TopicPartition partition : c.partitions()) {
                Long committed = c.committed().get(partition);
                long target = PartitionMove.target(from, earliest.get(partition), end.get(partition),
                        forTime.getOrDefault(partition, -1L));
                moves.add(new PartitionMove(c.group(), partition,
                        committed == null ? OptionalLong.empty() : OptionalLong.of(committed), target));
            }
        }
        moves.sort(ORDER);
        return moves;
    }

    /** The partitions {@code --topics} names; a partition the topic does not have is an error. */
    static List<TopicPartition> partitions(List<PartitionFilter> topics,
                                           Function<String, List<TopicPartition>> partitionsOf) {
        Set<TopicPartition> chosen = new LinkedHashSet<>();
        for (PartitionFilter filter : topics) {
            List<TopicPartition> existing = partitionsOf.apply(filter.topic());
            if (filter.partition().isEmpty()) {
                chosen.addAll(existing);
                continue;
            }
            TopicPartition partition = new TopicPartition(filter.topic(), filter.partition().getAsInt());
            if (!existing.contains(partition)) {
                throw new IllegalArgumentException("--topics: " + filter.topic() + " has partitions 0 to "
                        + (existing.size() - 1) + ", not " + filter.partition().getAsInt());
            }
            chosen.add(partition);
        }
        return List.copyOf(chosen);
    }
}
