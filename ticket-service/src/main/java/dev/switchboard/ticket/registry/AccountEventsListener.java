package dev.switchboard.ticket.registry;

import java.util.List;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import dev.switchboard.events.AccountEvent;
import dev.switchboard.kit.kafka.RecordBatches;
import dev.switchboard.ticket.consent.MarketingConsent;

/**
 * The registry's reading of {@code whatsapp.account.events.v1} (group {@code <prefix>.registry-account-events}): number
 * quality and business capability changes, customers' marketing preferences ({@link MarketingConsent}) and account
 * alerts ({@link AccountAlerts}). Template statuses on the same topic are the template catalogue's, in a
 * group of its own.
 */
@Component
class AccountEventsListener {

    private final RecordBatches batches;
    private final NumberEvents numberEvents;
    private final MarketingConsent consent;
    private final AccountAlerts alerts;

    AccountEventsListener(RecordBatches batches, NumberEvents numberEvents, MarketingConsent consent,
                          AccountAlerts alerts) {
        this.batches = batches;
        this.numberEvents = numberEvents;
        this.consent = consent;
        this.alerts = alerts;
    }

    @KafkaListener(id = "ticket-registry-account-events", groupId = "${switchboard.kafka.group-prefix}.registry-account-events",
            topics = "whatsapp.account.events.v1", batch = "true")
    void accountEvents(List<ConsumerRecord<String, SpecificRecord>> records) {
        batches.applyEach(records, AccountEvent.class, this::apply);
        numberEvents.afterBatch();
    }

    private void apply(AccountEvent event) {
        switch (event.getType()) {
            case USER_PREFERENCE -> consent.preference(event);
            case ACCOUNT_ALERT -> alerts.record(event);
            default -> numberEvents.apply(event);
        }
    }
}
