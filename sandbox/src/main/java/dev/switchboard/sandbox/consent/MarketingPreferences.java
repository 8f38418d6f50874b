package dev.switchboard.sandbox.consent;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.switchboard.sandbox.identity.CustomerIdentities;

/**
 * Customers who stopped (or resumed) marketing messages from a channel, as they do in WhatsApp and Meta reports
 * with the {@code user_preferences} webhook. While a customer's newest change (under any of their ids) is
 * {@code stop}, Meta does not deliver marketing templates to them: the send is accepted and fails with 131050.
 */
public final class MarketingPreferences {

    /**
     * One customer's newest change on a channel.
     *
     * @param channelId the channel
     * @param customer  the id it was made under (wa_id or BSUID)
     * @param value     stop or resume
     * @param at        when
     */
    public record Preference(String channelId, String customer, String value, Instant at) {
    }

    private final CustomerIdentities identities;
    private final Map<String, Preference> changes = new ConcurrentHashMap<>();

    public MarketingPreferences(CustomerIdentities identities) {
        this.identities = identities;
    }

    public void changed(Preference preference) {
        changes.put(preference.channelId() + '\u0000' + preference.customer(), preference);
    }

    /** Whether the customer's newest change is {@code stop}. */
    public boolean stopped(String channelId, String customer) {
        return identities.idsOf(channelId, customer).stream()
                .map(id -> changes.get(channelId + '\u0000' + id))
                .filter(p -> p != null)
                .max(Comparator.comparing(Preference::at))
                .map(p -> p.value().equals("stop"))
                .orElse(false);
    }

    /** Every customer's newest change, oldest first. */
    public List<Preference> all() {
        return changes.values().stream().sorted(Comparator.comparing(Preference::at)).toList();
    }
}
