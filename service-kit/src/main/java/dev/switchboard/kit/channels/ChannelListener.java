package dev.switchboard.kit.channels;

import dev.switchboard.events.ChannelConfig;

/** Told of every change of a channel on the channels topic, on the feed's thread, in the topic's order. */
@FunctionalInterface
public interface ChannelListener {

    /**
     * @param channelId the channel
     * @param config    the channel as it is now, or null when it was removed
     */
    void changed(String channelId, ChannelConfig config);
}
