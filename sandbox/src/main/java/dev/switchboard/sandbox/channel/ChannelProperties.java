package dev.switchboard.sandbox.channel;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The channel file every service reads ({@code switchboard.channels.<channelId>.*}), as far as the sandbox needs it:
 * which numbers and secrets belong to a channel. Keys it does not use (group, throughput, reminders, …) are
 * ignored. Checked by {@link Channels}.
 */
@ConfigurationProperties("switchboard")
public record ChannelProperties(Map<String, Entry> channels) {

    public ChannelProperties {
        channels = channels == null ? Map.of() : Map.copyOf(channels);
    }

    /** One channel as written in the file. */
    public record Entry(Provider provider, Meta meta, Twilio twilio) {
    }

    /**
     * @param phoneNumberIds the channel's phone_number_ids: the path of {@code POST /{version}/{id}/messages}
     * @param displayNumber  the number customers see ({@code +15550001111}); webhooks carry its digits
     * @param wabaId         the WhatsApp Business Account id: {@code entry[].id} of the webhooks
     * @param appSecret      signs the webhooks ({@code X-Hub-Signature-256})
     * @param accessToken    the bearer token a send must carry
     */
    public record Meta(List<String> phoneNumberIds, String displayNumber, String wabaId, String appSecret,
                       String accessToken) {
        public Meta {
            phoneNumberIds = phoneNumberIds == null ? List.of() : List.copyOf(phoneNumberIds);
        }

        @Override
        public String toString() {
            return "Meta[phoneNumberIds=" + phoneNumberIds + ", displayNumber=" + displayNumber + ", wabaId=" + wabaId
                    + ", appSecret=******, accessToken=******]";
        }
    }

    /**
     * @param accountSid the account of {@code /2010-04-01/Accounts/{AccountSid}/Messages.json}
     * @param authToken  the password of the API's Basic auth; signs the webhooks ({@code X-Twilio-Signature})
     * @param senders    the channel's {@code whatsapp:+<number>} senders
     * @param publicUrl  where inbound messages go (and {@code /status} under it for status callbacks)
     */
    public record Twilio(String accountSid, String authToken, List<String> senders, URI publicUrl) {
        public Twilio {
            senders = senders == null ? List.of() : List.copyOf(senders);
        }

        @Override
        public String toString() {
            return "Twilio[accountSid=" + accountSid + ", authToken=******, senders=" + senders + ", publicUrl="
                    + publicUrl + "]";
        }
    }
}
