package dev.switchboard.ticket.intake;

import java.util.List;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import dev.switchboard.events.InboundMessage;
import dev.switchboard.events.MediaEvent;
import dev.switchboard.events.MessageStatus;
import dev.switchboard.events.OutboundResult;
import dev.switchboard.kit.kafka.RecordBatches;
import dev.switchboard.ticket.inbound.InboundBatches;
import dev.switchboard.ticket.media.MediaOutcomes;
import dev.switchboard.ticket.receipts.DeliveryReceipts;
import dev.switchboard.ticket.registry.ChannelHealthLoop;

/**
 * The topics ticket-service consumes, each in batches (see {@link RecordBatches}), each in a consumer group of its
 * own ({@code <switchboard.kafka.group-prefix>.<topic>}) so that one topic's rebalance or replay leaves the others be.
 */
@Component
class TicketListeners {

    private final RecordBatches batches;
    private final InboundBatches inboundBatches;
    private final DeliveryReceipts receipts;
    private final MediaOutcomes media;
    private final ChannelHealthLoop channelHealth;

    TicketListeners(RecordBatches batches, InboundBatches inboundBatches, DeliveryReceipts receipts,
                    MediaOutcomes media, ChannelHealthLoop channelHealth) {
        this.batches = batches;
        this.inboundBatches = inboundBatches;
        this.receipts = receipts;
        this.media = media;
        this.channelHealth = channelHealth;
    }

    @KafkaListener(id = "ticket-inbound-messages", groupId = "${switchboard.kafka.group-prefix}.inbound-messages", topics = "whatsapp.inbound.messages.v1", batch = "true")
    void messages(List<ConsumerRecord<String, SpecificRecord>> records) {
        // Set-based for the whole batch; record by record, each a batch of one (naming a poison record), if that fails.
        batches.apply(records, InboundMessage.class, inboundBatches::handle, inboundBatches::handleOne);
    }

    @KafkaListener(id = "ticket-inbound-statuses", groupId = "${switchboard.kafka.group-prefix}.inbound-statuses", topics = "whatsapp.inbound.statuses.v1", batch = "true")
    void statuses(List<ConsumerRecord<String, SpecificRecord>> records) {
        batches.applyEach(records, MessageStatus.class, receipts::status);
    }

    @KafkaListener(id = "ticket-outbound-results", groupId = "${switchboard.kafka.group-prefix}.outbound-results", topics = "whatsapp.outbound.results.v1", batch = "true")
    void results(List<ConsumerRecord<String, SpecificRecord>> records) {
        batches.applyEach(records, OutboundResult.class, receipts::result);
        // A send refused for the channel's credentials (CHANNEL_UNAVAILABLE, Meta's 190): the registry checks it now.
        channelHealth.afterResults(records);
    }

    @KafkaListener(id = "ticket-media-events", groupId = "${switchboard.kafka.group-prefix}.media-events", topics = "whatsapp.media.events.v1", batch = "true")
    void media(List<ConsumerRecord<String, SpecificRecord>> records) {
        batches.applyEach(records, MediaEvent.class, media::record);
    }
}
