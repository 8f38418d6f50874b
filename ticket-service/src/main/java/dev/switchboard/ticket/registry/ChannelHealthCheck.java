package dev.switchboard.ticket.registry;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.switchboard.events.BusinessNumber;
import dev.switchboard.events.ChannelConfig;
import dev.switchboard.events.ChannelHealth;
import dev.switchboard.events.ChannelHealthState;
import dev.switchboard.events.NumberQuality;
import dev.switchboard.events.ProviderError;
import dev.switchboard.kit.channels.ChannelKeys;
import dev.switchboard.ticket.registry.ChannelStore.Stored;

/**
 * Asks the provider how a registry channel is now: Meta's token ({@code debug_token}) and each number
 * ({@code GET /{phone-number-id}}: quality, throughput, messaging limit, status), Twilio's account and senders,
 * 360dialog's key. What changed (quality, limit, throughput, status, credentials refused or working again) is stored
 * with the next revision and published, so outbound's pacing follows what the provider reports.
 */
@Component
class ChannelHealthCheck {

    private static final Logger log = LoggerFactory.getLogger(ChannelHealthCheck.class);
    private static final Set<String> TROUBLED_STATUSES = Set.of("FLAGGED", "RESTRICTED", "BANNED", "DISCONNECTED",
            "RATE_LIMITED", "OFFLINE");

    private final ChannelStore store;
    private final ChannelKeys keys;
    private final GraphApi graph;
    private final TwilioApi twilio;
    private final Dialog360Api dialog360;
    private final ChannelMetrics metrics;
    private final Clock clock;

    ChannelHealthCheck(ChannelStore store, ChannelKeys keys, ProviderApis apis, ChannelMetrics metrics, Clock clock) {
        this.store = store;
        this.keys = keys;
        this.graph = apis.graph();
        this.twilio = apis.twilio();
        this.dialog360 = apis.dialog360();
        this.metrics = metrics;
        this.clock = clock;
    }

    /** What a check found: the numbers as the provider reports them (by id), and the channel's state. */
    record Finding(Map<String, BusinessNumber> numbers, ChannelHealthState state, ProviderError error, String detail) {
    }

    /**
     * Checks the channel now. A provider that cannot be reached changes nothing (logged): the channel's credentials
     * are not known to be wrong.
     *
     * @return the channel after the check; empty when the registry has no such channel
     */
    Optional<ChannelConfig> check(String channelId) {
        Optional<Stored> stored = store.find(channelId);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Finding finding;
        try {
            finding = probe(stored.get().config());
        } catch (ProviderRefused e) {
            log.warn("channel health: channel {} not checked: {} ({})", channelId, e.getMessage(), e.action());
            return stored.map(Stored::config);
        }
        Optional<ChannelConfig> after = store.update(channelId, now, current -> applied(current, finding, now));
        store.markChecked(channelId, now);
        after.ifPresent(c -> {
            if (!Objects.equals(c.getHealth(), stored.get().config().getHealth())) {
                log.info("channel health: channel {} is {}{}", channelId, c.getHealth().getState(),
                        c.getHealth().getDetail() == null ? "" : ": " + c.getHealth().getDetail());
            }
        });
        metrics.refresh();
        return after;
    }

    /** Whether the channel's credentials were refused by its last check. */
    static boolean refused(ChannelConfig config) {
        return config.getHealth() != null && config.getHealth().getState() == ChannelHealthState.CREDENTIALS_REFUSED;
    }

    private Finding probe(ChannelConfig config) {
        String id = config.getChannelId();
        try {
            return switch (config.getProvider()) {
                case META -> probeMeta(config, keys.open(id, config.getMeta().getAccessToken()));
                case TWILIO -> probeTwilio(config, keys.open(id, config.getTwilio().getAuthToken()));
                case DIALOG360 -> probeDialog360(config, keys.open(id, config.getDialog360().getApiKey()));
                default -> new Finding(Map.of(), ChannelHealthState.UNKNOWN, null, "unknown provider");
            };
        } catch (ChannelKeys.SecretUnavailableException e) {
            return new Finding(Map.of(), ChannelHealthState.UNKNOWN, null, e.getMessage()
                    + ": add that key to SWITCHBOARD_CHANNEL_KEYS, or PATCH the channel's credentials");
        }
    }

    private Finding probeMeta(ChannelConfig config, String token) {
        try {
            graph.validateToken(token);
        } catch (ProviderRefused e) {
            return refusal(e);
        }
        Map<String, BusinessNumber> numbers = new LinkedHashMap<>();
        ProviderRefused numberError = null;
        for (BusinessNumber number : config.getNumbers()) {
            try {
                numbers.put(number.getId(), graph.number(number.getId(), token));
            } catch (ProviderRefused e) {
                if (e.unreachable() || e.credentialsRefused()) {
                    return refusal(e);
                }
                numberError = e;
            }
        }
        if (numberError != null) {
            return new Finding(numbers, ChannelHealthState.DEGRADED, numberError.asError(), numberError.action());
        }
        return judged(numbers, config);
    }

