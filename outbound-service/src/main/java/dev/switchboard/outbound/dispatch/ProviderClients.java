package dev.switchboard.outbound.dispatch;

import org.springframework.stereotype.Component;

import dev.switchboard.outbound.channel.OutboundChannels.Channel;
import dev.switchboard.outbound.channel.OutboundChannels.Provider;
import dev.switchboard.outbound.sending.GraphClient;
import dev.switchboard.outbound.sending.ProviderClient;
import dev.switchboard.outbound.sending.TwilioClient;

/** The client that speaks to a channel's provider. */
@Component
public class ProviderClients {

    private final GraphClient graph;
    private final TwilioClient twilio;

    public ProviderClients(GraphClient graph, TwilioClient twilio) {
        this.graph = graph;
        this.twilio = twilio;
    }

    public ProviderClient forChannel(Channel channel) {
        return channel.provider() == Provider.TWILIO ? twilio : graph;
    }
}
