package dev.switchboard.ticket.inbound;

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
import dev.switchboard.ticket.channel.WindowSettings;
import dev.switchboard.ticket.inbound.plan.InboundBatchPlan;
import dev.switchboard.ticket.outbox.Outbox;
import dev.switchboard.ticket.store.ArticleUpdates;
import dev.switchboard.ticket.store.TicketEvents;

/**
 * Inbound messages applied with the inbound rules ({@link InboundBatchPlan}): read what the batch touches, plan it
 * in Java, write it, with about ten statements for the whole batch. A batch that cannot be applied at once is
 * applied message by message, each as a batch of one ({@link #handleOne}).
 */
@Service
public class InboundBatches {

    private static final Logger log = LoggerFactory.getLogger(InboundBatches.class);

    private final InboundBatchRepository repository;
    private final TicketEvents events;
    private final ArticleUpdates articleUpdates;
    private final Outbox outbox;
    private final TicketChannels channels;
    private final InboundBatchPlan.Rules rules;
    private final Clock clock;

    public InboundBatches(InboundBatchRepository repository, TicketEvents events, ArticleUpdates articleUpdates,
                          Outbox outbox, TicketChannels channels, TicketSettings settings, WindowSettings window,
                          Clock clock) {
        this.repository = repository;
        this.events = events;
        this.articleUpdates = articleUpdates;
        this.outbox = outbox;
        this.channels = channels;
        this.rules = new InboundBatchPlan.Rules(this::channel, settings, window.duration());
        this.clock = clock;
    }

    /**
     * Applies the messages, in order. Throws, changing nothing once the caller's transaction rolls back, if a message
     * cannot be applied or another transaction overtook the batch.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void handle(List<InboundMessage> messages) {
        if (messages.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        InboundBatchPlan plan = InboundBatchPlan.of(messages, repository.stored(messages), rules, now);
        repository.assignIds(plan);
        repository.write(plan, now);
        var batch = outbox.batch();
        plan.emit(events.into(batch));
        batch.write();
        plan.reactedArticles().forEach(articleUpdates::announce);
    }

    /** One message, as a batch of one (the fallback for a batch that cannot be applied at once). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void handleOne(InboundMessage message) {
        handle(List.of(message));
    }

    private Channel channel(String channelId) {
        if (channels.find(channelId).isEmpty()) {
            log.warn("message for channel {} which ticket-service has no settings for: defaults apply", channelId);
        }
        return channels.orDefaults(channelId);
    }
}
