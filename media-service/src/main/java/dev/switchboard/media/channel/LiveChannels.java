package dev.switchboard.media.channel;

import java.net.URI;
import java.util.List;
import java.util.Optional;

import dev.switchboard.events.ChannelConfig;
import dev.switchboard.events.Dialog360Channel;
import dev.switchboard.events.MetaChannel;
import dev.switchboard.events.SealedSecret;
import dev.switchboard.events.TwilioChannel;
import dev.switchboard.kit.channels.ChannelFeed;
import dev.switchboard.kit.channels.ChannelKeys;
import dev.switchboard.schemas.Topics;

/**
 * The channel a file is fetched with, as of now: the channels topic's record of it when there is one (a channel
 * onboarded or changed at runtime, its sealed credentials opened with the operator's keys), else the file's
 * ({@link MediaChannels}). Looked up at every fetch, so a rotated token is used from the next fetch on.
 *
 * <p>A disabled channel is still fetched: its messages were accepted before it was disabled, and their files are
 * only available from the provider for a while.
 */
public final class LiveChannels {

    private final MediaChannels file;
    private final ChannelFeed feed;
    private final ChannelKeys keys;

    /**
     * @param feed the channels topic, or null when the service does not follow it
     *             ({@code switchboard.channel-feed.enabled=false})
     */
    public LiveChannels(MediaChannels file, ChannelFeed feed, ChannelKeys keys) {
        this.file = file;
        this.feed = feed;
        this.keys = keys;
    }

    /**
     * The channel, or empty when neither the topic nor the file has it.
     *
     * @throws UnusableChannelException when the topic's record cannot be fetched with: a secret that does not open
     *                                  here, or credentials missing; the message names the channel, never a secret
     */
    public Optional<MediaChannels.Channel> find(String channelId) {
        Optional<ChannelConfig> record = feed == null ? Optional.empty() : feed.find(channelId);
        return record.isPresent() ? Optional.of(fromTopic(record.get())) : file.find(channelId);
    }

    private MediaChannels.Channel fromTopic(ChannelConfig record) {
        String id = record.getChannelId();
        MediaChannels.Channel channel = switch (record.getProvider()) {
            case META -> new MediaChannels.Channel(MediaChannels.Provider.META, meta(record), null, null);
            case TWILIO -> new MediaChannels.Channel(MediaChannels.Provider.TWILIO, null, twilio(record), null);
            case DIALOG360 -> new MediaChannels.Channel(MediaChannels.Provider.DIALOG360, null, null, dialog360(record));
            default -> throw new UnusableChannelException("channel " + id + " on " + Topics.CHANNELS.name()
                    + " has provider " + record.getProvider() + ", which this service does not know");
        };
        List<String> problems = channel.problems(Topics.CHANNELS.name() + "[" + id + "]");
        if (!problems.isEmpty()) {
            throw new UnusableChannelException("channel " + id + " on " + Topics.CHANNELS.name() + " cannot be fetched"
                    + " with: " + String.join("; ", problems));
        }
        return channel;
    }

    private MediaChannels.Meta meta(ChannelConfig record) {
        MetaChannel meta = record.getMeta();
        return meta == null ? null : new MediaChannels.Meta(open(record.getChannelId(), meta.getAccessToken()),
                meta.getGraphApiVersion());
    }

    private MediaChannels.Twilio twilio(ChannelConfig record) {
        TwilioChannel twilio = record.getTwilio();
        return twilio == null ? null : new MediaChannels.Twilio(twilio.getAccountSid(),
                open(record.getChannelId(), twilio.getAuthToken()));
    }

    private MediaChannels.Dialog360 dialog360(ChannelConfig record) {
        Dialog360Channel dialog360 = record.getDialog360();
        return dialog360 == null ? null : new MediaChannels.Dialog360(open(record.getChannelId(), dialog360.getApiKey()),
                baseUrl(record.getChannelId(), dialog360.getBaseUrl()));
    }

    private String open(String channelId, SealedSecret sealed) {
        if (sealed == null) {
            return null;
        }
        try {
            return keys.open(channelId, sealed);
        } catch (ChannelKeys.SecretUnavailableException e) {
            // its message names the channel and the key id, never the secret
            throw new UnusableChannelException(e.getMessage());
        }
    }

    private static URI baseUrl(String channelId, String baseUrl) {
        try {
            return baseUrl == null || baseUrl.isBlank() ? null : URI.create(baseUrl.trim());
        } catch (IllegalArgumentException e) {
            throw new UnusableChannelException("channel " + channelId + " on " + Topics.CHANNELS.name()
                    + ": dialog360.baseUrl is no URL (" + e.getMessage() + ")");
        }
    }

    /** The channels topic names a channel that cannot be fetched with; the message is safe to log and to show. */
    public static final class UnusableChannelException extends RuntimeException {
        public UnusableChannelException(String message) {
            super(message);
        }
    }
}
