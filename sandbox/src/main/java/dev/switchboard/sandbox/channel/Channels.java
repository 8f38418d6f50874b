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
 * The channels the sandbox plays Meta and Twilio for, and the accounts ({@code switchboard.sandbox.accounts}) it
 * plays Meta, Twilio and 360dialog for, checked when it starts: every problem is reported at once, naming the
 * property, and a sandbox without channels refuses to start (it would answer every send with 401).
 */
public final class Channels {

    private static final Pattern CHANNEL_ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    private static final Pattern PHONE_NUMBER_ID = Pattern.compile("[0-9]{1,32}");
    private static final Pattern ACCOUNT_SID = Pattern.compile("AC[0-9a-fA-F]{32}");
    private static final Pattern SENDER = Pattern.compile("whatsapp:\\+[0-9]{6,20}");
    private static final Set<String> STATUSES = Set.of("PENDING", "CONNECTED");
    private static final Set<String> QUALITIES = Set.of("GREEN", "YELLOW", "RED");
    private static final Set<String> THROUGHPUTS = Set.of("STANDARD", "HIGH");
    private static final Set<String> LIMITS = Set.of("TIER_250", "TIER_2K", "TIER_10K", "TIER_100K",
            "TIER_UNLIMITED");
    /** The PIN of an account's numbers when it names none. */
    public static final String DEFAULT_PIN = "123456";

    private final Map<String, Channel> byId;
    private final Map<String, Channel> byPhoneNumberId = new HashMap<>();

    public Channels(ChannelProperties properties) {
        this(properties, new AccountProperties(Map.of()));
    }

