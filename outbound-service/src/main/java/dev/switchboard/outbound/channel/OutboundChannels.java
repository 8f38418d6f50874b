package dev.switchboard.outbound.channel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import dev.switchboard.outbound.pacing.ChannelPacing;


/**
 * What outbound-service needs of each channel, from the {@code switchboard.channels.<channelId>} file every service
 * reads: how to reach the provider, how fast it may send and its messaging tier. The file is the bootstrap: a channel
 * of the channels topic wins over the file's of the same id ({@link LiveChannels}).
 */
@ConfigurationProperties("switchboard")
public record OutboundChannels(Map<String, Channel> channels) {

    public OutboundChannels {
        channels = channels == null ? Map.of() : Map.copyOf(channels);
        List<String> problems = new ArrayList<>();
        channels.forEach((id, channel) -> problems.addAll(channel.problems("switchboard.channels." + id)));
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid channel configuration:\n  - " + String.join("\n  - ", problems));
        }
    }

    public Optional<Channel> find(String channelId) {
        return Optional.ofNullable(channels.get(channelId));
    }

    public enum Provider { META, TWILIO, DIALOG360 }

    /**
     * @param provider   meta, twilio or dialog360
     * @param meta       Cloud API: the channel's numbers are {@code phone-number-ids}
     * @param twilio     Twilio: the channel's numbers are {@code senders}
     * @param dialog360  360dialog's Cloud API proxy: {@code api-key}, {@code phone-number-ids}, {@code base-url} (none:
     *                   {@code switchboard.dialog360.base-url})
     * @param throughput messages per second for the channel's number (WhatsApp's default is 80, up to 1,000)
     * @param tier       unique recipients of business-initiated messages per rolling 24 h: 250, 2K, 10K, 100K or
     *                   unlimited
     */
    public record Channel(Provider provider, Meta meta, Twilio twilio, Dialog360 dialog360,
                          @DefaultValue("80") int throughput, @DefaultValue("250") String tier) {

        /** The tier as a number of recipients; {@link Long#MAX_VALUE} when unlimited. */
        public long tierLimit() {
            return ChannelPacing.tierLimit(tier);
        }

        /** The channel's numbers (phone_number_ids, or Twilio sender addresses); the first one sends by default. */
        public List<String> numbers() {
            List<String> numbers = switch (provider) {
                case META -> meta == null ? null : meta.phoneNumberIds();
                case TWILIO -> twilio == null ? null : twilio.senders();
                case DIALOG360 -> dialog360 == null ? null : dialog360.phoneNumberIds();
            };
            return numbers == null ? List.of() : numbers;
        }

        /** The number the channel sends from by default: its first. */
        public String senderId() {
            return numbers().get(0);
        }

        /**
         * The number to send from: {@code requested} when it is one of the channel's numbers (the one the customer
         * wrote to), else the first.
         */
        public String senderFor(String requested) {
            return requested != null && numbers().contains(requested) ? requested : senderId();
        }

        List<String> problems(String at) {
            List<String> problems = new ArrayList<>();
            if (provider == null) {
                problems.add(at + ".provider: required, one of meta, twilio, dialog360");
                return problems;
            }
            if (throughput < 1 || throughput > 1000) {
                problems.add(at + ".throughput: messages per second between 1 and 1000 (WhatsApp's range), not " + throughput);
            }
            if (!ChannelPacing.isTier(tier)) {
                problems.add(at + ".tier: 250, 2K, 10K, 100K or unlimited (WhatsApp's tiers; any count is accepted),"
                        + " not " + tier);
            }
            if (provider == Provider.META) {
                if (meta == null || meta.phoneNumberIds().isEmpty()) {
                    problems.add(at + ".meta.phone-number-ids: required, the first one sends");
                }
                if (meta == null || meta.accessToken() == null || meta.accessToken().isBlank()) {
                    problems.add(at + ".meta.access-token: required (a system user token with whatsapp_business_messaging)");
                }
                if (meta != null && meta.graphApiVersion() != null
                        && !GraphVersions.isVersion(meta.graphApiVersion())) {
                    problems.add(at + ".meta.graph-api-version: like " + GraphVersions.DEFAULT + ", not "
                            + meta.graphApiVersion());
                }
            } else if (provider == Provider.DIALOG360) {
                if (dialog360 == null || dialog360.phoneNumberIds().isEmpty()) {
                    problems.add(at + ".dialog360.phone-number-ids: required (the number its API key sends from)");
                }
                if (dialog360 == null || dialog360.apiKey() == null || dialog360.apiKey().isBlank()) {
                    problems.add(at + ".dialog360.api-key: required (360dialog's D360-API-KEY of the number)");
                }
                if (dialog360 != null && dialog360.baseUrl() != null && !dialog360.baseUrl().matches("https?://[^/]+.*")) {
                    problems.add(at + ".dialog360.base-url: an http(s) URL, not " + dialog360.baseUrl());
                }
            } else {
                if (twilio == null || twilio.senders().isEmpty()) {
                    problems.add(at + ".twilio.senders: required, the first one sends (whatsapp:+<number>)");
                }
                if (twilio == null || twilio.accountSid() == null || !twilio.accountSid().matches("AC[0-9a-fA-F]{32}")) {
                    problems.add(at + ".twilio.account-sid: required, AC followed by 32 hex digits");
                }
                if (twilio == null || twilio.authToken() == null || twilio.authToken().isBlank()) {
                    problems.add(at + ".twilio.auth-token: required");
                }
            }
            return problems;
        }
    }

    /**
     * @param phoneNumberIds  the channel's numbers; the first one sends
     * @param accessToken     bearer token of the Graph API (never logged)
     * @param graphApiVersion e.g. v27.0; null: the service's ({@code switchboard.graph.version}, default
     *                        {@value GraphVersions#DEFAULT})
     */
    public record Meta(List<String> phoneNumberIds, String accessToken, String graphApiVersion) {
        public Meta {
            phoneNumberIds = phoneNumberIds == null ? List.of() : List.copyOf(phoneNumberIds);
        }

        @Override
        public String toString() {
            return "Meta[phoneNumberIds=" + phoneNumberIds + ", accessToken=******, graphApiVersion=" + graphApiVersion + "]";
        }
    }

    /**
     * @param apiKey         360dialog's {@code D360-API-KEY} of the number (never logged)
     * @param phoneNumberIds the number's phone_number_id (360dialog's key names the number; ids are for routing)
     * @param baseUrl        e.g. https://waba-v2.360dialog.io; null: {@code switchboard.dialog360.base-url}
     */
    public record Dialog360(String apiKey, List<String> phoneNumberIds, String baseUrl) {
        public Dialog360 {
            phoneNumberIds = phoneNumberIds == null ? List.of() : List.copyOf(phoneNumberIds);
        }

        @Override
        public String toString() {
            return "Dialog360[apiKey=******, phoneNumberIds=" + phoneNumberIds + ", baseUrl=" + baseUrl + "]";
        }
    }

    public record Twilio(String accountSid, String authToken, List<String> senders) {
        public Twilio {
            senders = senders == null ? List.of() : List.copyOf(senders);
        }

        @Override
        public String toString() {
            return "Twilio[accountSid=" + accountSid + ", authToken=******, senders=" + senders + "]";
        }
    }
}
