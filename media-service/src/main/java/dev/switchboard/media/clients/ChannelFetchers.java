package dev.switchboard.media.clients;

import dev.switchboard.events.InboundMessage;
import dev.switchboard.events.MediaFailure;
import dev.switchboard.events.Provider;
import dev.switchboard.media.channel.MediaChannels;
import dev.switchboard.media.fetching.FetchOutcome;
import dev.switchboard.media.fetching.MediaFetcher;
import dev.switchboard.media.fetching.MetaFetcher;
import dev.switchboard.media.fetching.TwilioFetcher;

/**
 * The fetcher of a message's channel, with the channel's credentials. A channel this service does not know, or one
 * of another provider than the message's, fails as CHANNEL_UNAVAILABLE: visible on the article, never dropped.
 */
public final class ChannelFetchers implements MediaFetcher {

    private final MediaChannels channels;
    private final MetaFetcher meta;
    private final TwilioFetcher twilio;
    private final String graphVersion;

    public ChannelFetchers(MediaChannels channels, MetaFetcher meta, TwilioFetcher twilio, String graphVersion) {
        this.channels = channels;
        this.meta = meta;
        this.twilio = twilio;
        this.graphVersion = graphVersion;
    }

    @Override
    public FetchOutcome fetch(InboundMessage message) {
        MediaChannels.Channel channel = channels.find(message.getChannelId()).orElse(null);
        if (channel == null) {
            return unavailable("channel " + message.getChannelId() + " is not configured in media-service"
                    + " (switchboard.channels." + message.getChannelId() + ")");
        }
        if (message.getProvider() == Provider.META && channel.provider() == MediaChannels.Provider.META) {
            String version = channel.meta().graphApiVersion() != null ? channel.meta().graphApiVersion() : graphVersion;
            return meta.fetch(message, channel.meta().accessToken(), version);
        }
        if (message.getProvider() == Provider.TWILIO && channel.provider() == MediaChannels.Provider.TWILIO) {
            return twilio.fetch(message, channel.twilio().accountSid(), channel.twilio().authToken());
        }
        return unavailable("the message came through " + message.getProvider() + " but channel "
                + message.getChannelId() + " is configured for " + channel.provider());
    }

    private static FetchOutcome unavailable(String detail) {
        return new FetchOutcome.Failed(MediaFailure.CHANNEL_UNAVAILABLE, detail, null);
    }
}
