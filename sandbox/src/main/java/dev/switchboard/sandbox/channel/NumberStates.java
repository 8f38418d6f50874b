package dev.switchboard.sandbox.channel;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * The business numbers as they are now: they start as configured, {@code register} connects a pending one and
 * {@code POST /sandbox/numbers/quality} changes quality, throughput and limit (kept in memory).
 */
public final class NumberStates {

    private final Map<String, BusinessNumber> current = new ConcurrentHashMap<>();

    public NumberStates(Channels channels) {
        channels.all().forEach(channel -> channel.numbers().forEach(n -> current.put(n.id(), n)));
    }

    public Optional<BusinessNumber> find(String phoneNumberId) {
        return Optional.ofNullable(phoneNumberId == null ? null : current.get(phoneNumberId));
    }

    /** The number as now; a number the sandbox does not know is an error of the caller. */
    public BusinessNumber get(String phoneNumberId) {
        return find(phoneNumberId).orElseThrow(() -> new IllegalArgumentException("unknown number " + phoneNumberId));
    }

    /** Changes the number at once and answers the new state. */
    public BusinessNumber update(String phoneNumberId, UnaryOperator<BusinessNumber> change) {
        return current.computeIfPresent(phoneNumberId, (id, number) -> change.apply(number));
    }
}
