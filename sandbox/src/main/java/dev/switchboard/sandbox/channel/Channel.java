package dev.switchboard.sandbox.channel;

/**
 * A checked channel: its id and the provider's part of the channel file (exactly one of {@code meta} and
 * {@code twilio} is set, matching {@code provider}).
 */
public record Channel(String id, Provider provider, ChannelProperties.Meta meta, ChannelProperties.Twilio twilio) {

    /** The digits of the business number customers write to (Meta: the display number, Twilio: the first sender). */
    public String businessDigits() {
        if (provider == Provider.META) {
            String display = meta.displayNumber();
            return display == null || display.isBlank() ? meta.phoneNumberIds().get(0) : digits(display);
        }
        return digits(twilio.senders().get(0));
    }

    /** The status callback URL Twilio uses when a send names none: the public URL plus {@code /status}. */
    public String twilioStatusUrl() {
        String url = twilio.publicUrl().toString();
        return (url.endsWith("/") ? url.substring(0, url.length() - 1) : url) + "/status";
    }

    static String digits(String number) {
        return number.replaceAll("[^0-9]", "");
    }
}
