package dev.switchboard.reminder.channel;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.switchboard.events.ChannelConfig;
import dev.switchboard.kit.channels.ChannelFeed;
import dev.switchboard.schemas.Topics;

/**
 * Each channel's reminder as of now: the channels topic's record of the channel when there is one (a channel
 * onboarded or changed at runtime: reminders on or off, its text), else the file's ({@link ReminderChannels}). A
 * change on the topic applies from the next timer that fires. A disabled channel sends no reminders (its sends would
 * be held, and a reminder is worth nothing after its window).
 */
@Component
public class ChannelReminders {

    private static final Logger log = LoggerFactory.getLogger(ChannelReminders.class);

    private final ReminderChannels file;
    /** The topic's channels: their reminder text, empty when they send none. */
    private final Map<String, Optional<String>> fromTopic = new ConcurrentHashMap<>();

    /** @param feed the channels topic, absent when the service does not follow it */
    public ChannelReminders(ReminderChannels file, Optional<ChannelFeed> feed) {
        this.file = file;
        feed.ifPresent(f -> f.addListener(this::changed));
    }

    /** The reminder text of a channel that sends reminders, or null when it does not (or is unknown). */
    public String reminderMessage(String channelId) {
        Optional<String> live = fromTopic.get(channelId);
        return live != null ? live.orElse(null) : file.reminderMessage(channelId);
    }

    private void changed(String channelId, ChannelConfig config) {
        if (config == null) {
            fromTopic.remove(channelId);
            return;
        }
        String message = config.getReminderMessage();
        List<String> problems = ReminderChannels.problems(Topics.CHANNELS.name() + "[" + channelId + "]",
                config.getReminders(), message);
        if (config.getReminders() && !problems.isEmpty()) {
            log.error("channel {} (revision {}) sends no reminders: {}", channelId, config.getRevision(),
                    String.join("; ", problems));
        }
        boolean sends = config.getEnabled() && config.getReminders() && problems.isEmpty();
        fromTopic.put(channelId, sends ? Optional.of(message) : Optional.empty());
    }
}
