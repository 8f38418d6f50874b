package dev.switchboard.ticket.registry;

import java.util.List;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import dev.switchboard.events.AccountEvent;
import dev.switchboard.kit.kafka.RecordBatches;

/**
 * The registry's reading of {@code whatsapp.account.events.v1} (group {@code <prefix>.registry-account-events}): number
 * quality and business capability changes. Template statuses on the same topic are the template catalogue's, in a
 * group of its own.
 */
@Component
class AccountEventsListener {

    private final RecordBatches batches;
    private final NumberEvents numberEvents;

    AccountEventsListener(RecordBatches batches, NumberEvents numberEvents) {
        this.batches = batches;
        this.numberEvents = numberEvents;
    }

    @KafkaListener(id = "ticket-registry-account-events", groupId = "${switchboard.kafka.group-prefix}.registry-account-events",
            topics = "whatsapp.account.events.v1", batch = "true")
    void accountEvents(List<ConsumerRecord<String, SpecificRecord>> records) {
        batches.applyEach(records, AccountEvent.class, numberEvents::apply);
        numberEvents.afterBatch();
    }
}
