package dev.switchboard.media.flow;

import static org.awaitility.Awaitility.await;

import org.springframework.beans.factory.annotation.Autowired;

import dev.switchboard.events.ChannelConfig;
import dev.switchboard.kit.channels.ChannelFeed;
import dev.switchboard.kit.channels.ChannelKeys;
import dev.switchboard.kit.channels.ChannelPublisher;

/** Flow tests of channels published on the channels topic (switchboard.channels.v1), as ticket-service's registry does. */
abstract class LiveChannelsContext extends FlowContext {

    @Autowired
    protected ChannelPublisher publisher;

    @Autowired
    protected ChannelFeed feed;

    /** The service's own keys (application.properties): what the registry seals with. */
    @Autowired
    protected ChannelKeys keys;

    /** Publishes the channel and waits until the service's feed has it. */
    protected void publish(ChannelConfig config) {
        publisher.publish(config);
        await().atMost(WAIT).until(() -> feed.find(config.getChannelId())
                .map(ChannelConfig::getRevision).orElse(0L) == config.getRevision());
    }
}
