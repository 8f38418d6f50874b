package dev.switchboard.ticket.live;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The console's live updates ({@code GET /api/events}).
 *
 * @param enabled        false: the endpoint answers 503 {@code live_updates_disabled} and no replica follows the topics
 * @param maxConnections open event streams per replica; one more is refused (503 {@code too_many_connections})
 * @param heartbeat      how often each stream gets a comment line, so that proxies keep it open and a client that
 *                       went away is noticed
 * @param maxQueued      events waiting for one stream; a client that falls this far behind is disconnected (its
 *                       browser reconnects and reloads what it shows)
 */
@ConfigurationProperties("switchboard.console.live")
public record LiveSettings(@DefaultValue("true") boolean enabled, @DefaultValue("1000") int maxConnections,
                           @DefaultValue("15s") Duration heartbeat, @DefaultValue("1000") int maxQueued) {

    public LiveSettings {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("switchboard.console.live.max-connections must be at least 1, not "
                    + maxConnections);
        }
        if (heartbeat.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("switchboard.console.live.heartbeat must be at least 1s, not "
                    + heartbeat);
        }
        if (maxQueued < 1) {
            throw new IllegalArgumentException("switchboard.console.live.max-queued must be at least 1, not "
                    + maxQueued);
        }
    }
}
