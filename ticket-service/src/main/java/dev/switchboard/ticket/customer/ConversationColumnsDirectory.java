package dev.switchboard.ticket.customer;

import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.switchboard.events.Customer;

/**
 * Looks a customer up in the conversation table's own id columns (customer_id, wa_id, user_id): the oldest
 * conversation that has any of the customer's ids.
 */
@Component
class ConversationColumnsDirectory implements CustomerDirectory {

    private final JdbcClient jdbc;

    ConversationColumnsDirectory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<String> resolve(String channelId, Customer customer) {
        return jdbc.sql("""
                        select customer_id from conversation
                        where channel_id = :channel
                          and (wa_id = :waId or user_id = :userId or customer_id in (:waId, :userId))
                        order by created_at, customer_id limit 1
                        """)
                .param("channel", channelId)
                .param("waId", customer.getWaId())
                .param("userId", customer.getUserId())
                .query(String.class).optional();
    }
}
