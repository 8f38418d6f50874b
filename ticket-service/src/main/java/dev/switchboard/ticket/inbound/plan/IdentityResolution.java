package dev.switchboard.ticket.inbound.plan;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.switchboard.events.Customer;
import dev.switchboard.events.InboundMessage;
import dev.switchboard.events.InboundMessageType;
import dev.switchboard.events.SystemChange;
import dev.switchboard.events.SystemChangeKind;

/**
 * Which conversation a message's identities lead to, within its channel (identities are scoped to the channel,
 * never global): the customer's wa_id, BSUID (user id) and parent BSUID, and for a WhatsApp identity change
 * (user_changed_number, user_changed_user_id) the ids it replaces. Plain Java: it works on the identities the
 * database held for the batch ({@link Known}) and records what the batch changes.
 *
 * <ul>
 *   <li>An identity resolves to the conversation it points at, unless it is retired: a replaced wa_id (numbers are
 *       recycled) or BSUID never leads a new message to its old conversation.</li>
 *   <li>The ids a message names now are learned by the conversation it resolves to (a retired one is taken over);
 *       the ids a change replaces are retired.</li>
 *   <li>Merging a conversation into another points all its identities at the other.</li>
 * </ul>
 */
public final class IdentityResolution {

    /** What an identity is: the column and {@code customer_identity.kind} it is stored as. */
    public enum Kind {
        WA_ID, USER_ID, PARENT_USER_ID;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Kind fromWire(String wire) {
            return valueOf(wire.toUpperCase(Locale.ROOT));
        }
    }

    public record Identity(String channelId, Kind kind, String value) {
    }

    /** An identity as stored: the conversation it points at, and when it was retired (null: it resolves). */
    public record Known(String customerId, Instant retiredAt) {

        boolean resolves() {
            return retiredAt == null;
        }
    }

    /**
     * The identities a message names.
     *
     * @param current  the customer's ids now
     * @param replaced ids an identity change replaces (they are retired)
     */
    public record Claims(List<Identity> current, List<Identity> replaced) {

        public List<Identity> all() {
            List<Identity> all = new ArrayList<>(current);
            all.addAll(replaced);
            return all;
        }
    }

    /** A row of customer_identity the batch writes. */
    public record IdentityWrite(String channelId, Kind kind, String value, String customerId, Instant retiredAt) {
    }

    private final Map<Identity, Known> known;
    private final Map<Identity, Known> changed = new LinkedHashMap<>();

    /** @param known what the database holds for the batch's identities and its conversations' identities */
    public IdentityResolution(Map<Identity, Known> known) {
        this.known = new LinkedHashMap<>(known);
    }

    /**
     * The ids a message names. An identity change (user_changed_number, user_changed_user_id) replaces, per kind,
     * the old id (the sender's, or the change's previous one) by a different new one; every other message names
     * its sender's ids.
     */
    public static Claims claims(InboundMessage message) {
        String channelId = message.getChannelId();
        Customer customer = message.getCustomer();
        List<Identity> current = new ArrayList<>();
        List<Identity> replaced = new ArrayList<>();
        SystemChange change = message.getType() == InboundMessageType.SYSTEM ? message.getSystem() : null;
        boolean identityChange = change != null && (change.getKind() == SystemChangeKind.USER_CHANGED_NUMBER
                || change.getKind() == SystemChangeKind.USER_CHANGED_USER_ID);
        if (identityChange) {
            claim(channelId, Kind.WA_ID, customer.getWaId(), change.getNewWaId(), current, replaced);
            claim(channelId, Kind.USER_ID, or(change.getPreviousUserId(), customer.getUserId()), change.getNewUserId(),
                    current, replaced);
            claim(channelId, Kind.PARENT_USER_ID, or(change.getPreviousParentUserId(), customer.getParentUserId()),
                    change.getNewParentUserId(), current, replaced);
            if (change.getPreviousUserId() != null && customer.getUserId() != null
                    && !customer.getUserId().equals(change.getPreviousUserId())) {
                add(current, new Identity(channelId, Kind.USER_ID, customer.getUserId()));
            }
        } else {
            claim(channelId, Kind.WA_ID, customer.getWaId(), null, current, replaced);
            claim(channelId, Kind.USER_ID, customer.getUserId(), null, current, replaced);
            claim(channelId, Kind.PARENT_USER_ID, customer.getParentUserId(), null, current, replaced);
        }
        return new Claims(List.copyOf(current), List.copyOf(replaced));
    }

