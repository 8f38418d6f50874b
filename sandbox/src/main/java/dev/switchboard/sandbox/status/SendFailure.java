package dev.switchboard.sandbox.status;

/**
 * Why an accepted send fails later, as its {@code failed} (Meta) or {@code undelivered} (Twilio) status says.
 *
 * @param code    131047, 63016, …
 * @param title   Meta's title ("Re-engagement message"); Twilio has none
 * @param details Meta's {@code error_data.details}
 */
public record SendFailure(int code, String title, String details) {
}
