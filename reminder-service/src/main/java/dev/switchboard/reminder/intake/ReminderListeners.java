package dev.switchboard.reminder.intake;

import java.util.List;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import dev.switchboard.events.InboundMessage;
import dev.switchboard.events.TicketEvent;
import dev.switchboard.kit.kafka.RecordBatches;

/**
 * The two topics reminder-service consumes, in batches (see {@link RecordBatches}), each in a consumer group of its
 * own ({@code <switchboard.kafka.group-prefix>.<name>}) so that one topic's rebalance or replay leaves the other be.
 */
@Component
class ReminderListeners {

    static final String INBOUND_MESSAGES = "reminder-inbound-messages";
    static final String TICKET_EVENTS = "reminder-ticket-events";

    private final RecordBatches batches;
    private final ConversationIntake intake;

    ReminderListeners(RecordBatches batches, ConversationIntake intake) {
        this.batches = batches;
        this.intake = intake;
    }

    @KafkaListener(id = INBOUND_MESSAGES, groupId = "${switchboard.kafka.group-prefix:reminder-service}.inbound-messages",
            topics = "whatsapp.inbound.messages.v1", batch = "true")
    void messages(List<ConsumerRecord<String, SpecificRecord>> records) {
        batches.applyAll(records, InboundMessage.class, intake::messages);
    }

    @KafkaListener(id = TICKET_EVENTS, groupId = "${switchboard.kafka.group-prefix:reminder-service}.ticket-events",
            topics = "tickets.events.v1", batch = "true")
    void ticketEvents(List<ConsumerRecord<String, SpecificRecord>> records) {
        batches.applyAll(records, TicketEvent.class, intake::ticketEvents);
    }
}
