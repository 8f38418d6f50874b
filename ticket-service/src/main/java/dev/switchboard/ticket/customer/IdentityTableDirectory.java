package dev.switchboard.ticket.customer;

import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.switchboard.events.Customer;

/**
 * Looks a customer up in the identity table (customer_identity, V11): the conversation any of their ids (wa_id,
 * BSUID, parent BSUID) resolves to on the channel, a retired id (a number the customer left) resolving to nothing
 * and a merged conversation to the one it was merged into. With several, the wa_id's first, then the BSUID's.
 */
@Component
class IdentityTableDirectory implements CustomerDirectory {

    private final JdbcClient jdbc;

    IdentityTableDirectory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<String> resolve(String channelId, Customer customer) {
        return jdbc.sql("""
                        select coalesce(c.merged_into, c.customer_id)
                        from (values (1, 'wa_id', cast(:waId as text)), (2, 'user_id', cast(:userId as text)),
                                     (3, 'parent_user_id', cast(:parentUserId as text))) as v(rank, kind, value)
                        join customer_identity i on i.channel_id = :channel and i.kind = v.kind and i.value = v.value
                        join conversation c on c.channel_id = i.channel_id and c.customer_id = i.customer_id
                        where i.retired_at is null
                        order by v.rank limit 1
                        """)
                .param("channel", channelId)
                .param("waId", customer.getWaId())
                .param("userId", customer.getUserId())
                .param("parentUserId", customer.getParentUserId())
                .query(String.class).optional();
    }
}
