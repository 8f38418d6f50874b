package dev.switchboard.ticket.store;

import java.time.Clock;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import dev.switchboard.events.ArticleDirection;
import dev.switchboard.events.ArticleStatus;
import dev.switchboard.events.ArticleSummary;
import dev.switchboard.events.Customer;
import dev.switchboard.events.OutboundRequest;
import dev.switchboard.events.Pricing;
import dev.switchboard.events.ProviderError;
import dev.switchboard.events.TicketEvent;
import dev.switchboard.events.TicketEventType;
import dev.switchboard.events.TicketState;
import dev.switchboard.schemas.Keys;
import dev.switchboard.schemas.Topics;
import dev.switchboard.ticket.outbox.Outbox;
import dev.switchboard.ticket.outbox.OutboxWriter;
import dev.switchboard.ticket.status.StatusProgress.Status;
import dev.switchboard.ticket.store.TicketRepository.ArticleRow;
import dev.switchboard.ticket.store.TicketRepository.Conversation;
import dev.switchboard.ticket.store.TicketRepository.TicketRow;

/** Writes what happened to the outbox: ticket events for other systems, outbound requests for outbound-service. */
@Component
public class TicketEvents {

    private final OutboxWriter outbox;
    private final Clock clock;

    @Autowired
    public TicketEvents(Outbox outbox, Clock clock) {
        this((OutboxWriter) outbox, clock);
    }

    public TicketEvents(OutboxWriter outbox, Clock clock) {
        this.outbox = outbox;
        this.clock = clock;
    }

    /** The same events, written to {@code batch} (e.g. an {@link Outbox.Batch}) instead of row by row. */
    public TicketEvents into(OutboxWriter batch) {
        return new TicketEvents(batch, clock);
    }

    public void ticket(TicketEventType type, TicketRow ticket, Conversation customer) {
        publish(type, ticket, customer, null, null, null);
    }

    /**
     * An agent's action on a ticket (close, reopen, assignment, note).
     *
     * @param agent    the login of the agent who acted
     * @param assignee the login of the ticket's assignee, or null
     */
    public void ticket(TicketEventType type, TicketRow ticket, Conversation customer, String agent, String assignee) {
        publish(type, ticket, customer, null, agent, assignee);
    }

    public void article(TicketEventType type, TicketRow ticket, Conversation customer, ArticleRow article,
                        Status previousStatus) {
        article(type, ticket, customer, article, previousStatus, null, null);
    }

    /** An article event with what Meta said it charges for the message (billing package; null when not known). */
    public void article(TicketEventType type, TicketRow ticket, Conversation customer, ArticleRow article,
                        Status previousStatus, Pricing pricing) {
        article(type, ticket, customer, article, previousStatus, null, null, pricing);
    }

    /** An article event, naming the agent who wrote it and the ticket's assignee (null when not known). */
    public void article(TicketEventType type, TicketRow ticket, Conversation customer, ArticleRow article,
                        Status previousStatus, String agent, String assignee) {
        article(type, ticket, customer, article, previousStatus, agent, assignee, null);
    }

    private void article(TicketEventType type, TicketRow ticket, Conversation customer, ArticleRow article,
                         Status previousStatus, String agent, String assignee, Pricing pricing) {
        ArticleSummary.Builder summary = ArticleSummary.newBuilder()
                .setArticleId(String.valueOf(article.id()))
                .setDirection(ArticleDirection.valueOf(article.direction().name()))
                .setType(article.type())
                .setMessageId(article.messageId())
                .setStatus(ArticleStatus.valueOf(article.status().name()))
                .setPreviousStatus(previousStatus == null ? null : ArticleStatus.valueOf(previousStatus.name()))
                .setText(article.text())
                .setPricing(pricing);
        if (article.errorCode() != null || article.errorTitle() != null) {
            summary.setError(ProviderError.newBuilder()
                    .setCode(article.errorCode() == null ? 0 : article.errorCode())
                    .setTitle(article.errorTitle())
                    .setMessage(article.errorMessage())
                    .build());
        }
        publish(type, ticket, customer, summary.build(), agent, assignee);
    }

    public void request(OutboundRequest request) {
        outbox.add(Topics.OUTBOUND_REQUESTS, Keys.channel(request.getChannelId()), request);
    }

    private void publish(TicketEventType type, TicketRow ticket, Conversation customer, ArticleSummary article,
                         String agent, String assignee) {
        TicketEvent event = TicketEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setType(type)
                .setTicketId(String.valueOf(ticket.id()))
                .setChannelId(ticket.channelId())
                .setCustomer(customer(customer))
                .setState(TicketState.valueOf(ticket.state().name()))
                .setGroup(ticket.group())
                .setOccurredAt(clock.instant())
                .setArticle(article)
                .setAgent(agent)
                .setAssignee(assignee)
                .setCustomerKey(customer.customerId())
                .setAliases(customer.aliases())
                .build();
        outbox.add(Topics.TICKET_EVENTS, Keys.conversation(ticket.channelId(), ticket.customerId()), event);
    }

    /** The customer as their conversation knows them now (after a number change, the new number). */
    public static Customer customer(Conversation conversation) {
        return Customer.newBuilder()
                .setWaId(conversation.waId())
                .setUserId(conversation.userId())
                .setParentUserId(conversation.parentUserId())
                .setUsername(conversation.username())
                .setName(conversation.name())
                .build();
    }
}
