package dev.switchboard.ticket.consent;

import static dev.switchboard.kit.jdbc.JdbcTime.instant;
import static dev.switchboard.kit.jdbc.JdbcTime.timestamp;

import java.time.Instant;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import dev.switchboard.events.AccountEvent;
import dev.switchboard.events.TicketEventType;
import dev.switchboard.events.UserPreferenceChange;
import dev.switchboard.ticket.customer.CustomerDirectory;
import dev.switchboard.ticket.store.TicketEvents;
import dev.switchboard.ticket.store.TicketRepository;

/**
 * A customer's marketing consent ({@code conversation.marketing_opted_out}, V10), apart from the STOP/START opt-out:
 * WhatsApp's {@code user_preferences} webhook (stop / resume / signup of marketing messages) and a send refused
 * with 131050 (the user stopped marketing messages) change it; the newest change by the provider's time wins
 * ({@link ConsentChange}). A change of the flag is told on tickets.events.v1 as CUSTOMER_MARKETING_OPTED_OUT / _IN
 * (on the customer's open ticket, else their newest). A preference for a customer without a conversation on the
 * channel is logged and dropped: there is nothing to send them yet.
 */
@Service
public class MarketingConsent {

    private static final Logger log = LoggerFactory.getLogger(MarketingConsent.class);

    private final JdbcClient jdbc;
    private final TicketRepository tickets;
    private final TicketEvents events;
    private final CustomerDirectory customers;

    public MarketingConsent(JdbcClient jdbc, TicketRepository tickets, TicketEvents events, CustomerDirectory customers) {
        this.jdbc = jdbc;
        this.tickets = tickets;
        this.events = events;
        this.customers = customers;
    }

    /** Whether the customer stopped marketing messages. */
    public boolean optedOut(String channelId, String customerId) {
        return jdbc.sql("select marketing_opted_out from conversation where channel_id = ? and customer_id = ?")
                .params(channelId, customerId).query(Boolean.class).optional().orElse(false);
    }

    /** An AccountEvent USER_PREFERENCE, in the listener's transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void preference(AccountEvent event) {
        UserPreferenceChange change = event.getUserPreference();
        if (change == null) {
            return;
        }
        Optional<Boolean> optedOut = ConsentChange.optedOut(change.getCategory(), change.getValue());
        if (optedOut.isEmpty()) {
            log.info("user preference of channel {} not about marketing consent, ignored: category {} value {}",
                    event.getChannelId(), change.getCategory(), change.getValue());
            return;
        }
        Optional<String> customerId = customers.resolve(event.getChannelId(), change.getCustomer());
        if (customerId.isEmpty()) {
            log.info("marketing preference {} for a customer without a conversation on channel {}, dropped",
                    change.getValue(), event.getChannelId());
            return;
        }
        Instant changedAt = change.getChangedAt() != null ? change.getChangedAt() : event.getOccurredAt();
        change(event.getChannelId(), customerId.get(), optedOut.get(), changedAt);
    }

    /**
     * Sets the customer's marketing consent unless a change as new or newer is kept; tells other systems when the
     * flag changed.
     *
     * @return whether the flag changed
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean change(String channelId, String customerId, boolean optedOut, Instant changedAt) {
        record Kept(boolean optedOut, Instant changedAt) {
        }
        Optional<Kept> kept = jdbc.sql("select marketing_opted_out, marketing_changed_at from conversation"
                        + " where channel_id = ? and customer_id = ? for update")
                .params(channelId, customerId).query((rs, row) -> new Kept(rs.getBoolean(1), instant(rs, 2))).optional();
        if (kept.isEmpty() || !ConsentChange.wins(changedAt, kept.get().changedAt())) {
            return false;
        }
        jdbc.sql("update conversation set marketing_opted_out = ?, marketing_changed_at = ?"
                        + " where channel_id = ? and customer_id = ?")
                .params(optedOut, timestamp(changedAt), channelId, customerId).update();
        if (kept.get().optedOut() == optedOut) {
            return false;
        }
        log.info("customer {} of channel {} {} marketing messages (changed at {})", customerId, channelId,
                optedOut ? "stopped" : "resumed", changedAt);
        jdbc.sql("select id from ticket where channel_id = ? and customer_id = ? order by state = 'open' desc, id desc"
                        + " limit 1")
                .params(channelId, customerId).query(Long.class).optional()
                .flatMap(tickets::ticket)
                .ifPresent(ticket -> events.ticket(optedOut ? TicketEventType.CUSTOMER_MARKETING_OPTED_OUT
                        : TicketEventType.CUSTOMER_MARKETING_OPTED_IN, ticket,
                        tickets.conversation(channelId, customerId).orElseThrow()));
        return true;
    }
}
