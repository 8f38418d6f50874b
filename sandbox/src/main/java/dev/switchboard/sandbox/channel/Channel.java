package dev.switchboard.sandbox.channel;

import java.util.List;
import java.util.Optional;

/**
 * A checked channel of the channel file, or an account of {@code switchboard.sandbox.accounts} (then {@code id} is
 * the account's name): its id and the provider's part (exactly one of {@code meta} and {@code twilio} is set,
 * matching {@code provider}; a 360dialog account is a Meta one without token or secret, reached with its API key).
 *
 * @param fromFile        a channel of the channel file (its webhooks go to ingress without a subscription);
 *                        false for an account
 * @param numbers         Meta: its phone numbers, as they start
 * @param pin             Meta accounts: the two-step PIN {@code register} wants; null: any six digits (file channels)
 * @param dialog360ApiKey a 360dialog account's {@code D360-API-KEY}; null for every other
 */
public record Channel(String id, Provider provider, ChannelProperties.Meta meta, ChannelProperties.Twilio twilio,
                      boolean fromFile, List<BusinessNumber> numbers, String pin, String dialog360ApiKey) {

    /** The verified name of a file channel's numbers. */
    public static final String SANDBOX_NAME = "Switchboard Sandbox";

    public Channel {
        numbers = numbers == null ? List.of() : List.copyOf(numbers);
    }

    /** A channel of the channel file: its numbers GREEN, STANDARD, TIER_2K and PENDING until registered. */
    public Channel(String id, Provider provider, ChannelProperties.Meta meta, ChannelProperties.Twilio twilio) {
        this(id, provider, meta, twilio, true, meta == null ? List.of() : meta.phoneNumberIds().stream()
                .map(n -> new BusinessNumber(n, meta.displayNumber(), SANDBOX_NAME + " " + id, "PENDING", "GREEN",
                        "STANDARD", "TIER_2K")).toList(), null, null);
    }

    /** Whether this is a 360dialog account (Cloud API shapes, its API key instead of a bearer token). */
    public boolean dialog360() {
        return dialog360ApiKey != null;
    }

    /** meta, twilio or 360dialog: as the sandbox's JSON (the record of messages) names the provider. */
    public String label() {
        return dialog360() ? "360dialog" : provider.label();
    }

    /** One of its numbers. */
    public Optional<BusinessNumber> number(String phoneNumberId) {
        return numbers.stream().filter(n -> n.id().equals(phoneNumberId)).findFirst();
    }

    /** The digits of the business number customers write to (Meta: the display number, Twilio: the first sender). */
    public String businessDigits() {
        if (provider == Provider.META) {
            return businessDigits(meta.phoneNumberIds().get(0));
        }
        return digits(twilio.senders().get(0));
    }

    /** Meta: the digits of this number's display number (its id when it has none). */
    public String businessDigits(String phoneNumberId) {
        return number(phoneNumberId).map(BusinessNumber::digits).orElse(phoneNumberId);
    }

    /**
     * The status callback URL Twilio uses when a send names none: the public URL plus {@code /status}; null for an
     * account without a public URL.
     */
    public String twilioStatusUrl() {
        if (twilio.publicUrl() == null) {
            return null;
        }
        String url = twilio.publicUrl().toString();
        return (url.endsWith("/") ? url.substring(0, url.length() - 1) : url) + "/status";
    }

    static String digits(String number) {
        return number.replaceAll("[^0-9]", "");
    }
}
