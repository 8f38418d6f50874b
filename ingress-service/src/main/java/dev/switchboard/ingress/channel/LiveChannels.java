package dev.switchboard.ingress.channel;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import dev.switchboard.events.BusinessNumber;
import dev.switchboard.events.ChannelConfig;
import dev.switchboard.events.SealedSecret;
import dev.switchboard.ingress.channel.ChannelSettings.Channel;
import dev.switchboard.ingress.channel.ChannelSettings.Dialog360;
import dev.switchboard.ingress.channel.ChannelSettings.Meta;
import dev.switchboard.ingress.channel.ChannelSettings.ProviderKind;
import dev.switchboard.ingress.channel.ChannelSettings.Twilio;
import dev.switchboard.kit.channels.ChannelFeed;
import dev.switchboard.kit.channels.ChannelKeys;
import dev.switchboard.kit.channels.ChannelKeys.SecretUnavailableException;
import dev.switchboard.kit.channels.ChannelListener;
import dev.switchboard.schemas.Topics;

/**
 * The channels in effect now: for each id, the channels topic's record if it has one (told by the {@link ChannelFeed}
 * within a poll of every change), else the file's ({@link ChannelSettings}, the bootstrap). A topic record is turned
 * into what the handlers need once, when it is read: its sealed secrets opened with the operator's
 * {@link ChannelKeys} and the result checked like the file's channels.
 *
 * <ul>
 *   <li>{@code enabled=false}: {@link Lookup.Disabled} (answered 404 like an unknown channel);</li>
 *   <li>a secret that does not open (its key is not in SWITCHBOARD_CHANNEL_KEYS, or it was sealed for another
 *       channel): {@link Lookup.SecretUnavailable} (answered 503, so that Meta and Twilio retry and nothing is lost
 *       while the operator adds the key);</li>
 *   <li>a record that is not a usable channel (no numbers, no secret, bad URL, unknown provider): logged and skipped;
 *       what was in effect for that id before stays in effect;</li>
 *   <li>a tombstone: the file's channel of that id applies again, if there is one.</li>
 * </ul>
 */
@Component
public class LiveChannels implements ChannelListener {

    private static final Logger log = LoggerFactory.getLogger(LiveChannels.class);
    private static final String TOPIC = Topics.CHANNELS.name();

    private final ChannelSettings file;
    private final ChannelKeys keys;
    /** What the topic says of each channel id it holds a usable record for. */
    private final Map<String, TopicChannel> fromTopic = new ConcurrentHashMap<>();

    /** What a request for a channel finds. */
    public sealed interface Lookup {

        /** A channel in effect, with its secrets in clear. */
        record Found(Channel channel) implements Lookup {
        }

        /** No channel of that id for that provider. */
        record Unknown() implements Lookup {
        }

        record Disabled() implements Lookup {
        }

        /** @param reason names the channel and the key id, never a secret */
        record SecretUnavailable(String reason) implements Lookup {
        }
    }

    private record TopicChannel(ProviderKind provider, Lookup lookup) {
    }

    private static final Lookup UNKNOWN = new Lookup.Unknown();
    private static final Lookup DISABLED = new Lookup.Disabled();

    public LiveChannels(ChannelSettings file, ChannelKeys keys, ObjectProvider<ChannelFeed> feed) {
        this.file = file;
        this.keys = keys;
        // Last: the feed tells this listener at once of every channel it knows already.
        feed.ifAvailable(f -> f.addListener(this));
    }

    /** The channel of this id if it is a {@code provider} channel: the topic's if the topic has it, else the file's. */
    public Lookup find(String channelId, ProviderKind provider) {
        TopicChannel live = fromTopic.get(channelId);
        if (live != null) {
            return live.provider() == provider ? live.lookup() : UNKNOWN;
        }
        return file.find(channelId, provider).<Lookup>map(Lookup.Found::new).orElse(UNKNOWN);
    }

