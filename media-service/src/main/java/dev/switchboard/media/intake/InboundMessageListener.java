package dev.switchboard.media.intake;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import dev.switchboard.events.InboundMessage;
import dev.switchboard.kit.kafka.RecordBatches;
import dev.switchboard.media.job.FetchJobs;
import dev.switchboard.media.job.FetchLoop;

/**
 * {@code whatsapp.inbound.messages.v1} in batches (consumer group {@code switchboard.kafka.group-id}, default
 * {@code media-service}): a fetch job for every message with a file, echoes included, in one transaction per poll
 * ({@link RecordBatches}); a redelivered or replayed message records nothing. A record that cannot be recorded
 * (undecodable, no customer id to key its event by) goes to the dead-letter topic. The fetch threads are woken once
 * the jobs are committed.
 */
@Component
class InboundMessageListener {

    static final String ID = "media-inbound-messages";

    private final RecordBatches batches;
    private final FetchJobs jobs;
    private final FetchLoop fetching;
    private final Clock clock;

    InboundMessageListener(RecordBatches batches, FetchJobs jobs, FetchLoop fetching, Clock clock) {
        this.batches = batches;
        this.jobs = jobs;
        this.fetching = fetching;
        this.clock = clock;
    }

    @KafkaListener(id = ID, groupId = "${switchboard.kafka.group-id:media-service}",
            topics = "whatsapp.inbound.messages.v1", batch = "true")
    void messages(List<ConsumerRecord<String, SpecificRecord>> records) {
        AtomicInteger recorded = new AtomicInteger();
        batches.applyAll(records, InboundMessage.class,
                messages -> recorded.addAndGet(jobs.record(messages, clock.instant())));
        if (recorded.get() > 0) {
            fetching.wakeUp();
        }
    }
}
