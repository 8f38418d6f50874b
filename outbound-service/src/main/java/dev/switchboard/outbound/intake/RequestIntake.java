package dev.switchboard.outbound.intake;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.switchboard.events.FailureKind;
import dev.switchboard.events.OutboundKind;
import dev.switchboard.events.OutboundOutcome;
import dev.switchboard.events.OutboundRequest;
import dev.switchboard.events.OutboundResult;
import dev.switchboard.events.ProviderError;
import dev.switchboard.outbound.channel.LiveChannels;
import dev.switchboard.outbound.dispatch.Dispatchers;
import dev.switchboard.outbound.dispatch.OutboundSettings;
import dev.switchboard.outbound.queue.QueueStatistics;
import dev.switchboard.outbound.queue.SendQueue;
import dev.switchboard.schemas.EventSerializer;
import dev.switchboard.schemas.Keys;
import dev.switchboard.schemas.Topics;

/**
 * Takes requests off the requests topic into the durable send queue, a batch per transaction, and commits the
 * offsets: a request id seen before (redelivery, rebalance, replay) is ignored, whatever state it is in. Waiting
 * and sending happen in the dispatchers, so no partition ever waits for a rate limit.
 */
@Component
class RequestIntake implements ConsumerSeekAware {

    private static final Logger log = LoggerFactory.getLogger(RequestIntake.class);

    private final SendQueue queue;
    private final TransactionTemplate transactions;
    private final LiveChannels channels;
    private final OutboundSettings settings;
    private final Dispatchers dispatchers;
    private final Clock clock;
    private final EventSerializer<SpecificRecord> serializer = new EventSerializer<>();
    private final QueueStatistics statistics;

    RequestIntake(SendQueue queue, TransactionTemplate transactions, LiveChannels channels, OutboundSettings settings,
                  Dispatchers dispatchers, Clock clock) {
        this.queue = queue;
        this.transactions = transactions;
        this.channels = channels;
        this.settings = settings;
        this.dispatchers = dispatchers;
        this.clock = clock;
        java.util.concurrent.Executor analyzer = java.util.concurrent.Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "queue-statistics");
            thread.setDaemon(true);
            return thread;
        });
        this.statistics = new QueueStatistics(() -> {
            try {
                queue.analyze();
            } catch (RuntimeException e) {
                log.warn("could not refresh the statistics of send_request: {}", e.toString());
            }
        }, analyzer);
    }

    @KafkaListener(id = "outbound-requests", groupId = "${switchboard.kafka.group-prefix}.requests",
            topics = "whatsapp.outbound.requests.v1", batch = "true")
    void requests(List<ConsumerRecord<String, SpecificRecord>> records) {
        int poison = -1;
        for (int i = 0; i < records.size() && poison < 0; i++) {
            if (!(records.get(i).value() instanceof OutboundRequest)) {
                poison = i;
            }
        }
        List<ConsumerRecord<String, SpecificRecord>> good = poison < 0 ? records : records.subList(0, poison);
        List<String> queued = transactions.execute(status -> {
            Instant now = clock.instant();
            List<SendQueue.NewRequest> rows = new ArrayList<>(good.size());
            for (ConsumerRecord<String, SpecificRecord> record : good) {
                SendQueue.NewRequest row = toQueue((OutboundRequest) record.value(), record, now);
                if (row != null) {
                    rows.add(row);
                }
            }
            return queue.enqueueAll(rows, now);
        });
        Set<String> touched = new HashSet<>();
        Set<String> queuedIds = new HashSet<>(queued);
        for (ConsumerRecord<String, SpecificRecord> record : good) {
            OutboundRequest request = (OutboundRequest) record.value();
            if (queuedIds.contains(request.getRequestId())) {
                touched.add(request.getChannelId());
            }
        }
        touched.forEach(dispatchers::wakeUp);
        statistics.queued(queued.size());
        if (poison >= 0) {
            // The ones before it are queued; the error handler parks this one on the dead-letter topic.
            ConsumerRecord<String, SpecificRecord> record = records.get(poison);
            throw new BatchListenerFailedException("not an OutboundRequest: " + record.topic() + "-"
                    + record.partition() + "@" + record.offset(), poison);
        }
    }

    /** The request's row of the send queue; null if it fails at once (recorded done with its failed result). */
    private SendQueue.NewRequest toQueue(OutboundRequest request, ConsumerRecord<String, SpecificRecord> record, Instant now) {
        byte[] bytes = serializer.serialize(record.topic(), request);
        String recipient = recipientId(request);
        int priority = request.getKind() == OutboundKind.REMINDER || request.getKind() == OutboundKind.NOTIFICATION ? 1 : 0;
        Instant notBefore = request.getNotBefore() != null && request.getNotBefore().isAfter(now)
                ? request.getNotBefore() : null;
        SendQueue.NewRequest row = new SendQueue.NewRequest(request.getRequestId(), request.getChannelId(),
                recipient == null ? "?" : recipient, priority, request.getBusinessInitiated(), bytes,
                deadline(request, notBefore == null ? now : notBefore, settings.quotaMaxWait()), notBefore);
        String invalid = channels.find(request.getChannelId()).isEmpty() ? "channel " + request.getChannelId()
                + " is not configured in outbound-service (neither on the channels topic nor in the file)"
                : recipient == null ? "the recipient has neither wa_id nor user id" : null;
        if (invalid != null) {
            log.warn("request {} fails at once: {}", request.getRequestId(), invalid);
            FailureKind kind = recipient == null ? FailureKind.INVALID_REQUEST : FailureKind.CHANNEL_UNAVAILABLE;
            OutboundResult result = OutboundResult.newBuilder()
                    .setEventId(java.util.UUID.randomUUID().toString())
                    .setRequestId(request.getRequestId()).setKind(request.getKind()).setChannelId(request.getChannelId())
                    .setRecipient(request.getRecipient()).setOutcome(OutboundOutcome.FAILED).setFailureKind(kind)
                    .setError(ProviderError.newBuilder().setCode(0).setTitle(kind.name().toLowerCase()).setMessage(invalid).build())
                    .setAttempts(0).setRequestedAt(request.getRequestedAt()).setCompletedAt(now)
                    .setTicketId(request.getTicketId()).setArticleId(request.getArticleId())
                    .build();
            queue.recordDone(row, serializer.serialize(Topics.OUTBOUND_RESULTS.name(), result), now);
            return null;
        }
        return row;
    }

    /**
     * The moment the request's first attempt must happen by: for a business-initiated request, the tier wait
     * ({@code quotaMaxWait}) counted from when it may first go ({@code due}: its notBefore, or its arrival), so a
     * request scheduled a day ahead does not expire on arrival; its notAfter, if earlier, wins.
     */
    static Instant deadline(OutboundRequest request, Instant due, java.time.Duration quotaMaxWait) {
        Instant deadline = request.getBusinessInitiated() ? due.plus(quotaMaxWait) : null;
        if (request.getNotAfter() != null && (deadline == null || request.getNotAfter().isBefore(deadline))) {
            deadline = request.getNotAfter();
        }
        return deadline;
    }

    private static String recipientId(OutboundRequest request) {
        try {
            return Keys.customerId(request.getRecipient());
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
        dispatchers.assigned(assignments.keySet());
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        dispatchers.revoked(partitions);
    }
}
