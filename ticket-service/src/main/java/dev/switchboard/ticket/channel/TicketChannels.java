package dev.switchboard.ticket.channel;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;

import dev.switchboard.events.ChannelConfig;
import dev.switchboard.kit.channels.ChannelFeed;

/**
 * What ticket-service needs to know of each channel (provider credentials are ingress's and outbound's business),
 * live: the channels topic's record of a channel (written by the channel registry, followed by service-kit's
 * {@link ChannelFeed}) wins over the file's ({@link ChannelFile}) for the same id, so a channel onboarded or changed
 * at runtime has its group, welcome message and reply settings at once, without a restart.
 */
@Component
public class TicketChannels {

    private static final Channel DEFAULTS = new Channel(null, null, null, true, AfterClose.NEW);

    private final Map<String, Channel> file;
    private final Function<String, Optional<ChannelConfig>> feed;

    /** The file's channels only (tests of the rules; a service without the channel feed). */
    public TicketChannels(Map<String, Channel> channels) {
        this(channels, id -> Optional.empty());
    }

    @Autowired
    TicketChannels(ChannelFile file, ObjectProvider<ChannelFeed> feed) {
        this(file.channels(), liveOrNone(feed.getIfAvailable()));
    }

    private TicketChannels(Map<String, Channel> file, Function<String, Optional<ChannelConfig>> feed) {
        this.file = Map.copyOf(file);
        this.feed = feed;
    }

    private static Function<String, Optional<ChannelConfig>> liveOrNone(ChannelFeed feed) {
        return feed == null ? id -> Optional.empty() : feed::find;
    }

    /** The channel's settings: the channels topic's if it has the channel, else the file's. */
    public Optional<Channel> find(String channelId) {
        Optional<Channel> live = feed.apply(channelId).map(TicketChannels::settings);
        return live.isPresent() ? live : Optional.ofNullable(file.get(channelId));
    }

    /** The channel's settings, or the defaults for a channel ticket-service has no settings for. */
    public Channel orDefaults(String channelId) {
        return find(channelId).orElse(DEFAULTS);
    }

    /** What ticket-service takes of a channel of the channels topic. */
    static Channel settings(ChannelConfig config) {
        Provider provider = switch (config.getProvider()) {
            case META -> Provider.META;
            case TWILIO -> Provider.TWILIO;
            case DIALOG360 -> Provider.DIALOG360;
            default -> null;
        };
        AfterClose afterClose = config.getAfterClose() == dev.switchboard.events.AfterCloseAction.REOPEN
                ? AfterClose.REOPEN : AfterClose.NEW;
        return new Channel(provider, config.getGroup(), config.getWelcomeMessage(), config.getMarkReadOnReply(),
                afterClose);
    }

    public enum Provider { META, TWILIO, DIALOG360 }

    /** What a customer's message does when their last ticket on the channel is closed. */
    public enum AfterClose {
        /** Reopen the last ticket: the conversation continues where it stopped. */
        REOPEN,
        /** Open a new ticket. */
        NEW
    }

    /**
     * @param provider        meta, twilio or dialog360
     * @param group           the helpdesk group of the channel's tickets (default: the channel id)
     * @param welcomeMessage  sent once, on a customer's first message on the channel; none when blank
     * @param markReadOnReply mark the customer's messages read (blue ticks) when an agent replies
     * @param afterClose      reopen the last ticket or open a new one when a customer writes after a close
     */
    public record Channel(Provider provider, String group, String welcomeMessage,
                          @DefaultValue("true") boolean markReadOnReply, @DefaultValue("new") AfterClose afterClose) {

        public boolean welcomes() {
            return welcomeMessage != null && !welcomeMessage.isBlank();
        }

        /** The group of the channel's tickets: its group, else its id (the one rule tickets and visibility use). */
        public String groupOf(String channelId) {
            return group == null || group.isBlank() ? channelId : group;
        }
    }
}
