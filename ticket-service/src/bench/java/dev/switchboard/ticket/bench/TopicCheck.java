package dev.switchboard.ticket.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import dev.switchboard.events.OutboundRequest;
import dev.switchboard.events.TicketEvent;
import dev.switchboard.schemas.EventDeserializer;
import dev.switchboard.schemas.Topics;

/**
 * Reads back what the outbox relay published (tickets.events.v1, whatsapp.outbound.requests.v1) and sets it against
 * the database: which articles have no ARTICLE_ADDED event, which welcome articles no outbound request, how many
 * records were published twice.
 */
final class TopicCheck {

    record Result(long ticketEvents, long distinctTicketEvents, Map<String, Long> byType, Set<Long> articlesWithEvent,
                  long requests, Set<String> requestIds) {
    }

    private TopicCheck() {
    }

    static Result read(String bootstrap) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        long ticketEvents = 0;
        Set<String> eventIds = new HashSet<>();
        Map<String, Long> byType = new TreeMap<>();
        Set<Long> articles = new HashSet<>();
        long requests = 0;
        Set<String> requestIds = new HashSet<>();
        try (KafkaConsumer<String, SpecificRecord> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new EventDeserializer<>())) {
            List<TopicPartition> partitions = new java.util.ArrayList<>();
            for (String topic : List.of(Topics.TICKET_EVENTS.name(), Topics.OUTBOUND_REQUESTS.name())) {
                for (PartitionInfo p : consumer.partitionsFor(topic)) {
                    partitions.add(new TopicPartition(topic, p.partition()));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions));
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (System.nanoTime() < deadline && partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, SpecificRecord> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.value() instanceof TicketEvent e) {
                        ticketEvents++;
                        eventIds.add(e.getEventId());
                        byType.merge(e.getType().name(), 1L, Long::sum);
                        if (e.getArticle() != null) {
                            articles.add(Long.parseLong(e.getArticle().getArticleId()));
                        }
                    } else if (r.value() instanceof OutboundRequest q) {
                        requests++;
                        requestIds.add(q.getRequestId());
                    }
                }
            }
        }
        return new Result(ticketEvents, eventIds.size(), byType, articles, requests, requestIds);
    }
}
