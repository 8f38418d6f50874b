package dev.switchboard.sandbox.fault;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import dev.switchboard.sandbox.channel.Provider;

/** An active fault: the request that created it, what is left of its count, and how often it struck. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class Fault {

    private final String id;
    private final Provider provider;
    private final FaultRequest rule;
    private final String recipient;
    private final AtomicInteger remaining;
    private final AtomicLong hits = new AtomicLong();

    Fault(String id, Provider provider, FaultRequest rule, String recipient) {
        this.id = id;
        this.provider = provider;
        this.rule = rule;
        this.recipient = recipient;
        this.remaining = rule.count() == null ? null : new AtomicInteger(rule.count());
    }

    @JsonProperty
    public String id() {
        return id;
    }

    /** Null when the fault applies to both providers (an HTTP status alone). */
    @JsonProperty
    public String provider() {
        return provider == null ? null : provider.label();
    }

    @JsonProperty
    public Integer code() {
        return rule.code();
    }

    @JsonProperty
    public Integer httpStatus() {
        return rule.httpStatus();
    }

    @JsonProperty
    public Integer count() {
        return rule.count();
    }

    @JsonProperty
    public Double ratio() {
        return rule.ratio();
    }

    @JsonProperty
    public String recipient() {
        return recipient;
    }

    @JsonProperty
    public String channelId() {
        return rule.channelId();
    }

    @JsonProperty
    public Integer retryAfterSeconds() {
        return rule.retryAfterSeconds();
    }

    @JsonProperty
    public String details() {
        return rule.details();
    }

    /** As asked: true reported later in a failed status, false in the answer, null as the provider does. */
    @JsonProperty
    public Boolean async() {
        return rule.async();
    }

    @JsonProperty
    public Integer delayMillis() {
        return rule.delayMillis();
    }

    /** How long a struck send is held before its answer; zero for a fault answered at once. */
    @JsonIgnore
    public Duration delay() {
        return rule.delayMillis() == null ? Duration.ZERO : Duration.ofMillis(rule.delayMillis());
    }

    /**
     * Whether the send is accepted and then fails with the code in a status, rather than being answered with it. A
     * delayed send is never accepted.
     *
     * @param reportedLaterByProvider the codes the provider reports after accepting a send
     */
    public boolean reportedLater(Set<Integer> reportedLaterByProvider) {
        if (rule.code() == null || rule.delayMillis() != null) {
            return false;
        }
        return rule.async() != null ? rule.async() : reportedLaterByProvider.contains(rule.code());
    }

    /** What is left of the count; null for a fault without a count. */
    @JsonProperty
    public Integer remaining() {
        return remaining == null ? null : remaining.get();
    }

    @JsonProperty
    public long hits() {
        return hits.get();
    }

    @JsonIgnore
    Provider providerKind() {
        return provider;
    }

    @JsonIgnore
    boolean exhausted() {
        return remaining != null && remaining.get() <= 0;
    }

    /** Takes one from the count; false when none is left (another request took the last one). */
    boolean take() {
        if (remaining != null) {
            int left;
            do {
                left = remaining.get();
                if (left <= 0) {
                    return false;
                }
            } while (!remaining.compareAndSet(left, left - 1));
        }
        hits.incrementAndGet();
        return true;
    }
}
