package dev.switchboard.sandbox.channel;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code switchboard.sandbox.accounts.<name>}: provider-side accounts that Switchboard does not know yet, so that a
 * channel admin API can onboard them (the channel file's channels are accounts too). Checked by {@link Channels}.
 *
 * @param accounts per account name (unique among accounts and the file's channel ids)
 */
@ConfigurationProperties("switchboard.sandbox")
public record AccountProperties(Map<String, Account> accounts) {

    public AccountProperties {
        accounts = accounts == null ? Map.of() : Map.copyOf(accounts);
    }

    /**
     * One account. {@code provider} is {@code meta}, {@code twilio} or {@code 360dialog}; only its fields are read.
     *
     * @param provider      meta, twilio or 360dialog
     * @param wabaId        meta, 360dialog: the WhatsApp Business Account id
     * @param accessToken   meta: the system user's token (the bearer of every Graph call)
     * @param appSecret     meta: the app secret webhooks are signed with
     * @param pin           meta: the numbers' two-step PIN for {@code register} (default 123456)
     * @param numbers       meta: the WABA's phone numbers
     * @param accountSid    twilio: AC + 32 hex
     * @param authToken     twilio: Basic auth password and signing key
     * @param senders       twilio: {@code whatsapp:+…} senders
     * @param publicUrl     twilio (optional): where customers' messages go (status callbacks under /status)
     * @param apiKey        360dialog: the {@code D360-API-KEY}
     * @param phoneNumberId 360dialog: the number's phone_number_id
     * @param displayNumber 360dialog: the number customers see
     */
    public record Account(String provider, String wabaId, String accessToken, String appSecret, String pin,
                          List<Number> numbers, String accountSid, String authToken, List<String> senders,
                          URI publicUrl, String apiKey, String phoneNumberId, String displayNumber) {
        public Account {
            numbers = numbers == null ? List.of() : List.copyOf(numbers);
            senders = senders == null ? List.of() : List.copyOf(senders);
        }

        @Override
        public String toString() {
            return "Account[provider=" + provider + ", wabaId=" + wabaId + ", numbers=" + numbers + ", accountSid="
                    + accountSid + ", senders=" + senders + ", phoneNumberId=" + phoneNumberId + ", secrets=******]";
        }
    }

    /**
     * A Meta account's phone number; the defaults are Meta's for a new number.
     *
     * @param id              the phone_number_id
     * @param displayNumber   e.g. {@code +1 555-000-3333}
     * @param verifiedName    default: the account's name
     * @param status          PENDING (default; CONNECTED once registered) or CONNECTED
     * @param quality         GREEN (default), YELLOW, RED
     * @param throughputLevel STANDARD (default) or HIGH
     * @param messagingLimit  TIER_250 (default), TIER_2K, TIER_10K, TIER_100K, TIER_UNLIMITED
     */
    public record Number(String id, String displayNumber, String verifiedName, String status, String quality,
                         String throughputLevel, String messagingLimit) {
    }
}
