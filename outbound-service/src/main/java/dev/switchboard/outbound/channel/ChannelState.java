package dev.switchboard.outbound.channel;

import dev.switchboard.outbound.channel.OutboundChannels.Channel;

/** What a channel is to this service right now ({@link LiveChannels}). */
public sealed interface ChannelState {

    /** Sends with these credentials, numbers and pacing. */
    record Sending(Channel channel) implements ChannelState {
    }

    /** Disabled on the channels topic: its requests are queued but held, neither sent nor failed, until it is enabled. */
    record Held() implements ChannelState {
    }

    /**
     * Cannot send: its secret does not open with this service's keys, or the record lacks what a send needs. Its
     * requests fail as channel_unavailable with {@code reason} (which names no secret).
     */
    record Unavailable(String reason) implements ChannelState {
    }
}
