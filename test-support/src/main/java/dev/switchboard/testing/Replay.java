package dev.switchboard.testing;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.listener.MessageListenerContainer;

/** What an operator does to replay a service's topics, for tests on the shared broker. */
public final class Replay {

    private Replay() {
    }

    /**
     * Stops the containers, moves each one's consumer group back to offset zero on every partition it has committed,
     * and starts them again: every record they consumed is delivered once more.
     */
    public static void fromTheStart(Collection<MessageListenerContainer> containers)
            throws ExecutionException, InterruptedException {
        containers.forEach(MessageListenerContainer::stop);
        try (Admin admin = SharedKafka.admin()) {
            for (MessageListenerContainer container : containers) {
                Set<TopicPartition> partitions = admin.listConsumerGroupOffsets(container.getGroupId())
                        .partitionsToOffsetAndMetadata().get().keySet();
                Map<TopicPartition, OffsetAndMetadata> zero = partitions.stream()
                        .collect(Collectors.toMap(p -> p, p -> new OffsetAndMetadata(0)));
                admin.alterConsumerGroupOffsets(container.getGroupId(), zero).all().get();
            }
        }
        containers.forEach(MessageListenerContainer::start);
    }
}
