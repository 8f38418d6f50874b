package dev.switchboard.sandbox.fault;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;

import dev.switchboard.sandbox.channel.Channel;
import dev.switchboard.sandbox.channel.Channels;
import dev.switchboard.sandbox.channel.Provider;
import dev.switchboard.sandbox.record.MessageLog;

/**
 * The faults injected through {@code /sandbox/faults}. A send is checked against them in the order they were added;
 * the first that matches (provider, channel, recipient), wins its ratio's draw and has count left, strikes. A fault
 * whose count is used up stays listed (remaining 0) until the faults are deleted.
 */
public final class Faults {

    /** Meta's codes inside Twilio's range of 20000-69999. */
    private static final Set<Integer> META_CODES_IN_TWILIO_RANGE = Set.of(80007);

    private final Channels channels;
    private final DoubleSupplier random;
    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong();

    /** @param random uniform in [0, 1): decides a ratio's draw */
    public Faults(Channels channels, DoubleSupplier random) {
        this.channels = channels;
        this.random = random;
    }

    /** Checks and adds a fault; throws {@link IllegalArgumentException} with a message for the caller. */
    public Fault add(FaultRequest request) {
        if (request == null || request.code() == null && request.httpStatus() == null && request.delayMillis() == null) {
            throw new IllegalArgumentException("a fault needs a code (e.g. 130429), an httpStatus (e.g. 503) or a"
                    + " delayMillis (e.g. 15000)");
        }
        if (request.httpStatus() != null && (request.httpStatus() < 400 || request.httpStatus() > 599)) {
            throw new IllegalArgumentException("httpStatus must be an error status, 400-599, not " + request.httpStatus());
        }
        if (request.count() != null && request.count() < 1) {
            throw new IllegalArgumentException("count must be at least 1, not " + request.count());
        }
        if (request.ratio() != null && !(request.ratio() > 0 && request.ratio() <= 1)) {
            throw new IllegalArgumentException("ratio must be above 0 and at most 1, not " + request.ratio());
        }
        if (Boolean.TRUE.equals(request.async()) && request.code() == null) {
            throw new IllegalArgumentException("async needs a code: the failed status carries it");
        }
        if (request.retryAfterSeconds() != null && request.retryAfterSeconds() < 0) {
            throw new IllegalArgumentException("retryAfterSeconds must not be negative");
        }
        if (request.delayMillis() != null) {
            if (request.delayMillis() <= 0 || request.delayMillis() > FaultRequest.MAX_DELAY_MILLIS) {
                throw new IllegalArgumentException("delayMillis must be above 0 and at most "
                        + FaultRequest.MAX_DELAY_MILLIS + ", not " + request.delayMillis());
            }
            if (Boolean.TRUE.equals(request.async())) {
                throw new IllegalArgumentException("a delayed send is never accepted, so it cannot be async");
            }
            if (request.code() == null && request.httpStatus() == null) {
                request = request.withHttpStatus(503);
            }
        }
        Provider provider = provider(request);
        String recipient = request.recipient() == null || request.recipient().isBlank() ? null
                : MessageLog.normalised(request.recipient());
        Fault fault = new Fault("f" + ids.incrementAndGet(), provider, request, recipient);
        faults.add(fault);
        return fault;
    }

    /** The fault that strikes this send, if any (taking one from its count). */
    public Optional<Fault> strike(Provider provider, String channelId, String recipient) {
        String customer = MessageLog.normalised(recipient);
        for (Fault fault : faults) {
            if (fault.exhausted()
                    || fault.providerKind() != null && fault.providerKind() != provider
                    || fault.channelId() != null && !fault.channelId().equals(channelId)
                    || fault.recipient() != null && !fault.recipient().equals(customer)) {
                continue;
            }
            if (fault.ratio() != null && random.getAsDouble() >= fault.ratio()) {
                continue;
            }
            if (fault.take()) {
                return Optional.of(fault);
            }
        }
        return Optional.empty();
    }

    public List<Fault> list() {
        return List.copyOf(faults);
    }

    public void clear() {
        faults.clear();
    }

    private Provider provider(FaultRequest request) {
        Channel channel = request.channelId() == null ? null : channels.find(request.channelId()).orElseThrow(() ->
                new IllegalArgumentException("unknown channelId " + request.channelId()));
        if (request.provider() != null && !request.provider().isBlank()) {
            Provider named;
            try {
                named = Provider.valueOf(request.provider().trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("provider must be meta or twilio, not " + request.provider());
            }
            if (channel != null && channel.provider() != named) {
                throw new IllegalArgumentException("channel " + channel.id() + " is a " + channel.provider().label()
                        + " channel, not " + named.label());
            }
            return named;
        }
        if (channel != null) {
            return channel.provider();
        }
        if (request.code() == null) {
            return null;
        }
        int code = request.code();
        return code >= 20000 && code < 70000 && !META_CODES_IN_TWILIO_RANGE.contains(code) ? Provider.TWILIO
                : Provider.META;
    }
}
