package dev.switchboard.ticket.template;

import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The provider credentials of the bootstrap channel file ({@code switchboard.channels.<id>.*}) that a template sync
 * needs; a channel on the channels topic wins over its file entry. The rest of each entry is
 * {@code channel.TicketChannels}'.
 */
@ConfigurationProperties("switchboard")
public record TemplateChannelFile(Map<String, Entry> channels) {

    public TemplateChannelFile {
        channels = channels == null ? Map.of() : Map.copyOf(channels);
    }

    /** @param provider meta, twilio or dialog360 */
    public record Entry(String provider, Meta meta, Twilio twilio, Dialog360 dialog360) {
    }

    public record Meta(String wabaId, String accessToken, String graphApiVersion) {
        @Override
        public String toString() {
            return "Meta[wabaId=" + wabaId + ", accessToken=******, graphApiVersion=" + graphApiVersion + "]";
        }
    }

    public record Twilio(String accountSid, String authToken) {
        @Override
        public String toString() {
            return "Twilio[accountSid=" + accountSid + ", authToken=******]";
        }
    }

    public record Dialog360(String baseUrl, String apiKey) {
        @Override
        public String toString() {
            return "Dialog360[baseUrl=" + baseUrl + ", apiKey=******]";
        }
    }
}
