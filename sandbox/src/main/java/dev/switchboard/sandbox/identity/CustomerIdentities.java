package dev.switchboard.sandbox.identity;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ids one customer is known by on a channel, as Meta's contact book links them: a phone number (wa_id), a
 * business-scoped user id (BSUID, e.g. {@code US.13491208655302741918}) and a parent BSUID. A message that carries
 * several ids, or a {@code user_changed_number} / {@code user_changed_user_id} system message, links them; from then
 * on a send to any of them is a send to that customer (its window, its marketing preference, what it last received).
 * Scoped to the channel, as BSUIDs are scoped to a business portfolio: the same id on two channels is two customers.
 */
public final class CustomerIdentities {

    /** channel + id → every id linked with it, in the order learnt (one unmodifiable set shared by its members). */
    private final Map<String, Set<String>> linked = new ConcurrentHashMap<>();

    /** Links these ids (nulls and blanks ignored) of one customer on the channel, with all they were linked to. */
    public synchronized void link(String channelId, Collection<String> ids) {
        // In the order learnt: what was known first, ids new to it last (see phoneOf).
        Set<String> merged = new LinkedHashSet<>();
        for (String id : ids) {
            if (id == null || id.isBlank()) {
                continue;
            }
            Set<String> known = linked.get(key(channelId, id));
            if (known != null) {
                merged.addAll(known);
            }
            merged.add(id);
        }
        if (merged.size() < 2) {
            return;
        }
        Set<String> snapshot = Collections.unmodifiableSet(merged);
        for (String id : snapshot) {
            linked.put(key(channelId, id), snapshot);
        }
    }

    /** Every id the customer known by {@code id} has on the channel, {@code id} included. */
    public Set<String> idsOf(String channelId, String id) {
        if (id == null) {
            return Set.of();
        }
        Set<String> known = linked.get(key(channelId, id));
        return known == null ? Set.of(id) : known;
    }

    /** Whether two ids are one customer on the channel. */
    public boolean same(String channelId, String a, String b) {
        if (Objects.equals(a, b)) {
            return a != null;
        }
        Set<String> known = a == null || channelId == null ? null : linked.get(key(channelId, a));
        return known != null && known.contains(b);
    }

    /** The customer's phone number (wa_id digits), the newest learnt, if the channel knows one for this id. */
    public Optional<String> phoneOf(String channelId, String id) {
        return idsOf(channelId, id).stream().filter(CustomerIdentities::isPhone).reduce((first, second) -> second);
    }

    /** wa_id digits, as opposed to a BSUID. */
    public static boolean isPhone(String id) {
        return id != null && id.matches("[0-9]+");
    }

    private static String key(String channelId, String id) {
        return channelId + '\u0000' + id;
    }
}
