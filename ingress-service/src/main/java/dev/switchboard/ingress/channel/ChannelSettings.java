package dev.switchboard.ingress.channel;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.switchboard.events.Provider;

/**
 * The WhatsApp channels this deployment serves, from {@code switchboard.channels.<channelId>.*}. One file (or
 * environment) configures every service; ingress reads the parts it needs: which numbers belong to a channel and
 * the secrets that prove a webhook came from Meta or Twilio.
 *
 * <p>Everything is checked when the service starts, and all problems are reported at once, naming the property.
 * The file is the bootstrap: a channel of the channels topic with the same id wins ({@link LiveChannels}).
 */
@ConfigurationProperties("switchboard")
public record ChannelSettings(Map<String, Channel> channels) {

    private static final Pattern CHANNEL_ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

    public ChannelSettings {
        channels = channels == null ? Map.of() : Map.copyOf(channels);
        List<String> problems = new ArrayList<>();
        channels.forEach((id, channel) -> problems.addAll(problems("switchboard.channels." + id, id, channel)));
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid channel configuration:\n  - " + String.join("\n  - ", problems));
        }
    }

    /** The channel with this id and provider, if configured. */
    public Optional<Channel> find(String channelId, ProviderKind provider) {
        Channel channel = channels.get(channelId);
        return channel != null && channel.provider() == provider ? Optional.of(channel) : Optional.empty();
    }

    /** Every problem of one channel, each naming where it is: {@code at} (e.g. switchboard.channels.demo) plus the
     * property. Also applied to the channels of the channels topic ({@link LiveChannels}). */
    static List<String> problems(String at, String id, Channel channel) {
        List<String> problems = new ArrayList<>();
        if (!CHANNEL_ID.matcher(id).matches()) {
            problems.add(at + ": a channel id is 1-63 lower-case letters, digits, '-' or '_', starting with a letter"
                    + " or digit (it appears in URLs and record keys)");
        }
        if (channel == null || channel.provider() == null) {
            problems.add(at + ".provider: required, one of meta, twilio, dialog360");
            return problems;
        }
        switch (channel.provider()) {
            case META -> {
                Meta meta = channel.meta();
                if (meta == null) {
                    problems.add(at + ".meta: required for a meta channel (phone-number-ids, app-secret, verify-token)");
                    break;
                }
                phoneNumberIdProblems(at + ".meta.phone-number-ids", meta.phoneNumberIds(), problems);
                if (meta.appSecret() == null || meta.appSecret().isBlank()) {
                    problems.add(at + ".meta.app-secret: required (the Meta app secret that signs webhooks)");
                }
                if (meta.verifyToken() == null || meta.verifyToken().isBlank()) {
                    problems.add(at + ".meta.verify-token: required (the token of the webhook subscription handshake)");
                }
            }
            case TWILIO -> {
                Twilio twilio = channel.twilio();
                if (twilio == null) {
                    problems.add(at + ".twilio: required for a twilio channel (auth-token, senders, public-url)");
                    break;
                }
                if (twilio.authToken() == null || twilio.authToken().isBlank()) {
                    problems.add(at + ".twilio.auth-token: required (it signs Twilio's webhooks)");
                }
                if (twilio.senders().isEmpty()) {
                    problems.add(at + ".twilio.senders: at least one sender address such as whatsapp:+15550002222");
                }
                twilio.senders().stream().filter(s -> !s.matches("whatsapp:\\+[0-9]{6,20}")).forEach(s ->
                        problems.add(at + ".twilio.senders: '" + s + "' is not of the form whatsapp:+<digits>"));
                if (twilio.publicUrl() == null || !twilio.publicUrl().isAbsolute()
                        || twilio.publicUrl().getRawQuery() != null
                        || !Set.of("http", "https").contains(twilio.publicUrl().getScheme().toLowerCase(Locale.ROOT))) {
                    problems.add(at + ".twilio.public-url: required, the absolute http(s) URL Twilio posts to (without"
                            + " query), exactly as configured in Twilio: signatures are computed over it");
                }
            }
            case DIALOG360 -> {
                Dialog360 dialog360 = channel.dialog360();
                if (dialog360 == null) {
                    problems.add(at + ".dialog360: required for a dialog360 channel (phone-number-ids, webhook-token)");
                    break;
                }
                phoneNumberIdProblems(at + ".dialog360.phone-number-ids", dialog360.phoneNumberIds(), problems);
                if (dialog360.webhookToken() == null || dialog360.webhookToken().isBlank()) {
                    problems.add(at + ".dialog360.webhook-token: required (360dialog sends it in " + Dialog360.TOKEN_HEADER
                            + "; it signs nothing else)");
                }
            }
        }
        return problems;
    }

    private static void phoneNumberIdProblems(String at, List<String> numberIds, List<String> problems) {
        if (numberIds.isEmpty()) {
            problems.add(at + ": at least one WhatsApp phone_number_id");
        }
        numberIds.stream().filter(n -> n == null || !n.matches("[0-9]{1,32}")).forEach(n ->
                problems.add(at + ": '" + n + "' is not a phone_number_id (digits only)"));
    }

    public enum ProviderKind {
        META, TWILIO, DIALOG360;

        /** The kind of channel that receives this provider's webhooks; null for UNKNOWN. */
        public static ProviderKind of(Provider provider) {
            return switch (provider) {
                case META -> META;
                case TWILIO -> TWILIO;
                case DIALOG360 -> DIALOG360;
                case UNKNOWN -> null;
            };
        }
    }

    /**
     * @param provider  who delivers this channel's webhooks
     * @param meta      for a Cloud API channel
     * @param twilio    for a Twilio channel
     * @param dialog360 for a 360dialog channel
     */
    public record Channel(ProviderKind provider, Meta meta, Twilio twilio, Dialog360 dialog360) {

        /** The numbers whose messages this channel accepts: phone_number_ids, or Twilio sender addresses. */
        public Set<String> businessNumberIds() {
            return switch (provider) {
                case META -> Set.copyOf(meta.phoneNumberIds());
                case TWILIO -> Set.copyOf(twilio.senders());
                case DIALOG360 -> Set.copyOf(dialog360.phoneNumberIds());
            };
        }
    }

    /**
     * @param phoneNumberIds the channel's WhatsApp phone_number_ids; messages for any other number are refused
     * @param appSecret      the Meta app secret: key of X-Hub-Signature-256
     * @param verifyToken    answered in the webhook subscription handshake
     */
    public record Meta(List<String> phoneNumberIds, Secret appSecret, Secret verifyToken) {
        public Meta {
            phoneNumberIds = phoneNumberIds == null ? List.of() : List.copyOf(phoneNumberIds);
        }
    }

    /**
     * @param authToken the account's auth token: key of X-Twilio-Signature
     * @param senders   the channel's WhatsApp sender addresses ({@code whatsapp:+<number>})
     * @param publicUrl the inbound webhook URL as configured in Twilio; the status callback is this plus
     *                  {@code /status}
     */
    public record Twilio(Secret authToken, List<String> senders, URI publicUrl) {
        public Twilio {
            senders = senders == null ? List.of() : List.copyOf(senders);
        }

        public String statusCallbackUrl() {
            String url = publicUrl.toString();
            return (url.endsWith("/") ? url.substring(0, url.length() - 1) : url) + "/status";
        }
    }

    /**
     * 360dialog's Cloud API proxy: Meta's webhook shapes, but nothing signed; its calls carry the token Switchboard
     * registered with it.
     *
     * @param phoneNumberIds the channel's WhatsApp phone_number_ids; messages for any other number are refused
     * @param webhookToken   must be the value of {@value #TOKEN_HEADER} on every webhook call
     */
    public record Dialog360(List<String> phoneNumberIds, Secret webhookToken) {

        public static final String TOKEN_HEADER = "X-Switchboard-Webhook-Token";

        public Dialog360 {
            phoneNumberIds = phoneNumberIds == null ? List.of() : List.copyOf(phoneNumberIds);
        }
    }
}