    public Channels(ChannelProperties properties, AccountProperties accounts) {
        List<String> problems = new ArrayList<>();
        Map<String, Channel> channels = new LinkedHashMap<>();
        properties.channels().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            Channel channel = check(e.getKey(), e.getValue(), problems);
            if (channel != null) {
                channels.put(channel.id(), channel);
            }
        });
        accounts.accounts().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            if (properties.channels().containsKey(e.getKey())) {
                problems.add("switchboard.sandbox.accounts." + e.getKey() + ": the name of a channel of the channel"
                        + " file; give the account another name");
                return;
            }
            Channel account = checkAccount(e.getKey(), e.getValue(), problems);
            if (account != null) {
                channels.put(account.id(), account);
            }
        });
        Map<String, String> tokens = new HashMap<>();
        for (Channel channel : channels.values()) {
            String token = channel.provider() == Provider.META && !channel.dialog360() ? channel.meta().accessToken()
                    : channel.dialog360ApiKey();
            String other = token == null ? null : tokens.putIfAbsent(token, channel.id());
            if (other != null && !channel.fromFile()) {
                problems.add("switchboard.sandbox.accounts." + channel.id() + ": its token or API key is also "
                        + other + "'s (a call must name one account)");
            }
        }
        Map<String, String> senders = new HashMap<>();
        for (Channel channel : channels.values()) {
            if (channel.provider() == Provider.META) {
                for (String id : channel.meta().phoneNumberIds()) {
                    Channel other = byPhoneNumberId.putIfAbsent(id, channel);
                    if (other != null) {
                        problems.add((channel.fromFile() ? "switchboard.channels." + channel.id()
                                + ".meta.phone-number-ids: " : "switchboard.sandbox.accounts." + channel.id()
                                + ": number ") + id + " also belongs to " + (other.fromFile() ? "channel " : "account ")
                                + other.id() + " (a send must name one channel)");
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

    /** The Meta channels and accounts (360dialog's included) of a WABA. */
    public List<Channel> byWaba(String wabaId) {
        return byId.values().stream().filter(c -> c.provider() == Provider.META && wabaId != null
                && wabaId.equals(c.meta().wabaId())).toList();
    }

    /** The 360dialog account of this API key. */
    public Optional<Channel> byDialog360Key(String apiKey) {
        return apiKey == null ? Optional.empty()
                : byId.values().stream().filter(c -> apiKey.equals(c.dialog360ApiKey())).findFirst();
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
        checkTwilio(at + ".twilio", twilio, true, problems);
        return problems.size() == before ? new Channel(id, Provider.TWILIO, null, twilio) : null;
    }

    private static void checkTwilio(String at, ChannelProperties.Twilio twilio, boolean publicUrlRequired,
                                    List<String> problems) {
        if (twilio.accountSid() == null || !ACCOUNT_SID.matcher(twilio.accountSid()).matches()) {
            problems.add(at + ".account-sid: required, AC followed by 32 hex digits");
        }
        if (blank(twilio.authToken())) {
            problems.add(at + ".auth-token: required (Basic auth of the API and key of the signatures)");
        }
        if (twilio.senders().isEmpty()) {
            problems.add(at + ".senders: at least one sender such as whatsapp:+15550002222");
        }
        twilio.senders().stream().filter(s -> !SENDER.matcher(s).matches()).forEach(s ->
                problems.add(at + ".senders: '" + s + "' is not of the form whatsapp:+<digits>"));
        if (twilio.publicUrl() == null && !publicUrlRequired) {
            return;
        }
        if (twilio.publicUrl() == null || !twilio.publicUrl().isAbsolute() || twilio.publicUrl().getRawQuery() != null
                || !Set.of("http", "https").contains(twilio.publicUrl().getScheme().toLowerCase(Locale.ROOT))) {
            problems.add(at + ".public-url: " + (publicUrlRequired ? "required, " : "")
                    + "the absolute http(s) URL (without query) the sandbox"
                    + " posts inbound messages to, and status callbacks under /status");
        }
    }

    private static Channel checkAccount(String name, AccountProperties.Account account, List<String> problems) {
        String at = "switchboard.sandbox.accounts." + name;
        int before = problems.size();
        if (!CHANNEL_ID.matcher(name).matches()) {
            problems.add(at + ": an account name is 1-63 lower-case letters, digits, '-' or '_'");
        }
        String provider = account == null || account.provider() == null ? ""
                : account.provider().trim().toLowerCase(Locale.ROOT);
        switch (provider) {
            case "meta" -> {
                required(problems, at + ".waba-id", account.wabaId(), PHONE_NUMBER_ID, "digits");
                if (blank(account.accessToken())) {
                    problems.add(at + ".access-token: required (the bearer token of its Graph calls)");
                }
                if (blank(account.appSecret())) {
                    problems.add(at + ".app-secret: required (its webhooks are signed with it)");
                }
                String pin = account.pin() == null ? DEFAULT_PIN : account.pin();
                if (!pin.matches("[0-9]{6}")) {
                    problems.add(at + ".pin: six digits, not " + pin);
                }
                if (account.numbers().isEmpty()) {
                    problems.add(at + ".numbers: at least one number (id, display-number)");
                }
                List<BusinessNumber> numbers = new ArrayList<>();
                for (int i = 0; i < account.numbers().size(); i++) {
                    numbers.add(number(at + ".numbers[" + i + "]", name, account.numbers().get(i), problems));
                }
                if (problems.size() > before) {
                    return null;
                }
                ChannelProperties.Meta meta = new ChannelProperties.Meta(numbers.stream().map(BusinessNumber::id)
                        .toList(), numbers.get(0).displayNumber(), account.wabaId(), account.appSecret(),
                        account.accessToken());
                return new Channel(name, Provider.META, meta, null, false, numbers, pin, null);
            }
            case "360dialog" -> {
                required(problems, at + ".waba-id", account.wabaId(), PHONE_NUMBER_ID, "digits");
                if (blank(account.apiKey())) {
                    problems.add(at + ".api-key: required (the D360-API-KEY of its calls)");
                }
                BusinessNumber number = number(at, name, new AccountProperties.Number(account.phoneNumberId(),
                        account.displayNumber(), null, "CONNECTED", null, null, null), problems);
                if (problems.size() > before) {
                    return null;
                }
                ChannelProperties.Meta meta = new ChannelProperties.Meta(List.of(number.id()), number.displayNumber(),
                        account.wabaId(), null, null);
                return new Channel(name, Provider.META, meta, null, false, List.of(number), null, account.apiKey());
            }
            case "twilio" -> {
                ChannelProperties.Twilio twilio = new ChannelProperties.Twilio(account.accountSid(),
                        account.authToken(), account.senders(), account.publicUrl());
                checkTwilio(at, twilio, false, problems);
                return problems.size() == before ? new Channel(name, Provider.TWILIO, null, twilio, false, List.of(),
                        null, null) : null;
            }
            default -> {
                problems.add(at + ".provider: required, one of meta, twilio, 360dialog");
                return null;
            }
        }
    }

    private static BusinessNumber number(String at, String account, AccountProperties.Number n,
                                         List<String> problems) {
        if (n == null) {
            problems.add(at + ": a number needs id and display-number");
            return null;
        }
        String prefix = at.endsWith("]") ? at + "." : at + ".";
        required(problems, prefix + (at.endsWith("]") ? "id" : "phone-number-id"), n.id(), PHONE_NUMBER_ID,
                "digits");
        if (n.displayNumber() == null || !n.displayNumber().matches("\\+?[0-9 ()-]{5,30}")) {
            problems.add(prefix + "display-number: a phone number such as +1 555-000-3333, not " + n.displayNumber());
        }
        String status = oneOf(problems, prefix + "status", n.status(), "PENDING", STATUSES);
        String quality = oneOf(problems, prefix + "quality", n.quality(), "GREEN", QUALITIES);
        String throughput = oneOf(problems, prefix + "throughput-level", n.throughputLevel(), "STANDARD",
                THROUGHPUTS);
        String limit = oneOf(problems, prefix + "messaging-limit", n.messagingLimit(), "TIER_250", LIMITS);
        String verifiedName = blank(n.verifiedName()) ? account : n.verifiedName();
        return new BusinessNumber(n.id(), n.displayNumber(), verifiedName, status, quality, throughput, limit);
    }

    private static String oneOf(List<String> problems, String at, String value, String fallback, Set<String> allowed) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        String upper = value.trim().toUpperCase(Locale.ROOT);
        if (!allowed.contains(upper)) {
            problems.add(at + ": one of " + allowed.stream().sorted().toList() + ", not " + value);
        }
        return upper;
    }

    private static void required(List<String> problems, String at, String value, Pattern pattern, String what) {
        if (value == null || !pattern.matcher(value).matches()) {
            problems.add(at + ": required, " + what + ", not " + value);
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
