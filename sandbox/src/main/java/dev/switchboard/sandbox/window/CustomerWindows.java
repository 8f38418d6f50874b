package dev.switchboard.sandbox.window;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * WhatsApp's customer service window as Meta applies it: a free-form message reaches a customer only if the
 * customer wrote to that channel within the window; templates always may. The sandbox learns of customers' messages
 * from its customer simulator.
 */
public final class CustomerWindows {

    private final Duration window;
    private final Clock clock;
    private final Map<String, Instant> lastMessage = new ConcurrentHashMap<>();

    public CustomerWindows(Duration window, Clock clock) {
        this.window = window;
        this.clock = clock;
    }

    /** The customer wrote now. */
    public void customerWrote(String channelId, String customer) {
        lastMessage.put(key(channelId, customer), clock.instant());
    }

    public boolean isOpen(String channelId, String customer) {
        Instant last = lastMessage.get(key(channelId, customer));
        return last != null && clock.instant().isBefore(last.plus(window));
    }

    public Duration window() {
        return window;
    }

    private static String key(String channelId, String customer) {
        return channelId + '\u0000' + customer;
    }
}
