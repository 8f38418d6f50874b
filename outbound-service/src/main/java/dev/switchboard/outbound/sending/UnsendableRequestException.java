package dev.switchboard.outbound.sending;

/**
 * The request cannot be expressed for this provider: a required part is missing or malformed, or the channel has no
 * such message. The clients turn it into {@link SendOutcome.Rejected#notSendable}: nothing is sent.
 */
public class UnsendableRequestException extends IllegalArgumentException {

    private final String title;

    public UnsendableRequestException(String title, String message) {
        super(message);
        this.title = title;
    }

    /** A short name of the problem, e.g. "not supported by the Twilio channel". */
    public String title() {
        return title;
    }

    SendOutcome.Rejected toOutcome() {
        return SendOutcome.Rejected.notSendable(title, getMessage());
    }
}
