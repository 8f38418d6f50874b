package dev.switchboard.ticket.receipts;

import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import dev.switchboard.events.FailureKind;
import dev.switchboard.events.MessageStatus;
import dev.switchboard.events.OutboundOutcome;
import dev.switchboard.events.OutboundResult;
import dev.switchboard.events.ProviderError;
import dev.switchboard.events.TicketEventType;
import dev.switchboard.ticket.billing.ArticlePricing;
import dev.switchboard.ticket.billing.Priced;
import dev.switchboard.ticket.status.StatusProgress;
import dev.switchboard.ticket.status.StatusProgress.Status;
import dev.switchboard.ticket.store.Direction;
import dev.switchboard.ticket.store.TicketEvents;
import dev.switchboard.ticket.store.TicketRepository;
import dev.switchboard.ticket.store.TicketRepository.ArticleRow;
import dev.switchboard.ticket.store.TicketRepository.PendingStatus;

/**
 * What became of outbound articles: outbound-service's results (accepted with the wamid, or failed) and WhatsApp's
 * receipts (sent, delivered, read, failed). Receipts may overtake the result that tells which article a wamid
 * belongs to; they wait in pending_status (their pricing in pending_pricing) until it arrives. A status's
 * {@code pricing} is kept on the article ({@link ArticlePricing}); a failure about marketing (131049, 131050) goes
 * to {@link MarketingFailures}.
 */
@Service
public class DeliveryReceipts {

    private final TicketRepository repository;
    private final TicketEvents events;
    private final ArticlePricing pricing;
    private final MarketingFailures marketing;

    DeliveryReceipts(TicketRepository repository, TicketEvents events, ArticlePricing pricing,
                     MarketingFailures marketing) {
        this.repository = repository;
        this.events = events;
        this.pricing = pricing;
        this.marketing = marketing;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void result(OutboundResult result) {
        Optional<ArticleRow> found = repository.articleByRequestId(result.getRequestId());
        if (found.isEmpty()) {
            return; // not an article of ours (a read receipt, a reminder): nothing to show
        }
        ArticleRow article = found.get();
        if (result.getOutcome() == OutboundOutcome.ACCEPTED && result.getMessageId() != null) {
            repository.lockMessageId(article.channelId(), result.getMessageId());
            repository.setMessageId(article.id(), result.getMessageId());
            pricing.claimParked(article.id(), article.channelId(), result.getMessageId());
            article = apply(article, new PendingStatus(Status.SENT, null, null, null, result.getCompletedAt()), null);
            for (PendingStatus waiting : repository.takePendingStatuses(article.channelId(), result.getMessageId())) {
                article = apply(article, waiting, null);
            }
        } else if (result.getOutcome() == OutboundOutcome.FAILED) {
            ProviderError error = result.getError();
            String failure = result.getFailureKind() == null ? null : result.getFailureKind().name().toLowerCase(java.util.Locale.ROOT);
            apply(article, new PendingStatus(Status.FAILED, error == null ? null : error.getCode(),
                    error == null ? failure : error.getTitle(), error == null ? null : error.getMessage(),
                    result.getCompletedAt()), result.getFailureKind());
        }
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void status(MessageStatus receipt) {
        Status incoming = switch (receipt.getStatus()) {
            case SENT -> Status.SENT;
            case DELIVERED -> Status.DELIVERED;
            case READ, PLAYED -> Status.READ;
            case FAILED -> Status.FAILED;
            default -> null;
        };
        if (incoming == null) {
            return;
        }
        ProviderError error = receipt.getErrors().isEmpty() ? null : receipt.getErrors().get(0);
        PendingStatus status = new PendingStatus(incoming, error == null ? null : error.getCode(),
                error == null ? null : error.getTitle(), error == null ? null : firstNonNull(error.getDetails(), error.getMessage()),
                receipt.getStatusAt());
        repository.lockMessageId(receipt.getChannelId(), receipt.getMessageId());
        Optional<ArticleRow> article = repository.articleByMessageId(receipt.getChannelId(), receipt.getMessageId())
                .filter(a -> a.direction() == Direction.OUTBOUND);
        Priced priced = Priced.of(receipt.getPricing(), receipt.getStatusAt());
        if (article.isPresent()) {
            if (priced != null) {
                pricing.record(article.get().id(), article.get().channelId(), priced);
            }
            apply(article.get(), status, null);
        } else {
            repository.addPendingStatus(receipt.getChannelId(), receipt.getMessageId(), status);
            if (priced != null) {
                pricing.park(receipt.getChannelId(), receipt.getMessageId(), priced);
            }
        }
    }

    /**
     * Moves the article's status forward if the rules allow, and tells other systems.
     *
     * @param kind the result's failure kind; null for a status
     */
    private ArticleRow apply(ArticleRow article, PendingStatus status, FailureKind kind) {
        Status current = article.status();
        Status next = StatusProgress.next(current, status.status());
        if (next == current) {
            return article;
        }
        boolean failed = next == Status.FAILED;
        repository.setStatus(article.id(), next, failed ? status.errorCode() : null,
                failed ? status.errorTitle() : null, failed ? status.errorMessage() : null, status.statusAt());
        if (failed) {
            marketing.failed(article, status.errorCode(), kind, status.statusAt());
        }
        ArticleRow updated = repository.articleByRequestId(article.requestId()).orElseThrow();
        var ticket = repository.ticket(updated.ticketId()).orElseThrow();
        var conversation = repository.conversation(ticket.channelId(), ticket.customerId()).orElseThrow();
        events.article(TicketEventType.ARTICLE_STATUS_CHANGED, ticket, conversation, updated, current,
                pricing.of(updated.id()).map(Priced::toAvro).orElse(null));
        return updated;
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }
}
