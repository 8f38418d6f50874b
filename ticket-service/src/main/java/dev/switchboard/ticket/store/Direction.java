package dev.switchboard.ticket.store;

/**
 * An article's direction: the customer's message (inbound) or one to the customer (outbound); stored and shown as
 * {@link Wire wire} text.
 */
public enum Direction {
    INBOUND, OUTBOUND
}
