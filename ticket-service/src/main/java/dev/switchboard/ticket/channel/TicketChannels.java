package dev.switchboard.ticket.channel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What ticket-service needs to know of each channel, from the same {@code switchboard.channels.<channelId>} file
 * every service reads (provider credentials are ingress's and outbound's business).
 */
@ConfigurationProperties("switchboard")
public record TicketChannels(Map<String, Channel> channels) {

    public TicketChannels {
        channels = channels == null ? Map.of() : Map.copyOf(channels);
        List<String> problems = new ArrayList<>();
        channels.forEach((id, channel) -> {
            if (channel.provider() == null) {
                problems.add("switchboard.channels." + id + ".provider: required, one of meta, twilio");
            }
            if (channel.welcomeMessage() != null && channel.welcomeMessage().codePointCount(0, channel.welcomeMessage().length()) > 4096) {
                problems.add("switchboard.channels." + id + ".welcome-message: at most 4096 characters (WhatsApp's text limit)");
            }
        });
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid channel configuration:\n  - " + String.join("\n  - ", problems));
        }
    }

    public Optional<Channel> find(String channelId) {
        return Optional.ofNullable(channels.get(channelId));
    }

    /** The channel's settings, or the defaults for a channel ticket-service has no settings for. */
    public Channel orDefaults(String channelId) {
        return find(channelId).orElse(DEFAULTS);
    }

    private static final Channel DEFAULTS = new Channel(null, null, null, true, AfterClose.NEW);

    public enum Provider { META, TWILIO }

    /** What a customer's message does when their last ticket on the channel is closed. */
    public enum AfterClose {
        /** Reopen the last ticket: the conversation continues where it stopped. */
        REOPEN,
        /** Open a new ticket. */
        NEW
    }

    /**
     * @param provider        meta or twilio
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
    }
}
