package dev.switchboard.ticket.live;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;

import dev.switchboard.events.TicketEvent;
import dev.switchboard.events.WindowEvent;
import dev.switchboard.kit.loop.BackgroundLoop;
import dev.switchboard.schemas.EventDeserializer;
import dev.switchboard.schemas.Topics;
import dev.switchboard.ticket.customer.CustomerDirectory;
import dev.switchboard.ticket.store.TicketRepository;
import dev.switchboard.ticket.store.TicketRepository.TicketRow;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Follows {@code tickets.events.v1} and {@code whatsapp.window.events.v1} for this replica's event streams: its own
 * consumer without a group, on every partition, from the end (a stream shows what happens from now on; the console
 * loads the rest), so every replica sees every event whichever replica wrote it. A record it cannot read is skipped
 * and counted ({@code switchboard_console_live_skipped_records_total}). A topic that does not exist yet is picked up
 * when it appears.
 */
@Component
@ConditionalOnProperty(name = "switchboard.console.live.enabled", havingValue = "true", matchIfMissing = true)
public class LiveFeed extends BackgroundLoop {

    private static final Logger log = LoggerFactory.getLogger(LiveFeed.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration TOPIC_CHECK = Duration.ofSeconds(10);
    private static final List<String> TOPICS = List.of(Topics.TICKET_EVENTS.name(), Topics.WINDOW_EVENTS.name());

    private final Map<String, Object> consumerConfig;
    private final LiveConnections connections;
    private final TicketRepository tickets;
    private final CustomerDirectory customers;
    private final MeterRegistry registry;
    private final EventDeserializer<SpecificRecord> deserializer = new EventDeserializer<>();
    private volatile boolean following;
    private KafkaConsumer<String, byte[]> kafka; // the loop's one thread uses it; stop() closes it after that thread
    private Instant nextTopicCheck = Instant.MIN;

    public LiveFeed(KafkaProperties kafka, LiveConnections connections, TicketRepository tickets,
                    CustomerDirectory customers, MeterRegistry registry) {
        super(Options.named("live-feed").stopTimeout(Duration.ofSeconds(10)).backOff(Duration.ofSeconds(1),
                Duration.ofSeconds(30)));
        Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "live-feed-" + Long.toHexString(System.nanoTime()));
        this.consumerConfig = config;
        this.connections = connections;
        this.tickets = tickets;
        this.customers = customers;
        this.registry = registry;
    }

    /** Whether both topics are assigned and positioned at their end: from now on every event is seen. */
    public boolean isFollowing() {
        return following;
    }

    /** One poll; a round that throws (the broker gone) is retried with a back-off, with the same consumer. */
    @Override
    protected Duration runOnce() {
        if (kafka == null) {
            kafka = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer());
        }
        if (!following && Instant.now().isAfter(nextTopicCheck)) {
            following = assignNewPartitions(kafka);
            nextTopicCheck = Instant.now().plus(TOPIC_CHECK);
        }
        if (kafka.assignment().isEmpty()) {
            return Duration.ofSeconds(1);
        }
        for (ConsumerRecord<String, byte[]> record : kafka.poll(POLL)) {
            handle(record);
        }
        return Duration.ZERO;
    }

    @Override
    public synchronized void stop() {
        super.stop();
        if (kafka != null) {
            kafka.close();
            kafka = null;
            following = false;
        }
    }

    /** Adds the partitions of the topics that exist now, at their end; true when every topic is assigned. */
    private boolean assignNewPartitions(KafkaConsumer<String, byte[]> kafka) {
        List<TopicPartition> assigned = new ArrayList<>(kafka.assignment());
        List<TopicPartition> added = new ArrayList<>();
        boolean all = true;
        for (String topic : TOPICS) {
            if (assigned.stream().anyMatch(p -> p.topic().equals(topic))) {
                continue;
            }
            List<PartitionInfo> infos = kafka.partitionsFor(topic, Duration.ofSeconds(5));
            if (infos == null || infos.isEmpty()) {
                log.info("live feed: no topic {} yet; following it once it appears", topic);
                all = false;
                continue;
            }
            infos.forEach(i -> added.add(new TopicPartition(i.topic(), i.partition())));
        }
        if (!added.isEmpty()) {
            assigned.addAll(added);
            kafka.assign(assigned);
            kafka.seekToEnd(added);
            added.forEach(kafka::position); // resolves the end now: what is written from here on is seen
            log.info("live feed: following {} partitions from their end", added.size());
        }
        return all;
    }

    private void handle(ConsumerRecord<String, byte[]> record) {
        if (connections.size() == 0) {
            return;
        }
        try {
            SpecificRecord value = deserializer.deserialize(record.topic(), record.value());
            if (value instanceof TicketEvent event) {
                connections.publish(LiveMessages.ticket(event));
            } else if (value instanceof WindowEvent event) {
                window(event).ifPresent(connections::publish);
            }
        } catch (RuntimeException e) {
            Counter.builder("switchboard.console.live.skipped.records").tag("topic", record.topic())
                    .description("Records the live feed could not read or place; skipped").register(registry)
                    .increment();
            log.warn("live feed: {}-{}@{} skipped: {}", record.topic(), record.partition(), record.offset(),
                    e.toString());
        }
    }

    /**
     * A window event names the conversation; its ticket (and so its group) is the one it names, else the open one of
     * the conversation the customer's ids resolve to (whichever id reminder-service keyed it by).
     */
    private Optional<LiveMessage> window(WindowEvent event) {
        Optional<TicketRow> ticket = event.getTicketId() != null
                ? tickets.ticket(Long.parseLong(event.getTicketId()))
                : customers.resolve(event.getChannelId(), event.getCustomer())
                        .flatMap(customerId -> tickets.openTicket(event.getChannelId(), customerId));
        return ticket.map(t -> LiveMessages.window(event, t.id(), t.group()));
    }
}
