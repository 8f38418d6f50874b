package dev.switchboard.ticket.template;

import java.util.List;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import dev.switchboard.events.AccountEvent;
import dev.switchboard.events.AccountEventType;
import dev.switchboard.events.TemplateStatusChange;
import dev.switchboard.kit.kafka.RecordBatches;
import dev.switchboard.ticket.template.rules.Template;

/**
 * {@code TEMPLATE_STATUS} account events (Meta's {@code message_template_status_update}, from ingress) change the
 * template's status in the catalogue at once: matched by template id, else by name and language. An event for a
 * template the catalogue does not know (created since the last sync) syncs the channel. Other account events are
 * the channel registry's.
 */
@Component
class TemplateStatusEvents {

    private static final Logger log = LoggerFactory.getLogger(TemplateStatusEvents.class);

    private final RecordBatches batches;
    private final TemplateCatalogue catalogue;
    private final TemplateSync sync;

    TemplateStatusEvents(RecordBatches batches, TemplateCatalogue catalogue, TemplateSync sync) {
        this.batches = batches;
        this.catalogue = catalogue;
        this.sync = sync;
    }

    @KafkaListener(id = "ticket-template-status", groupId = "${switchboard.kafka.group-prefix}.template-status",
            topics = "whatsapp.account.events.v1", batch = "true")
    void events(List<ConsumerRecord<String, SpecificRecord>> records) {
        batches.applyEach(records, AccountEvent.class, this::apply);
    }

    void apply(AccountEvent event) {
        TemplateStatusChange change = event.getTemplate();
        if (event.getType() != AccountEventType.TEMPLATE_STATUS || change == null) {
            return;
        }
        String status = Template.statusAfterEvent(change.getEvent());
        int changed = catalogue.applyStatus(event.getChannelId(), change.getTemplateId(), change.getName(),
                change.getLanguage(), status, change.getReason());
        if (changed == 0) {
            log.info("template status {} of channel {}: template {} ({}) is not in the catalogue; syncing it",
                    change.getEvent(), event.getChannelId(), change.getName(), change.getLanguage());
            sync.request(event.getChannelId());
        } else {
            log.info("template {} ({}) of channel {}: {}", change.getName(), change.getLanguage(),
                    event.getChannelId(), change.getEvent());
        }
    }
}