    private Finding probeTwilio(ChannelConfig config, String authToken) {
        String sid = config.getTwilio().getAccountSid();
        Map<String, BusinessNumber> numbers = new LinkedHashMap<>();
        try {
            twilio.validateAccount(sid, authToken);
            twilio.senders(sid, authToken).forEach(n -> numbers.put(n.getId(), n));
        } catch (ProviderRefused e) {
            return refusal(e);
        }
        numbers.keySet().retainAll(config.getNumbers().stream().map(BusinessNumber::getId).toList());
        return judged(numbers, config);
    }

    private Finding probeDialog360(ChannelConfig config, String apiKey) {
        try {
            dialog360.validateKey(config.getDialog360().getBaseUrl(), apiKey);
        } catch (ProviderRefused e) {
            return refusal(e);
        }
        return new Finding(Map.of(), ChannelHealthState.HEALTHY, null, null);
    }

    private static Finding refusal(ProviderRefused e) {
        if (e.unreachable()) {
            throw e;
        }
        return new Finding(Map.of(), e.credentialsRefused() ? ChannelHealthState.CREDENTIALS_REFUSED
                : ChannelHealthState.DEGRADED, e.asError(), e.action());
    }

    /** HEALTHY, or DEGRADED when a number is of red quality or flagged, restricted, …, with what that means. */
    private static Finding judged(Map<String, BusinessNumber> reported, ChannelConfig config) {
        List<String> troubles = new ArrayList<>();
        for (BusinessNumber number : merged(config.getNumbers(), reported)) {
            if (number.getQuality() == NumberQuality.RED || TROUBLED_STATUSES.contains(number.getStatus())) {
                troubles.add((number.getDisplayNumber() == null ? number.getId() : number.getDisplayNumber()) + " is "
                        + (number.getStatus() == null ? "" : number.getStatus() + ", ") + "quality " + number.getQuality());
            }
        }
        return troubles.isEmpty() ? new Finding(reported, ChannelHealthState.HEALTHY, null, null)
                : new Finding(reported, ChannelHealthState.DEGRADED, null, String.join("; ", troubles)
                        + ": see WhatsApp Manager → Account quality; Meta may lower the number's messaging limit");
    }

    /** The channel with what the check found; its health's time changes only when the health does. */
    static ChannelConfig applied(ChannelConfig current, Finding finding, Instant now) {
        ChannelHealth health = current.getHealth();
        boolean same = health != null && health.getState() == finding.state()
                && Objects.equals(health.getError(), finding.error()) && Objects.equals(health.getDetail(), finding.detail());
        return ChannelConfig.newBuilder(current)
                .setNumbers(merged(current.getNumbers(), finding.numbers()))
                .setHealth(same ? health : ChannelHealth.newBuilder().setState(finding.state()).setCheckedAt(now)
                        .setError(finding.error()).setDetail(finding.detail()).build())
                .build();
    }

    /** Each number with what the provider reported of it (its id stays; a field not reported keeps its value). */
    static List<BusinessNumber> merged(List<BusinessNumber> numbers, Map<String, BusinessNumber> reported) {
        List<BusinessNumber> merged = new ArrayList<>();
        for (BusinessNumber number : numbers) {
            BusinessNumber fresh = reported.get(number.getId());
            if (fresh == null) {
                merged.add(number);
                continue;
            }
            merged.add(BusinessNumber.newBuilder(number)
                    .setDisplayNumber(fresh.getDisplayNumber() != null ? fresh.getDisplayNumber() : number.getDisplayNumber())
                    .setVerifiedName(fresh.getVerifiedName() != null ? fresh.getVerifiedName() : number.getVerifiedName())
                    .setQuality(fresh.getQuality())
                    .setThroughput(fresh.getThroughput() != null ? fresh.getThroughput() : number.getThroughput())
                    .setMessagingLimit(fresh.getMessagingLimit() != null ? fresh.getMessagingLimit() : number.getMessagingLimit())
                    .setStatus(fresh.getStatus() != null ? fresh.getStatus() : number.getStatus())
                    .build());
        }
        return merged;
    }

    /** The state a channel's numbers alone give (for events that change a number), keeping refused credentials. */
    static ChannelConfig rejudged(ChannelConfig config, Instant now) {
        if (refused(config)) {
            return config;
        }
        ChannelHealthState before = config.getHealth() == null ? ChannelHealthState.UNCHECKED : config.getHealth().getState();
        if (before != ChannelHealthState.HEALTHY && before != ChannelHealthState.DEGRADED) {
            return config;
        }
        return applied(config, judged(Map.of(), config), now);
    }
}
