package dev.switchboard.outbound.dispatch;

import org.springframework.stereotype.Component;

import dev.switchboard.outbound.channel.OutboundChannels.Channel;
import dev.switchboard.outbound.channel.OutboundChannels.Provider;
import dev.switchboard.outbound.media.StoredMedia;
import dev.switchboard.outbound.sending.GraphClient;
import dev.switchboard.outbound.sending.ProviderClient;
import dev.switchboard.outbound.sending.TwilioClient;

/** The client that speaks to a channel's provider, sending stored files too ({@link StoredMedia}). */
@Component
public class ProviderClients {

    private final ProviderClient graph;
    private final ProviderClient twilio;

    public ProviderClients(GraphClient graph, TwilioClient twilio, StoredMedia storedMedia) {
        this.graph = storedMedia.around(graph);
        this.twilio = storedMedia.around(twilio);
    }

    public ProviderClient forChannel(Channel channel) {
        return channel.provider() == Provider.TWILIO ? twilio : graph;
    }
}
