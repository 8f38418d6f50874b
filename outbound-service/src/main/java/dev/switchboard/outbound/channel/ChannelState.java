package dev.switchboard.outbound.channel;

import dev.switchboard.outbound.channel.OutboundChannels.Channel;

/** What a channel is to this service right now ({@link LiveChannels}). */
public sealed interface ChannelState {

    /**
     * Sends with these credentials, numbers and pacing.
     *
     * @param numberThroughputs messages per second of each of the channel's numbers that has its own (a channel of the
     *                          channels topic: what Meta reports for that number, e.g. 1,000 after a THROUGHPUT_UPGRADE);
     *                          a number not in it is paced at the channel's {@code throughput} (a file channel's numbers
     *                          all are)
     */
    record Sending(Channel channel, java.util.Map<String, Integer> numberThroughputs) implements ChannelState {

        public Sending {
            numberThroughputs = numberThroughputs == null ? java.util.Map.of() : java.util.Map.copyOf(numberThroughputs);
        }

        /** Every number at the channel's throughput (a file channel). */
        public Sending(Channel channel) {
            this(channel, java.util.Map.of());
        }

        /** Messages per second of {@code number}, one of the channel's. */
        public int throughputOf(String number) {
            return numberThroughputs.getOrDefault(number, channel.throughput());
        }
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
