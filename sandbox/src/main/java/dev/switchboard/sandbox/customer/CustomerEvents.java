package dev.switchboard.sandbox.customer;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.switchboard.sandbox.channel.Channel;
import dev.switchboard.sandbox.channel.Channels;
import dev.switchboard.sandbox.channel.Provider;
import dev.switchboard.sandbox.consent.MarketingPreferences;
import dev.switchboard.sandbox.graph.AccountWebhooks;
import dev.switchboard.sandbox.identity.CustomerIdentities;
import dev.switchboard.sandbox.webhook.MessageIds;
import dev.switchboard.sandbox.webhook.MetaWebhooks;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a customer does on a Meta channel besides writing, posted like Meta's webhooks of those fields (signed, to
 * where the channel's webhooks go), each carrying the number's {@code metadata} and the customer's {@code contacts}:
 * <ul>
 * <li>stopping or resuming marketing messages: {@code user_preferences} (Meta's reference, May 21, 2026); the
 * change is kept ({@link MarketingPreferences}), so that marketing templates then fail with 131050 as on Meta;</li>
 * <li>a voice call: {@code calls} with one {@code connect} or {@code terminate} event. Meta's calling webhook
 * reference was not at hand: the shape follows the fields partners document (YCloud's call webhooks mirror
 * Meta's: id {@code wacid.…}, from, to, event, timestamp, direction, session; status, start_time, end_time,
 * duration on terminate). A call opens no service window here.</li>
 * </ul>
 */
public final class CustomerEvents {

    private static final Set<String> PREFERENCE_VALUES = Set.of("stop", "resume");
    private static final Set<String> CALL_EVENTS = Set.of("connect", "terminate");
    private static final Set<String> CALL_STATUSES = Set.of("COMPLETED", "FAILED");

    private final Channels channels;
    private final AccountWebhooks webhooks;
    private final CustomerIdentities identities;
    private final MarketingPreferences marketing;
    private final Clock clock;
    /** The call each customer connected last and when: what a {@code terminate} without callId ends. */
    private final Map<String, ConnectedCall> connected = new ConcurrentHashMap<>();

    private record ConnectedCall(String id, Instant at) {
    }

    public CustomerEvents(Channels channels, AccountWebhooks webhooks, CustomerIdentities identities,
                          MarketingPreferences marketing, Clock clock) {
        this.channels = channels;
        this.webhooks = webhooks;
        this.identities = identities;
        this.marketing = marketing;
        this.clock = clock;
    }

    /**
     * {@code POST /sandbox/customers/preferences}.
     *
     * @param value    stop or resume
     * @param category marketing_messages (the only one Meta reports; default)
     * @param detail   the webhook's {@code detail} (default: Meta's wording for the value)
     */
    public record PreferenceChange(String channelId, String phoneNumberId, String from, String userId,
                                   String parentUserId, String name, String value, String category, String detail) {
    }

    /**
     * {@code POST /sandbox/customers/calls}.
     *
     * @param event           connect or terminate
     * @param callId          terminate: the call ended (default: the customer's last connected call, else a new one)
     * @param durationSeconds terminate: how long it lasted (default: since its connect, else 0)
     * @param status          terminate: COMPLETED (default) or FAILED
     */
    public record CallEvent(String channelId, String phoneNumberId, String from, String userId, String parentUserId,
                            String name, String event, String callId, Integer durationSeconds, String status) {
    }

    public AccountWebhooks.Posted preference(PreferenceChange request) {
        Channel channel = metaChannel(request.channelId(), request.phoneNumberId());
        CustomerSimulator.Identity customer = CustomerSimulator.identity(channel, request.from(), request.userId(),
                request.parentUserId(), null, null);
        String value = oneOf("value", request.value(), PREFERENCE_VALUES);
        String category = CustomerSimulator.blank(request.category()) ? "marketing_messages" : request.category();
        if (!category.equals("marketing_messages")) {
            throw new IllegalArgumentException("category must be marketing_messages (the only preference Meta"
                    + " reports), not " + category);
        }
        Instant now = clock.instant();
        identities.link(channel.id(), customer.ids());
        marketing.changed(new MarketingPreferences.Preference(channel.id(), customer.key(), value, now));
        String phoneNumberId = phoneNumberId(channel, request.phoneNumberId());
        ObjectNode change = MetaWebhooks.value(channel, phoneNumberId);
        contacts(change, customer, request.name());
        ObjectNode preference = change.putArray("user_preferences").addObject();
        CustomerSimulator.putIfGiven(preference, "wa_id", customer.waId());
        CustomerSimulator.putIfGiven(preference, "user_id", customer.userId());
        preference.put("detail", CustomerSimulator.blank(request.detail())
                ? "User requested to " + value + " marketing messages" : request.detail());
        preference.put("category", category);
        preference.put("value", value);
        preference.put("timestamp", now.getEpochSecond());
        return webhooks.postForNumber(channel, "user_preferences", change,
                "user_preferences " + value + " of " + customer.key() + " on " + channel.id());
    }

    public AccountWebhooks.Posted call(CallEvent request) {
        Channel channel = metaChannel(request.channelId(), request.phoneNumberId());
        CustomerSimulator.Identity customer = CustomerSimulator.identity(channel, request.from(), request.userId(),
                request.parentUserId(), null, null);
        String event = oneOf("event", request.event(), CALL_EVENTS);
        if (request.durationSeconds() != null && request.durationSeconds() < 0) {
            throw new IllegalArgumentException("durationSeconds must not be negative");
        }
        identities.link(channel.id(), customer.ids());
        String phoneNumberId = phoneNumberId(channel, request.phoneNumberId());
        Instant now = clock.instant();
        String key = channel.id() + '\u0000' + customer.key();
        ObjectNode change = MetaWebhooks.value(channel, phoneNumberId);
        contacts(change, customer, request.name());
        ObjectNode call = change.putArray("calls").addObject();
        String callId;
        Instant connectedAt = null;
        if (event.equals("connect")) {
            callId = CustomerSimulator.blank(request.callId()) ? newCallId(customer) : request.callId();
            connected.put(key, new ConnectedCall(callId, now));
        } else {
            ConnectedCall last = connected.get(key);
            callId = !CustomerSimulator.blank(request.callId()) ? request.callId()
                    : last != null ? last.id() : newCallId(customer);
            if (last != null && last.id().equals(callId)) {
                connected.remove(key);
                connectedAt = last.at();
            }
        }
        call.put("id", callId);
        call.put("to", channel.businessDigits(phoneNumberId));
        CustomerSimulator.putIfGiven(call, "from", customer.waId());
        CustomerSimulator.putIfGiven(call, "from_user_id", customer.userId());
        call.put("event", event);
        call.put("timestamp", MetaWebhooks.timestamp(now));
        call.put("direction", "USER_INITIATED");
        if (event.equals("connect")) {
            call.putObject("session").put("sdp_type", "offer").put("sdp", "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\n"
                    + "s=Switchboard Sandbox\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n");
        } else {
            long duration = request.durationSeconds() != null ? request.durationSeconds()
                    : connectedAt == null ? 0 : Math.max(0, now.getEpochSecond() - connectedAt.getEpochSecond());
            call.put("status", CustomerSimulator.blank(request.status()) ? "COMPLETED"
                    : oneOf("status", request.status(), CALL_STATUSES));
            call.put("start_time", MetaWebhooks.timestamp(now.minusSeconds(duration)));
            call.put("end_time", MetaWebhooks.timestamp(now));
            call.put("duration", duration);
        }
        return webhooks.postForNumber(channel, "calls", change,
                "call " + event + " " + callId + " of " + customer.key() + " on " + channel.id());
    }

    /** Every customer's newest marketing preference, oldest first. */
    public List<MarketingPreferences.Preference> preferences() {
        return marketing.all();
    }

    private Channel metaChannel(String channelId, String phoneNumberId) {
        Channel channel = CustomerSimulator.channelOf(channels, channelId, phoneNumberId);
        if (channel.provider() != Provider.META) {
            throw new IllegalArgumentException(channel.id() + " is a " + channel.provider().label() + " channel:"
                    + " user preferences and calls are Meta webhooks");
        }
        return channel;
    }

    private static String phoneNumberId(Channel channel, String given) {
        return CustomerSimulator.blank(given) ? channel.meta().phoneNumberIds().get(0) : given;
    }

    private static void contacts(ObjectNode value, CustomerSimulator.Identity customer, String name) {
        ObjectNode contact = value.putArray("contacts").addObject();
        contact.putObject("profile").put("name", CustomerSimulator.blank(name) ? "Sandbox Customer" : name);
        CustomerSimulator.putIfGiven(contact, "wa_id", customer.waId());
        CustomerSimulator.putIfGiven(contact, "user_id", customer.userId());
        CustomerSimulator.putIfGiven(contact, "parent_user_id", customer.parentUserId());
    }

    private static String newCallId(CustomerSimulator.Identity customer) {
        return "wacid." + MessageIds.wamid(customer.key(), false).substring("wamid.".length());
    }

    private static String oneOf(String field, String value, Set<String> allowed) {
        String normalised = value == null ? null : allowed.contains(value.trim().toUpperCase(Locale.ROOT))
                ? value.trim().toUpperCase(Locale.ROOT) : value.trim().toLowerCase(Locale.ROOT);
        if (normalised == null || !allowed.contains(normalised)) {
            throw new IllegalArgumentException(field + " must be one of " + allowed.stream().sorted().toList()
                    + ", not " + value);
        }
        return normalised;
    }
}