    /** Every channel of this provider in effect (enabled, secrets opened), by id. */
    public Map<String, Channel> inEffect(ProviderKind provider) {
        Map<String, Channel> channels = new LinkedHashMap<>();
        file.channels().forEach((id, channel) -> {
            if (channel.provider() == provider && !fromTopic.containsKey(id)) {
                channels.put(id, channel);
            }
        });
        fromTopic.forEach((id, live) -> {
            if (live.provider() == provider && live.lookup() instanceof Lookup.Found found) {
                channels.put(id, found.channel());
            }
        });
        return channels;
    }

    /** Called by the feed, on its thread, for every record of the channels topic. */
    @Override
    public void changed(String channelId, ChannelConfig config) {
        if (config == null) {
            if (fromTopic.remove(channelId) != null) {
                log.info("channel {} was removed from {}; {}", channelId, TOPIC,
                        file.channels().containsKey(channelId) ? "the channels file's applies again" : "it is unknown now");
            }
            return;
        }
        ProviderKind provider = ProviderKind.of(config.getProvider());
        String at = TOPIC + " record of channel " + channelId;
        if (provider == null) {
            skip(channelId, config, List.of(at + ".provider: " + config.getProvider() + " is not one ingress serves"));
            return;
        }
        if (!config.getEnabled()) {
            fromTopic.put(channelId, new TopicChannel(provider, DISABLED));
            log.info("channel {} is disabled (revision {} of {}): its webhooks are answered 404", channelId,
                    config.getRevision(), TOPIC);
            return;
        }
        Channel channel;
        try {
            channel = channel(channelId, provider, config);
        } catch (SecretUnavailableException e) {
            fromTopic.put(channelId, new TopicChannel(provider, new Lookup.SecretUnavailable(e.getMessage())));
            log.error("channel {} (revision {} of {}) cannot be served, its webhooks are answered 503 until the key is"
                    + " added: {}", channelId, config.getRevision(), TOPIC, e.getMessage());
            return;
        } catch (IllegalArgumentException e) {
            skip(channelId, config, List.of(at + ": " + e.getMessage()));
            return;
        }
        List<String> problems = ChannelSettings.problems(at, channelId, channel);
        if (!problems.isEmpty()) {
            skip(channelId, config, problems);
            return;
        }
        fromTopic.put(channelId, new TopicChannel(provider, new Lookup.Found(channel)));
        log.info("channel {} ({}, numbers {}) in effect from revision {} of {}", channelId,
                provider.name().toLowerCase(java.util.Locale.ROOT), channel.businessNumberIds(), config.getRevision(),
                TOPIC);
    }

    private void skip(String channelId, ChannelConfig config, List<String> problems) {
        log.error("channel {}: revision {} of {} is not usable and is skipped ({} stays in effect):\n  - {}", channelId,
                config.getRevision(), TOPIC, fromTopic.containsKey(channelId) ? "its previous revision"
                        : file.channels().containsKey(channelId) ? "the channels file's" : "no channel",
                String.join("\n  - ", problems));
    }

    /** The record as the handlers need it; secrets opened. */
    private Channel channel(String channelId, ProviderKind provider, ChannelConfig config) {
        List<String> numbers = config.getNumbers().stream().map(BusinessNumber::getId).toList();
        return switch (provider) {
            case META -> new Channel(provider, config.getMeta() == null ? null : new Meta(numbers,
                    open(channelId, config.getMeta().getAppSecret()), open(channelId, config.getMeta().getVerifyToken())),
                    null, null);
            case TWILIO -> new Channel(provider, null, config.getTwilio() == null ? null : new Twilio(
                    open(channelId, config.getTwilio().getAuthToken()), numbers,
                    config.getTwilio().getPublicUrl() == null ? null : URI.create(config.getTwilio().getPublicUrl())),
                    null);
            case DIALOG360 -> new Channel(provider, null, null, config.getDialog360() == null ? null
                    : new Dialog360(numbers, open(channelId, config.getDialog360().getWebhookToken())));
        };
    }

    private Secret open(String channelId, SealedSecret sealed) {
        return sealed == null ? null : Secret.of(keys.open(channelId, sealed));
    }
}
