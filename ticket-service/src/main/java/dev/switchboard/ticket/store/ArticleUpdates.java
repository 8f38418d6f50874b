package dev.switchboard.ticket.store;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import dev.switchboard.events.TicketEventType;
import dev.switchboard.ticket.store.TicketRepository.ArticleRow;
import dev.switchboard.ticket.store.TicketRepository.Conversation;
import dev.switchboard.ticket.store.TicketRepository.TicketRow;

/**
 * {@code ARTICLE_UPDATED}: something on a stored article changed other than its status (a reaction landed on it, its
 * file's outcome arrived), so that whoever shows the article (the console) redraws it. Written in the transaction
 * that made the change, after it, from the rows as they are now.
 */
@Component
public class ArticleUpdates {

    private final TicketRepository tickets;
    private final TicketEvents events;

    public ArticleUpdates(TicketRepository tickets, TicketEvents events) {
        this.tickets = tickets;
        this.events = events;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void announce(long articleId) {
        ArticleRow article = tickets.article(articleId)
                .orElseThrow(() -> new IllegalStateException("no article " + articleId));
        TicketRow ticket = tickets.ticket(article.ticketId())
                .orElseThrow(() -> new IllegalStateException("no ticket " + article.ticketId()));
        Conversation customer = tickets.conversation(ticket.channelId(), ticket.customerId())
                .orElseThrow(() -> new IllegalStateException("no conversation of ticket " + ticket.id()));
        events.article(TicketEventType.ARTICLE_UPDATED, ticket, customer, article, null);
    }
}
