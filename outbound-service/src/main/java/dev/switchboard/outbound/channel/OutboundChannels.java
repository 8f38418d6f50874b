package dev.switchboard.outbound.channel;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What outbound-service needs of each channel, from the {@code switchboard.channels.<channelId>} file every service
 * reads: how to reach the provider, how fast it may send and its messaging tier.
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

    public enum Provider { META, TWILIO }

    /**
     * @param provider   meta or twilio
     * @param meta       Cloud API: the sending phone_number_id is the first of {@code phone-number-ids}
     * @param twilio     Twilio: the sender is the first of {@code senders}
     * @param throughput messages per second for the channel's number (WhatsApp's default is 80, up to 1,000)
     * @param tier       unique recipients of business-initiated messages per rolling 24 h: 250, 2K, 10K, 100K or
     *                   unlimited
     */
    public record Channel(Provider provider, Meta meta, Twilio twilio, @DefaultValue("80") int throughput,
                          @DefaultValue("250") String tier) {

        /** The tier as a number of recipients; {@link Long#MAX_VALUE} when unlimited. */
        public long tierLimit() {
            String value = tier.trim().toUpperCase(Locale.ROOT);
            if (value.equals("UNLIMITED")) {
                return Long.MAX_VALUE;
            }
            return value.endsWith("K") ? Long.parseLong(value.substring(0, value.length() - 1)) * 1000
                    : Long.parseLong(value);
        }

        /** The number the channel sends from: a phone_number_id, or a Twilio sender address. */
        public String senderId() {
            return provider == Provider.META ? meta.phoneNumberIds().get(0) : twilio.senders().get(0);
        }

        List<String> problems(String at) {
            List<String> problems = new ArrayList<>();
            if (provider == null) {
                problems.add(at + ".provider: required, one of meta, twilio");
                return problems;
            }
            if (throughput < 1 || throughput > 1000) {
                problems.add(at + ".throughput: messages per second between 1 and 1000 (WhatsApp's range), not " + throughput);
            }
            if (!tier.trim().toUpperCase(Locale.ROOT).matches("UNLIMITED|[1-9][0-9]{0,8}K?")) {
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
                if (meta != null && !meta.graphApiVersion().matches("v[0-9]+\\.[0-9]+")) {
                    problems.add(at + ".meta.graph-api-version: like v23.0, not " + meta.graphApiVersion());
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
     * @param graphApiVersion e.g. v23.0
     */
    public record Meta(List<String> phoneNumberIds, String accessToken, @DefaultValue("v23.0") String graphApiVersion) {
        public Meta {
            phoneNumberIds = phoneNumberIds == null ? List.of() : List.copyOf(phoneNumberIds);
        }

        @Override
        public String toString() {
            return "Meta[phoneNumberIds=" + phoneNumberIds + ", accessToken=******, graphApiVersion=" + graphApiVersion + "]";
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
