package dev.switchboard.ticket.channel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.switchboard.ticket.channel.TicketChannels.Channel;

/**
 * The channels of the static file every service reads ({@code switchboard.channels.<channelId>}): the bootstrap for
 * the local stack and GitOps users. What ticket-service uses is {@link TicketChannels}, which prefers the channels
 * topic's record of the same id.
 */
@ConfigurationProperties("switchboard")
public record ChannelFile(Map<String, Channel> channels) {

    public ChannelFile {
        channels = channels == null ? Map.of() : Map.copyOf(channels);
        List<String> problems = new ArrayList<>();
        channels.forEach((id, channel) -> {
            if (channel.provider() == null) {
                problems.add("switchboard.channels." + id + ".provider: required, one of meta, twilio, dialog360");
            }
            if (channel.welcomeMessage() != null && channel.welcomeMessage().codePointCount(0, channel.welcomeMessage().length()) > 4096) {
                problems.add("switchboard.channels." + id + ".welcome-message: at most 4096 characters (WhatsApp's text limit)");
            }
        });
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid channel configuration:\n  - " + String.join("\n  - ", problems));
        }
    }
}
