package dev.switchboard.ticket.receipts;

import java.time.Clock;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import dev.switchboard.ticket.billing.ArticlePricing;
import dev.switchboard.ticket.store.TicketRepository;

/**
 * Deletes receipts that waited in pending_status longer than {@code keep-unmatched}: a result naming their message
 * would have come within seconds, so nobody will claim them (every reminder's sent/delivered/read lands there, as
 * do receipts of messages sent from outside Switchboard), and the pricing they parked. Each replica runs it every {@code cleanup-interval}.
 */
@Component
public class UnmatchedReceipts {

    private static final Logger log = LoggerFactory.getLogger(UnmatchedReceipts.class);
    private static final int BATCH = 10_000;

    private final TicketRepository repository;
    private final ArticlePricing pricing;
    private final ReceiptSettings settings;
    private final Clock clock;
    private final Counter deleted;

    public UnmatchedReceipts(TicketRepository repository, ArticlePricing pricing, ReceiptSettings settings, Clock clock,
                             MeterRegistry meters) {
        this.repository = repository;
        this.pricing = pricing;
        this.settings = settings;
        this.clock = clock;
        this.deleted = Counter.builder("switchboard.ticket.unmatched.receipts.deleted")
                .description("receipts deleted unclaimed after keep-unmatched").register(meters);
    }

    /** Deletes what was parked before {@code now} − keep-unmatched; how many. */
    public long cleanUp(Instant now) {
        Instant before = now.minus(settings.keepUnmatched());
        long total = 0;
        int n;
        do {
            n = repository.deletePendingStatusesParkedBefore(before, BATCH);
            total += n;
            deleted.increment(n);
        } while (n == BATCH);
        while (pricing.deleteParkedBefore(before, BATCH) == BATCH) {
            // the pricings of those receipts: not counted, they are the receipts' own
        }
        if (total > 0) {
            log.info("deleted {} receipts parked before {} that no result claimed", total, before);
        }
        return total;
    }

    /** Every cleanup-interval, in each replica (Spring's scheduler; the first pass a minute after start). */
    @Scheduled(initialDelayString = "${switchboard.receipts.initial-delay:1m}",
            fixedDelayString = "${switchboard.receipts.cleanup-interval:1h}")
    void scheduledPass() {
        try {
            cleanUp(clock.instant());
        } catch (RuntimeException e) {
            log.warn("deleting unmatched receipts failed, next try in {}: {}", settings.cleanupInterval(), e.toString());
        }
    }
}
