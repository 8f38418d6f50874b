package dev.switchboard.sandbox.window;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.switchboard.sandbox.identity.CustomerIdentities;

/**
 * WhatsApp's customer service window as Meta applies it: a free-form message reaches a customer only if the
 * customer wrote to that channel within the window; templates always may. The sandbox learns of customers' messages
 * from its customer simulator. A customer known by several ids ({@link CustomerIdentities}: phone number and BSUID)
 * has one window: a message under any of them opens it for all.
 */
public final class CustomerWindows {

    private final Duration window;
    private final Clock clock;
    private final CustomerIdentities identities;
    private final Map<String, Instant> lastMessage = new ConcurrentHashMap<>();

    public CustomerWindows(Duration window, Clock clock, CustomerIdentities identities) {
        this.window = window;
        this.clock = clock;
        this.identities = identities;
    }

    /** The customer wrote now (under this id). */
    public void customerWrote(String channelId, String customer) {
        lastMessage.put(key(channelId, customer), clock.instant());
    }

    public boolean isOpen(String channelId, String customer) {
        Instant now = clock.instant();
        return identities.idsOf(channelId, customer).stream()
                .map(id -> lastMessage.get(key(channelId, id)))
                .anyMatch(last -> last != null && now.isBefore(last.plus(window)));
    }

    public Duration window() {
        return window;
    }

    private static String key(String channelId, String customer) {
        return channelId + '\u0000' + customer;
    }
}
