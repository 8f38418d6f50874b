package dev.switchboard.reminder.channel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What reminder-service needs to know of each channel, from the same {@code switchboard.channels.<channelId>} file
 * every service reads: whether it sends the 23-hour reminder, and its text. The channels topic's record of a channel
 * wins over this file ({@link ChannelReminders}). A channel in neither sends no reminders (its windows still close and
 * are announced).
 */
@ConfigurationProperties("switchboard")
public record ReminderChannels(Map<String, Channel> channels) {

    /** WhatsApp's limit on a text message's body. */
    static final int MAX_TEXT_LENGTH = 4096;

    public ReminderChannels {
        channels = channels == null ? Map.of() : Map.copyOf(channels);
        List<String> problems = new ArrayList<>();
        channels.forEach((id, channel) -> problems.addAll(
                problems("switchboard.channels." + id, channel.reminders(), channel.reminderMessage())));
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid channel configuration:\n  - " + String.join("\n  - ", problems));
        }
    }

    /** What is wrong with a channel's reminder settings, each named {@code at.<setting>}; empty when nothing. */
    static List<String> problems(String at, boolean reminders, String message) {
        List<String> problems = new ArrayList<>();
        if (reminders && (message == null || message.isBlank())) {
            problems.add(at + ".reminder-message: required when reminders is true (the text sent to the customer)");
        }
        if (message != null && message.codePointCount(0, message.length()) > MAX_TEXT_LENGTH) {
            problems.add(at + ".reminder-message: at most " + MAX_TEXT_LENGTH + " characters (WhatsApp's text limit)");
        }
        return problems;
    }

    /** The reminder text of a channel that sends reminders, or null when it does not (or is unknown). */
    public String reminderMessage(String channelId) {
        Channel channel = channels.get(channelId);
        return channel != null && channel.reminders() ? channel.reminderMessage() : null;
    }

    /**
     * @param reminders       send the reminder {@code SWITCHBOARD_REMINDER_DELAY} after the customer's last message
     *                        while their ticket is open (default false)
     * @param reminderMessage the reminder's text; required when reminders is true
     */
    public record Channel(boolean reminders, String reminderMessage) {
    }
}
