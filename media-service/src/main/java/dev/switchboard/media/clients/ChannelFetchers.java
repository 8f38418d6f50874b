package dev.switchboard.media.clients;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.events.InboundMessage;
import dev.switchboard.events.MediaFailure;
import dev.switchboard.events.Provider;
import dev.switchboard.media.channel.LiveChannels;
import dev.switchboard.media.channel.MediaChannels;
import dev.switchboard.media.fetching.CloudApi;
import dev.switchboard.media.fetching.FetchOutcome;
import dev.switchboard.media.fetching.MediaFetcher;
import dev.switchboard.media.fetching.MetaFetcher;
import dev.switchboard.media.fetching.TwilioFetcher;

/**
 * The fetcher of a message's channel, with the channel's credentials as of this fetch ({@link LiveChannels}). A
 * channel this service does not know, one whose record on the channels topic cannot be used (a secret that does not
 * open here), or one of another provider than the message's, fails as CHANNEL_UNAVAILABLE: visible on the article,
 * never dropped.
 */
public final class ChannelFetchers implements MediaFetcher {

    private static final Logger log = LoggerFactory.getLogger(ChannelFetchers.class);

    private final LiveChannels channels;
    private final MetaFetcher cloudApi;
    private final TwilioFetcher twilio;
    private final GraphSettings graph;
    private final Dialog360Settings dialog360;

    public ChannelFetchers(LiveChannels channels, MetaFetcher cloudApi, TwilioFetcher twilio, GraphSettings graph,
                           Dialog360Settings dialog360) {
        this.channels = channels;
        this.cloudApi = cloudApi;
        this.twilio = twilio;
        this.graph = graph;
        this.dialog360 = dialog360;
    }

    @Override
    public FetchOutcome fetch(InboundMessage message) {
        MediaChannels.Channel channel;
        try {
            channel = channels.find(message.getChannelId()).orElse(null);
        } catch (LiveChannels.UnusableChannelException e) {
            log.error("media of message {} cannot be fetched: {}", message.getMessageId(), e.getMessage());
            return unavailable(e.getMessage());
        }
        if (channel == null) {
            return unavailable("channel " + message.getChannelId() + " is neither on the channels topic nor configured"
                    + " in media-service (switchboard.channels." + message.getChannelId() + ")");
        }
        if (message.getProvider() == Provider.META && channel.provider() == MediaChannels.Provider.META) {
            String version = channel.meta().graphApiVersion() != null ? channel.meta().graphApiVersion() : graph.version();
            return cloudApi.fetch(message, CloudApi.graph(graph.baseUrl(), version, channel.meta().accessToken()));
        }
        if (message.getProvider() == Provider.DIALOG360 && channel.provider() == MediaChannels.Provider.DIALOG360) {
            MediaChannels.Dialog360 d360 = channel.dialog360();
            return cloudApi.fetch(message, CloudApi.dialog360(
                    d360.baseUrl() != null ? d360.baseUrl() : dialog360.baseUrl(), d360.apiKey()));
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
