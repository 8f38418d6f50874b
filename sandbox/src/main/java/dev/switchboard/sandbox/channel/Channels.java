package dev.switchboard.sandbox.channel;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The channels the sandbox plays Meta and Twilio for, checked when it starts: every problem is reported at once,
 * naming the property, and a sandbox without channels refuses to start (it would answer every send with 401).
 */
public final class Channels {

    private static final Pattern CHANNEL_ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    private static final Pattern PHONE_NUMBER_ID = Pattern.compile("[0-9]{1,32}");
    private static final Pattern ACCOUNT_SID = Pattern.compile("AC[0-9a-fA-F]{32}");
    private static final Pattern SENDER = Pattern.compile("whatsapp:\\+[0-9]{6,20}");

    private final Map<String, Channel> byId;
    private final Map<String, Channel> byPhoneNumberId = new HashMap<>();

    public Channels(ChannelProperties properties) {
        List<String> problems = new ArrayList<>();
        Map<String, Channel> channels = new LinkedHashMap<>();
        properties.channels().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            Channel channel = check(e.getKey(), e.getValue(), problems);
            if (channel != null) {
                channels.put(channel.id(), channel);
            }
        });
        Map<String, String> senders = new HashMap<>();
        for (Channel channel : channels.values()) {
            if (channel.provider() == Provider.META) {
                for (String id : channel.meta().phoneNumberIds()) {
                    Channel other = byPhoneNumberId.putIfAbsent(id, channel);
                    if (other != null) {
                        problems.add("switchboard.channels." + channel.id() + ".meta.phone-number-ids: " + id
                                + " also belongs to channel " + other.id() + " (a send must name one channel)");
                    }
                }
            } else {
                for (String sender : channel.twilio().senders()) {
                    String key = channel.twilio().accountSid() + " " + sender;
                    String other = senders.putIfAbsent(key, channel.id());
                    if (other != null) {
                        problems.add("switchboard.channels." + channel.id() + ".twilio.senders: " + sender
                                + " also belongs to channel " + other + " of the same account");
                    }
                }
            }
        }
        if (properties.channels().isEmpty()) {
            problems.add("switchboard.channels: no channel configured; give the channel file with"
                    + " SPRING_CONFIG_ADDITIONAL_LOCATION=file:deploy/local/channels.yml");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid channel configuration:\n  - " + String.join("\n  - ", problems));
        }
        this.byId = Map.copyOf(channels);
    }

    public Optional<Channel> find(String channelId) {
        return Optional.ofNullable(channelId == null ? null : byId.get(channelId));
    }

    /** The Meta channel that owns this phone_number_id. */
    public Optional<Channel> byPhoneNumberId(String phoneNumberId) {
        return Optional.ofNullable(byPhoneNumberId.get(phoneNumberId));
    }

    /** The Twilio channels of an account. */
    public List<Channel> twilioAccount(String accountSid) {
        return byId.values().stream()
                .filter(c -> c.provider() == Provider.TWILIO && c.twilio().accountSid().equals(accountSid))
                .toList();
    }

    public Collection<Channel> all() {
        return byId.values();
    }

    private static Channel check(String id, ChannelProperties.Entry entry, List<String> problems) {
        String at = "switchboard.channels." + id;
        int before = problems.size();
        if (!CHANNEL_ID.matcher(id).matches()) {
            problems.add(at + ": a channel id is 1-63 lower-case letters, digits, '-' or '_' (it appears in URLs)");
        }
        if (entry == null || entry.provider() == null) {
            problems.add(at + ".provider: required, one of meta, twilio");
            return null;
        }
        if (entry.provider() == Provider.META) {
            ChannelProperties.Meta meta = entry.meta();
            if (meta == null) {
                problems.add(at + ".meta: required for a meta channel (phone-number-ids, app-secret, access-token)");
                return null;
            }
            if (meta.phoneNumberIds().isEmpty()) {
                problems.add(at + ".meta.phone-number-ids: at least one phone_number_id");
            }
            meta.phoneNumberIds().stream().filter(n -> !PHONE_NUMBER_ID.matcher(n).matches()).forEach(n ->
                    problems.add(at + ".meta.phone-number-ids: '" + n + "' is not a phone_number_id (digits only)"));
            if (blank(meta.appSecret())) {
                problems.add(at + ".meta.app-secret: required (the sandbox signs this channel's webhooks with it)");
            }
            if (blank(meta.accessToken())) {
                problems.add(at + ".meta.access-token: required (the bearer token the sandbox expects on sends)");
            }
            if (meta.displayNumber() != null && !meta.displayNumber().matches("\\+?[0-9 ()-]{5,30}")) {
                problems.add(at + ".meta.display-number: a phone number such as +15550001111, not "
                        + meta.displayNumber());
            }
            return problems.size() == before ? new Channel(id, Provider.META, meta, null) : null;
        }
        ChannelProperties.Twilio twilio = entry.twilio();
        if (twilio == null) {
            problems.add(at + ".twilio: required for a twilio channel (account-sid, auth-token, senders, public-url)");
            return null;
        }
        if (twilio.accountSid() == null || !ACCOUNT_SID.matcher(twilio.accountSid()).matches()) {
            problems.add(at + ".twilio.account-sid: required, AC followed by 32 hex digits");
        }
        if (blank(twilio.authToken())) {
            problems.add(at + ".twilio.auth-token: required (Basic auth of the API and key of the signatures)");
        }
        if (twilio.senders().isEmpty()) {
            problems.add(at + ".twilio.senders: at least one sender such as whatsapp:+15550002222");
        }
        twilio.senders().stream().filter(s -> !SENDER.matcher(s).matches()).forEach(s ->
                problems.add(at + ".twilio.senders: '" + s + "' is not of the form whatsapp:+<digits>"));
        if (twilio.publicUrl() == null || !twilio.publicUrl().isAbsolute() || twilio.publicUrl().getRawQuery() != null
                || !Set.of("http", "https").contains(twilio.publicUrl().getScheme().toLowerCase(Locale.ROOT))) {
            problems.add(at + ".twilio.public-url: required, the absolute http(s) URL (without query) the sandbox"
                    + " posts inbound messages to, and status callbacks under /status");
        }
        return problems.size() == before ? new Channel(id, Provider.TWILIO, null, twilio) : null;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
