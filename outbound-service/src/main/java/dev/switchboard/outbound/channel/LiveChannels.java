package dev.switchboard.outbound.channel;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import dev.switchboard.events.ChannelConfig;
import dev.switchboard.kit.channels.ChannelFeed;
import dev.switchboard.kit.channels.ChannelKeys;
import dev.switchboard.outbound.channel.OutboundChannels.Channel;
import dev.switchboard.outbound.pacing.ChannelPacing;

/**
 * The channels as they are now: a channel of the channels topic ({@link ChannelFeed}) wins over the file's of the same
 * id ({@link OutboundChannels}, the bootstrap). A topic channel is turned into what a send needs once per change
 * ({@link TopicChannels}): disabled → {@link ChannelState.Held}, a secret that does not open → {@link
 * ChannelState.Unavailable}, logged at ERROR naming the channel and the key id, never the secret.
 */
@Component
public class LiveChannels {

    private static final Logger log = LoggerFactory.getLogger(LiveChannels.class);

    private final OutboundChannels file;
    private final ChannelKeys keys;
    private final Map<String, ChannelState> fromTopic = new ConcurrentHashMap<>();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    public LiveChannels(OutboundChannels file, ObjectProvider<ChannelFeed> feed, ChannelKeys keys) {
        this.file = file;
        this.keys = keys;
        feed.ifAvailable(f -> f.addListener(this::changed));
    }

    /** The channel's state, or empty when neither the topic nor the file has it. */
    public Optional<ChannelState> find(String channelId) {
        ChannelState state = fromTopic.get(channelId);
        if (state != null) {
            return Optional.of(state);
        }
        return file.find(channelId).map(ChannelState.Sending::new);
    }

    /** Every channel id known, from the file and the topic. */
    public Set<String> ids() {
        Set<String> ids = new TreeSet<>(file.channels().keySet());
        ids.addAll(fromTopic.keySet());
        return ids;
    }

    /** Told the id of every channel that changed on the topic (on the feed's thread: return quickly). */
    public void addListener(Consumer<String> listener) {
        listeners.add(listener);
    }

    private void changed(String channelId, ChannelConfig config) {
        if (config == null) {
            fromTopic.remove(channelId);
            log.info("channel {}: removed from the channels topic{}", channelId,
                    file.find(channelId).isPresent() ? "; the file's channel of that id sends again" : "");
        } else {
            ChannelState state = TopicChannels.of(config, keys);
            fromTopic.put(channelId, state);
            describe(channelId, config, state);
        }
        for (Consumer<String> listener : listeners) {
            listener.accept(channelId);
        }
    }

    private static void describe(String channelId, ChannelConfig config, ChannelState state) {
        if (state instanceof ChannelState.Held) {
            log.info("channel {} (revision {}): disabled, its sends are held until it is enabled", channelId,
                    config.getRevision());
        } else if (state instanceof ChannelState.Unavailable unavailable) {
            log.error("channel {} (revision {}) cannot send, its requests fail as channel_unavailable: {}", channelId,
                    config.getRevision(), unavailable.reason());
        } else {
            Channel channel = ((ChannelState.Sending) state).channel();
            ChannelPacing.Settings pacing = TopicChannels.pacing(config,
                    config.getNumbers().isEmpty() ? null : config.getNumbers().get(0));
            log.info("channel {} (revision {}): {} from {}, {} messages/s ({}), tier {} ({})", channelId,
                    config.getRevision(), channel.provider(), channel.numbers(), channel.throughput(),
                    pacing.throughputFrom().name().toLowerCase(Locale.ROOT), channel.tier(),
                    pacing.tierFrom().name().toLowerCase(Locale.ROOT));
        }
    }
}
