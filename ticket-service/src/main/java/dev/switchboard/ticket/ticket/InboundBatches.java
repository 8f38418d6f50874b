package dev.switchboard.ticket.ticket;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import dev.switchboard.events.InboundMessage;
import dev.switchboard.ticket.channel.TicketChannels;
import dev.switchboard.ticket.channel.TicketChannels.Channel;
import dev.switchboard.ticket.channel.TicketSettings;
import dev.switchboard.ticket.outbox.Outbox;
import dev.switchboard.ticket.window.WindowSettings;

/**
 * A batch of customers' messages applied at once: the same tickets, articles, reactions and outbox records as
 * {@link InboundMessages#handle} for each message in order, with about ten statements for the whole batch instead of
 * about eight per message. Read what the batch touches, plan it in Java ({@link InboundBatchPlan}), write it.
 */
@Service
public class InboundBatches {

    private static final Logger log = LoggerFactory.getLogger(InboundBatches.class);

    private final InboundBatchRepository repository;
    private final TicketEvents events;
    private final Outbox outbox;
    private final TicketChannels channels;
    private final InboundBatchPlan.Rules rules;
    private final Clock clock;
    private final InboundMessages oneByOne;

    public InboundBatches(InboundBatchRepository repository, TicketEvents events, Outbox outbox, TicketChannels channels,
                          TicketSettings settings, WindowSettings window, Clock clock, InboundMessages oneByOne) {
        this.oneByOne = oneByOne;
        this.repository = repository;
        this.events = events;
        this.outbox = outbox;
        this.channels = channels;
        this.rules = new InboundBatchPlan.Rules(this::channel, settings, window.duration());
        this.clock = clock;
    }

    /**
     * Applies the messages as handling them one by one, in order, would. Throws, changing nothing once the caller's
     * transaction rolls back, if a message cannot be applied or another transaction overtook the batch.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void handle(List<InboundMessage> messages) {
        if (messages.isEmpty()) {
            return;
        }
        if (messages.stream().anyMatch(InboundMessage::getEcho)) {
            // Echoes (coexistence) are rare and not planned here: such a batch goes one by one, in order.
            messages.forEach(oneByOne::handle);
            return;
        }
        Instant now = clock.instant();
        InboundBatchPlan plan = InboundBatchPlan.of(messages, repository.stored(messages), rules, now);
        repository.assignIds(plan);
        repository.write(plan, now);
        var batch = outbox.batch();
        plan.emit(events.into(batch));
        batch.write();
    }

    private Channel channel(String channelId) {
        if (channels.find(channelId).isEmpty()) {
            log.warn("message for channel {} which ticket-service has no settings for: defaults apply", channelId);
        }
        return channels.orDefaults(channelId);
    }
}
