package dev.switchboard.sandbox.record;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.switchboard.sandbox.identity.CustomerIdentities;

/**
 * Everything the sandbox's provider endpoints received, newest last, bounded (the oldest are dropped first) so
 * that a load test does not grow the heap without end. A customer known by several ids (phone number, BSUID) is
 * one recipient ({@link CustomerIdentities}).
 */
public final class MessageLog {

    private final int capacity;
    private final CustomerIdentities identities;
    private final ArrayDeque<RecordedMessage> messages = new ArrayDeque<>();
    private final AtomicLong sequence = new AtomicLong();
    /** Requests received per provider since the start: neither the capacity bound nor {@link #clear()} lowers them. */
    private final Map<String, AtomicLong> received = new ConcurrentSkipListMap<>();
    /** Sends per reference since the start: neither the capacity bound nor {@link #clear()} lowers them. */
    private final ReferenceCounts references = new ReferenceCounts();

    public MessageLog(int capacity, CustomerIdentities identities) {
        this.capacity = capacity;
        this.identities = identities;
    }

    /** The next sequence number for {@link RecordedMessage#seq()}. */
    public long nextSeq() {
        return sequence.incrementAndGet();
    }

    public void add(RecordedMessage message) {
        received.computeIfAbsent(String.valueOf(message.provider()), p -> new AtomicLong()).incrementAndGet();
        references.count(message);
        synchronized (messages) {
            messages.addLast(message);
            while (messages.size() > capacity) {
                messages.removeFirst();
            }
        }
    }

    public List<RecordedMessage> all() {
        synchronized (messages) {
            return new ArrayList<>(messages);
        }
    }

    /** How many requests each provider's endpoints received since the sandbox started (sends, reads, refusals). */
    public Map<String, Long> receivedCounts() {
        Map<String, Long> counts = new TreeMap<>();
        received.forEach((provider, count) -> counts.put(provider, count.get()));
        return counts;
    }

    /** Sends per reference (request id, {@code reply:<n>} token) since the sandbox started. */
    public Map<String, ReferenceCounts.Sends> byReference() {
        return references.all();
    }

    /**
     * Those sent to this customer: digits of a phone number (any {@code +}, {@code whatsapp:} ignored) or a BSUID,
     * and those sent to the customer's other ids on the same channel.
     */
    public List<RecordedMessage> to(String recipient) {
        String wanted = normalised(recipient);
        return all().stream().filter(m -> m.recipient() != null
                && identities.same(m.channelId(), m.recipient(), wanted)).toList();
    }

    /** The newest message accepted for this customer on this channel: what a customer's button tap replies to. */
    public Optional<RecordedMessage> lastAcceptedTo(String channelId, String recipient) {
        String wanted = normalised(recipient);
        synchronized (messages) {
            Iterator<RecordedMessage> newestFirst = messages.descendingIterator();
            while (newestFirst.hasNext()) {
                RecordedMessage m = newestFirst.next();
                if (m.messageId() != null && channelId.equals(m.channelId())
                        && identities.same(channelId, m.recipient(), wanted) && !"read".equals(m.type())) {
                    return Optional.of(m);
                }
            }
        }
        return Optional.empty();
    }

    public void clear() {
        synchronized (messages) {
            messages.clear();
        }
    }

    /** {@code whatsapp:+4915…}, {@code +4915…} and {@code 4915…} are one customer. */
    public static String normalised(String recipient) {
        if (recipient == null) {
            return null;
        }
        String value = recipient.trim();
        if (value.regionMatches(true, 0, "whatsapp:", 0, 9)) {
            value = value.substring(9);
        }
        String digits = value.replaceAll("[+\\s()-]", "");
        return digits.matches("[0-9]+") ? digits : value;
    }
}
