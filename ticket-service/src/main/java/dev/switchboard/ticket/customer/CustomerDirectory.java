package dev.switchboard.ticket.customer;

import java.util.Optional;

import dev.switchboard.events.Customer;

/**
 * Which conversation a customer is, on one channel, whatever identity a record names them by (wa_id, BSUID, parent
 * BSUID). Identities are scoped to the channel, so never shared across business portfolios.
 */
public interface CustomerDirectory {

    /** The {@code conversation.customer_id} this customer's ids lead to on this channel, if any conversation has them. */
    Optional<String> resolve(String channelId, Customer customer);
}
