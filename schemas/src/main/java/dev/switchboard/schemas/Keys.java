package dev.switchboard.schemas;

import dev.switchboard.events.Customer;

/**
 * Record keys. Kafka keeps records with the same key in one partition, in order, so the key decides what stays
 * ordered: a conversation (channel + customer) for everything a customer says or is told, a channel for
 * outbound requests so that one channel's pacing is enforced by one consumer.
 */
public final class Keys {

    private Keys() {
    }

    /** {@code <channelId>:<customer id>}, where the customer id is the wa_id or, failing that, the BSUID. */
    public static String conversation(String channelId, Customer customer) {
        return conversation(channelId, customerId(customer));
    }

    public static String conversation(String channelId, String customerId) {
        requireText(channelId, "channelId");
        requireText(customerId, "customer id");
        return channelId + ":" + customerId;
    }

    /** The channel id itself. */
    public static String channel(String channelId) {
        requireText(channelId, "channelId");
        return channelId;
    }

    /**
     * The customer's stable id within a channel: the wa_id when WhatsApp sends one, otherwise the business-scoped
     * user id (users with a username may have no wa_id).
     */
    public static String customerId(Customer customer) {
        if (customer.getWaId() != null && !customer.getWaId().isBlank()) {
            return customer.getWaId();
        }
        if (customer.getUserId() != null && !customer.getUserId().isBlank()) {
            return customer.getUserId();
        }
        throw new IllegalArgumentException("customer has neither wa_id nor user id: " + customer);
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
    }
}
