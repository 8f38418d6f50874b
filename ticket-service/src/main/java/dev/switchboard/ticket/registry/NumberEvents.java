package dev.switchboard.ticket.registry;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.switchboard.events.AccountEvent;
import dev.switchboard.events.AccountEventType;
import dev.switchboard.events.BusinessNumber;
import dev.switchboard.events.CapabilityChange;
import dev.switchboard.events.ChannelConfig;
import dev.switchboard.events.NumberQuality;
import dev.switchboard.events.NumberQualityChange;
import dev.switchboard.events.Provider;
import dev.switchboard.ticket.registry.ChannelStore.Stored;

/**
 * Meta's account webhooks applied to registry channels: {@code phone_number_quality_update} (NUMBER_QUALITY: a
 * number's messaging limit, flag, throughput; Meta names the number by its display number) and
 * {@code business_capability_update} (BUSINESS_CAPABILITY: the limit per number, or since February 2026 the business
 * portfolio's, which every number shares). Each change is stored and republished like any other, so outbound's
 * pacing follows at once.
 */
@Component
class NumberEvents {

    private static final Logger log = LoggerFactory.getLogger(NumberEvents.class);

    private final ChannelStore store;
    private final ChannelMetrics metrics;
    private final Clock clock;

    NumberEvents(ChannelStore store, ChannelMetrics metrics, Clock clock) {
        this.store = store;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** In the listener's transaction. */
    void apply(AccountEvent event) {
        if (event.getType() == AccountEventType.NUMBER_QUALITY && event.getNumberQuality() != null) {
            quality(event, event.getNumberQuality());
        } else if (event.getType() == AccountEventType.BUSINESS_CAPABILITY && event.getCapability() != null) {
            capability(event, event.getCapability());
        }
    }

    void afterBatch() {
        metrics.refresh();
    }

    private void quality(AccountEvent event, NumberQualityChange change) {
        String digits = digits(change.getDisplayPhoneNumber());
        if (digits.isEmpty()) {
            return;
        }
        // The channel whose webhook URL received it first: one Meta app URL may carry several channels' numbers.
        List<Stored> candidates = new ArrayList<>();
        store.find(event.getChannelId()).ifPresent(candidates::add);
        store.all().stream().filter(s -> !s.id().equals(event.getChannelId())).forEach(candidates::add);
        for (Stored stored : candidates) {
            Optional<BusinessNumber> number = stored.config().getNumbers().stream()
                    .filter(n -> digits.equals(digits(n.getDisplayNumber()))).findFirst();
            if (number.isPresent() && stored.config().getProvider() != Provider.TWILIO) {
                String id = number.get().getId();
                update(stored.id(), numbers -> numbers.stream()
                        .map(n -> n.getId().equals(id) ? changed(n, change) : n).toList());
                log.info("channel registry: number {} of channel {}: {} (limit {})", id, stored.id(),
                        change.getEvent(), limit(change));
                return;
            }
        }
        log.info("channel registry: quality event for {} on channel {} matches no registry number; ignored", digits,
                event.getChannelId());
    }

    private void capability(AccountEvent event, CapabilityChange change) {
        // max_daily_conversation_per_phone is gone since limits are the portfolio's: then every number has its limit.
        String tier = change.getMaxDailyConversationPerPhone() != null ? tier(change.getMaxDailyConversationPerPhone())
                : tierOf(change.getMaxDailyConversationsPerBusiness());
        if (tier == null || store.find(event.getChannelId()).isEmpty()) {
            return;
        }
        update(event.getChannelId(), numbers -> numbers.stream()
                .map(n -> BusinessNumber.newBuilder(n).setMessagingLimit(tier).build()).toList());
        log.info("channel registry: channel {}: messaging limit per number now {}", event.getChannelId(), tier);
    }

    private void update(String channelId, UnaryOperator<List<BusinessNumber>> numbers) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        store.update(channelId, now, current -> ChannelHealthCheck.rejudged(ChannelConfig.newBuilder(current)
                .setNumbers(numbers.apply(current.getNumbers())).build(), now));
    }

    static BusinessNumber changed(BusinessNumber number, NumberQualityChange change) {
        BusinessNumber.Builder changed = BusinessNumber.newBuilder(number);
        String limit = limit(change);
        if (limit != null) {
            changed.setMessagingLimit(limit);
        }
        switch (change.getEvent()) {
            case "FLAGGED" -> changed.setStatus("FLAGGED").setQuality(NumberQuality.RED);
            case "UNFLAGGED" -> changed.setStatus("CONNECTED")
                    .setQuality(number.getQuality() == NumberQuality.RED ? NumberQuality.UNKNOWN : number.getQuality());
            case "THROUGHPUT_UPGRADE" -> changed.setThroughput(1000);
            default -> {
            }
        }
        return changed.build();
    }

    /**
     * The messaging limit the change reports: {@code current_limit} until Meta removed it (February 2026), then
     * {@code max_daily_conversations_per_business} (the business portfolio's limit, which all its numbers share), sent
     * as a tier name ({@code TIER_10K}) or as a number ({@code "1000"}); null when it reports none.
     */
    static String limit(NumberQualityChange change) {
        if (change.getCurrentLimit() != null && !change.getCurrentLimit().isBlank()) {
            return change.getCurrentLimit();
        }
        return tierOf(change.getMaxDailyConversationsPerBusiness());
    }

    /** A limit as Meta sends it, a tier name or a number of conversations per day, as a tier name; null if none. */
    private static String tierOf(String limit) {
        if (limit == null || limit.isBlank()) {
            return null;
        }
        String given = limit.strip();
        return given.matches("-?[0-9]{1,18}") ? tier(Long.parseLong(given)) : given;
    }

    /** Meta's conversations per number per day as its tier name: 250 → TIER_250, 2000 → TIER_2K, -1 → TIER_UNLIMITED. */
    static String tier(long perDay) {
        if (perDay < 0) {
            return "TIER_UNLIMITED";
        }
        return perDay >= 1000 && perDay % 1000 == 0 ? "TIER_" + perDay / 1000 + "K" : "TIER_" + perDay;
    }

    private static String digits(String number) {
        return number == null ? "" : number.replaceAll("[^0-9]", "");
    }
}
