package dev.switchboard.ticket.template;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import dev.switchboard.events.ChannelConfig;
import dev.switchboard.events.SealedSecret;
import dev.switchboard.kit.channels.ChannelFeed;
import dev.switchboard.kit.channels.ChannelKeys;

/**
 * Where each channel's templates are listed, with which credentials: the channel's record on the channels topic if
 * there is one (its sealed secrets opened with the operator's keys), else its entry in the bootstrap file. A channel
 * without the credentials a listing needs, or disabled, has none.
 */
@Component
class TemplateSources {

    /** A listing to call; its secrets never show in {@code toString}. */
    sealed interface Source permits Meta, Dialog360, Twilio {
    }

    record Meta(String wabaId, String accessToken, String graphVersion) implements Source {
        @Override
        public String toString() {
            return "Meta[wabaId=" + wabaId + "]";
        }
    }

    /** @param baseUrl null: the service's default */
    record Dialog360(String baseUrl, String apiKey) implements Source {
        @Override
        public String toString() {
            return "Dialog360[" + baseUrl + "]";
        }
    }

    record Twilio(String accountSid, String authToken) implements Source {
        @Override
        public String toString() {
            return "Twilio[" + accountSid + "]";
        }
    }

    private final TemplateChannelFile file;
    private final ObjectProvider<ChannelFeed> feed;
    private final ChannelKeys keys;

    TemplateSources(TemplateChannelFile file, ObjectProvider<ChannelFeed> feed, ChannelKeys keys) {
        this.file = file;
        this.feed = feed;
        this.keys = keys;
    }

    /** Every channel of the file and the topic. */
    Set<String> channelIds() {
        Set<String> ids = new TreeSet<>(file.channels().keySet());
        ChannelFeed channels = feed.getIfAvailable();
        if (channels != null) {
            ids.addAll(channels.all().keySet());
        }
        return ids;
    }

    boolean knows(String channelId) {
        return channelIds().contains(channelId);
    }

    /**
     * The channel's listing, or empty when it has no credentials for one (or is disabled).
     *
     * @throws ChannelKeys.SecretUnavailableException when a sealed secret does not open here
     */
    Optional<Source> of(String channelId) {
        ChannelFeed channels = feed.getIfAvailable();
        Optional<ChannelConfig> live = channels == null ? Optional.empty() : channels.find(channelId);
        if (live.isPresent()) {
            return fromTopic(live.get());
        }
        TemplateChannelFile.Entry entry = file.channels().get(channelId);
        return entry == null ? Optional.empty() : fromFile(entry);
    }

    private Optional<Source> fromTopic(ChannelConfig channel) {
        if (!channel.getEnabled()) {
            return Optional.empty();
        }
        String id = channel.getChannelId();
        return switch (channel.getProvider()) {
            case META -> channel.getMeta() == null || blank(channel.getMeta().getWabaId())
                    || channel.getMeta().getAccessToken() == null ? Optional.empty()
                    : Optional.of(new Meta(channel.getMeta().getWabaId(), open(id, channel.getMeta().getAccessToken()),
                    channel.getMeta().getGraphApiVersion()));
            case DIALOG360 -> channel.getDialog360() == null || channel.getDialog360().getApiKey() == null
                    ? Optional.empty()
                    : Optional.of(new Dialog360(channel.getDialog360().getBaseUrl(),
                    open(id, channel.getDialog360().getApiKey())));
            case TWILIO -> channel.getTwilio() == null || blank(channel.getTwilio().getAccountSid())
                    || channel.getTwilio().getAuthToken() == null ? Optional.empty()
                    : Optional.of(new Twilio(channel.getTwilio().getAccountSid(),
                    open(id, channel.getTwilio().getAuthToken())));
            default -> Optional.empty();
        };
    }

    private static Optional<Source> fromFile(TemplateChannelFile.Entry entry) {
        String provider = entry.provider() == null ? "" : entry.provider().toLowerCase(Locale.ROOT);
        return switch (provider) {
            case "meta" -> entry.meta() == null || blank(entry.meta().wabaId()) || blank(entry.meta().accessToken())
                    ? Optional.empty()
                    : Optional.of(new Meta(entry.meta().wabaId(), entry.meta().accessToken(),
                    entry.meta().graphApiVersion()));
            case "dialog360" -> entry.dialog360() == null || blank(entry.dialog360().apiKey()) ? Optional.empty()
                    : Optional.of(new Dialog360(entry.dialog360().baseUrl(), entry.dialog360().apiKey()));
            case "twilio" -> entry.twilio() == null || blank(entry.twilio().accountSid())
                    || blank(entry.twilio().authToken()) ? Optional.empty()
                    : Optional.of(new Twilio(entry.twilio().accountSid(), entry.twilio().authToken()));
            default -> Optional.empty();
        };
    }

    private String open(String channelId, SealedSecret secret) {
        return keys.open(channelId, secret);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