    private static void claim(String channelId, Kind kind, String old, String now, List<Identity> current,
                              List<Identity> replaced) {
        if (isSet(old) && isSet(now) && !old.equals(now)) {
            add(replaced, new Identity(channelId, kind, old));
            add(current, new Identity(channelId, kind, now));
        } else if (isSet(now)) {
            add(current, new Identity(channelId, kind, now));
        } else if (isSet(old)) {
            add(current, new Identity(channelId, kind, old));
        }
    }

    private static void add(List<Identity> identities, Identity identity) {
        if (!identities.contains(identity)) {
            identities.add(identity);
        }
    }

    /** The conversations (customer ids) the claims' identities resolve to, in the order the claims name them. */
    public Set<String> conversations(Claims claims) {
        Set<String> found = new LinkedHashSet<>();
        for (Identity identity : claims.all()) {
            Known k = known.get(identity);
            if (k != null && k.resolves()) {
                found.add(k.customerId());
            }
        }
        return found;
    }

    /** Whether the identity is known and retired (its old conversation keeps its key). */
    public boolean isRetired(Identity identity) {
        Known k = known.get(identity);
        return k != null && !k.resolves();
    }

    /** The conversation learns the claims' current ids and retires the replaced ones (as of {@code at}). */
    public void record(Claims claims, String customerId, Instant at) {
        for (Identity identity : claims.current()) {
            set(identity, new Known(customerId, null));
        }
        for (Identity identity : claims.replaced()) {
            Known k = known.get(identity);
            if (k == null || k.resolves() || !k.customerId().equals(customerId)) {
                set(identity, new Known(customerId, at));
            }
        }
    }

    /** A merge: every identity of {@code loser} points at {@code survivor} (retired ones stay retired). */
    public void merge(String channelId, String loser, String survivor) {
        for (Map.Entry<Identity, Known> entry : List.copyOf(known.entrySet())) {
            if (entry.getKey().channelId().equals(channelId) && entry.getValue().customerId().equals(loser)) {
                set(entry.getKey(), new Known(survivor, entry.getValue().retiredAt()));
            }
        }
    }

    private void set(Identity identity, Known value) {
        if (!value.equals(known.get(identity))) {
            known.put(identity, value);
            changed.put(identity, value);
        }
    }

    /**
     * The conversation's other ids that records may be keyed by (wa_ids and BSUIDs, {@code Keys.customerId}), not
     * retired, sorted: {@code TicketEvent.aliases}.
     */
    public List<String> aliases(String channelId, String customerId) {
        return known.entrySet().stream()
                .filter(e -> e.getKey().channelId().equals(channelId) && e.getValue().resolves()
                        && e.getValue().customerId().equals(customerId) && e.getKey().kind() != Kind.PARENT_USER_ID
                        && !e.getKey().value().equals(customerId))
                .map(e -> e.getKey().value()).distinct().sorted(Comparator.naturalOrder()).toList();
    }

    /** The identity rows the batch changed, in the order it changed them. */
    public List<IdentityWrite> writes() {
        return changed.entrySet().stream().map(e -> new IdentityWrite(e.getKey().channelId(), e.getKey().kind(),
                e.getKey().value(), e.getValue().customerId(), e.getValue().retiredAt())).toList();
    }

    private static String or(String first, String second) {
        return first != null ? first : second;
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }

}
