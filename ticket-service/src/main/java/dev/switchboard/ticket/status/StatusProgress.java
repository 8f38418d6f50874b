package dev.switchboard.ticket.status;

/**
 * How an outbound article's status may move. Receipts arrive late, twice and out of order ({@code read} may come
 * without {@code delivered}, or before it), so a status only ever moves forward: pending → sent → delivered →
 * read. {@code failed} is final, and a failure reported after the message was delivered or read is ignored (the
 * customer has it).
 */
public final class StatusProgress {

    private StatusProgress() {
    }

    public enum Status {
        RECEIVED, PENDING, SENT, DELIVERED, READ, FAILED;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Status fromWire(String value) {
            return valueOf(value.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /** The status after {@code incoming} arrives for an article that is {@code current}. */
    public static Status next(Status current, Status incoming) {
        if (current == Status.FAILED || current == Status.RECEIVED || incoming == Status.RECEIVED) {
            return current;
        }
        if (incoming == Status.FAILED) {
            return current == Status.DELIVERED || current == Status.READ ? current : Status.FAILED;
        }
        return incoming.ordinal() > current.ordinal() ? incoming : current;
    }
}
