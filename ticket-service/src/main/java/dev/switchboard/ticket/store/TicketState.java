package dev.switchboard.ticket.store;

/** A ticket's state; stored and shown as {@link Wire wire} text ("open", "closed"). */
public enum TicketState {
    OPEN, CLOSED
}
