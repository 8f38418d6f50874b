package dev.switchboard.ticket.registry;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

import dev.switchboard.events.AfterCloseAction;
import dev.switchboard.events.BusinessNumber;
import dev.switchboard.events.ChannelConfig;
import dev.switchboard.events.ChannelHealth;
import dev.switchboard.events.ChannelHealthState;
import dev.switchboard.events.Dialog360Channel;
import dev.switchboard.events.MetaChannel;
import dev.switchboard.events.Provider;
import dev.switchboard.events.TwilioChannel;
import dev.switchboard.kit.channels.ChannelFeed;
import dev.switchboard.kit.channels.ChannelKeys;
import dev.switchboard.ticket.registry.ChannelStore.Stored;
import dev.switchboard.ticket.registry.GraphApi.Number;
import tools.jackson.databind.JsonNode;

/**
 * The channel registry's flows: Meta's, Twilio's and 360dialog's onboarding (every credential checked with the
 * provider before anything is stored), changes, disabling. Secrets are sealed with the operator's channel key the
 * moment they arrive; only the provider calls see them in clear.
 */
@Service
public class ChannelRegistry {

    private static final Logger log = LoggerFactory.getLogger(ChannelRegistry.class);
    static final String CHANNEL_ID = "[a-z0-9][a-z0-9_-]{0,62}";
    private static final String DIGITS = "[0-9]{1,32}";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ChannelStore store;
    private final FileChannels file;
    private final ChannelKeys keys;
    private final RegistrySettings settings;
    private final GraphApi graph;
    private final TwilioApi twilio;
    private final Dialog360Api dialog360;
    private final ObjectProvider<ChannelFeed> feed;
    private final Clock clock;

    ChannelRegistry(ChannelStore store, FileChannels file, ChannelKeys keys, RegistrySettings settings,
                    ProviderApis apis, ObjectProvider<ChannelFeed> feed, Clock clock) {
        this.store = store;
        this.file = file;
        this.keys = keys;
        this.settings = settings;
        this.graph = apis.graph();
        this.twilio = apis.twilio();
        this.dialog360 = apis.dialog360();
        this.feed = feed;
        this.clock = clock;
    }

    /** A new channel and what the admin needs to finish the provider's side (the webhook). */
    public record Created(ChannelConfig config, Map<String, Object> webhook) {
    }

    // ------------------------------------------------------------------------------------------------ Meta's numbers

    /** {@code POST /api/admin/channels/meta/numbers}: the token checked, the WABA's numbers. */
    public List<Number> metaNumbers(JsonNode body) {
        RequestFields fields = new RequestFields(body);
        String wabaId = fields.text("wabaId", true, DIGITS, "the WhatsApp Business Account id (digits)");
        String token = fields.text("accessToken", true, null, "a system user's access token");
        fields.check();
        graph.validateToken(token);
        return graph.phoneNumbers(wabaId, token);
    }

    /** {@code POST /api/admin/channels/twilio/senders}: the account checked, its WhatsApp senders. */
    public List<BusinessNumber> twilioSenders(JsonNode body) {
        RequestFields fields = new RequestFields(body);
        String sid = fields.text("accountSid", true, "AC[0-9a-fA-F]{32}", "an account SID (AC + 32 hex digits)");
        String token = fields.text("authToken", true, null, "the account's auth token");
        fields.check();
        twilio.validateAccount(sid, token);
        return twilio.senders(sid, token);
    }

    // ------------------------------------------------------------------------------------------------ create

    public Created create(JsonNode body) {
        RequestFields fields = new RequestFields(body);
        String id = fields.text("channelId", true, CHANNEL_ID,
                "1-63 lower-case letters, digits, '-' or '_', starting with a letter or digit");
        String providerName = fields.text("provider", true, "meta|twilio|dialog360", "meta, twilio or dialog360");
        Provider provider = providerName == null ? null : Provider.valueOf(providerName.toUpperCase(Locale.ROOT));
        ChannelConfig.Builder config = ChannelConfig.newBuilder().setChannelId(id == null ? "?" : id).setRevision(1)
                .setUpdatedAt(now()).setProvider(provider == null ? Provider.UNKNOWN : provider).setEnabled(true);
        applySettings(fields, config);
        if (provider != null && !fields.hasObject(providerName)) {
            fields.problem(providerName, "required for a " + providerName + " channel");
        }
        if (provider == null) {
            fields.check();
        }
        // Each provider's fields are read, then every problem is told at once (and then the id checked).
        return switch (provider) {
            case META -> createMeta(id, fields, config);
            case TWILIO -> createTwilio(id, fields, config);
            case DIALOG360 -> createDialog360(id, fields, config);
            default -> throw new IllegalStateException("provider " + provider);
        };
    }

    /** After the request's fields: the callback base is set, the id is free. */
    private String preflight(RequestFields fields, String id) {
        fields.check();
        String base = publicWebhookUrl();
        if (store.find(id).isPresent() || file.find(id).isPresent()) {
            throw RegistryRefusal.conflict("channelId", "channel " + id + " exists already"
                    + (file.find(id).isPresent() ? " (in the channel file)" : ""));
        }
        return base;
    }

    private Created createMeta(String id, RequestFields fields, ChannelConfig.Builder config) {
        String wabaId = fields.text("meta.wabaId", true, DIGITS, "the WhatsApp Business Account id (digits)");
        String token = fields.text("meta.accessToken", true, null, "a system user's access token");
        String appSecret = fields.text("meta.appSecret", true, null, "the Meta app's secret (it signs the webhooks)");
        List<String> chosen = fields.texts("meta.phoneNumberIds", true, DIGITS, "phone number ids (digits)");
        String pin = fields.text("meta.pin", false, "[0-9]{6}", "the number's two-step verification PIN (6 digits)");
        String version = fields.text("meta.graphApiVersion", false, "v[0-9]{1,3}\\.[0-9]", "a Graph API version such as v23.0");
        String base = preflight(fields, id);
        requireFreeNumbers(id, chosen, "meta.phoneNumberIds");
        graph.validateToken(token);
        List<BusinessNumber> numbers = registered(chosenOf(graph.phoneNumbers(wabaId, token), chosen, wabaId), pin, token);
        String verifyToken = randomToken();
        ChannelConfig created = config.setNumbers(numbers)
                .setMeta(MetaChannel.newBuilder().setWabaId(wabaId).setAppSecret(keys.seal(id, appSecret))
                        .setAccessToken(keys.seal(id, token)).setVerifyToken(keys.seal(id, verifyToken))
                        .setGraphApiVersion(version).build())
                .setHealth(healthy(config.getUpdatedAt()))
                .build();
        String callbackUrl = base + "/webhooks/whatsapp/" + id;
        storeThenConfirm(created, () -> graph.subscribe(wabaId, token, callbackUrl, verifyToken));
        log.info("channel registry: Meta channel {} created (WABA {}, numbers {})", id, wabaId, ids(numbers));
        return new Created(created, ordered("callbackUrl", callbackUrl, "verifyToken", verifyToken));
    }

    private Created createTwilio(String id, RequestFields fields, ChannelConfig.Builder config) {
        String sid = fields.text("twilio.accountSid", true, "AC[0-9a-fA-F]{32}", "an account SID (AC + 32 hex digits)");
        String token = fields.text("twilio.authToken", true, null, "the account's auth token");
        List<String> senders = senders(fields, true);
        String base = preflight(fields, id);
        requireFreeNumbers(id, senders, "twilio.senders");
        twilio.validateAccount(sid, token);
        List<BusinessNumber> numbers = chosenSenders(twilio.senders(sid, token), senders);
        String messageUrl = base + "/webhooks/twilio/" + id;
        ChannelConfig created = config.setNumbers(numbers)
                .setTwilio(TwilioChannel.newBuilder().setAccountSid(sid).setAuthToken(keys.seal(id, token))
                        .setPublicUrl(messageUrl).build())
                .setHealth(healthy(config.getUpdatedAt()))
                .build();
        store.insert(created);
        log.info("channel registry: Twilio channel {} created (senders {})", id, ids(numbers));
        return new Created(created, ordered("messageUrl", messageUrl, "statusCallbackUrl", messageUrl + "/status"));
    }

    private Created createDialog360(String id, RequestFields fields, ChannelConfig.Builder config) {
        String apiKey = fields.text("dialog360.apiKey", true, null, "the number's 360dialog API key");
        String numberId = fields.text("dialog360.phoneNumberId", true, DIGITS, "the number's phone_number_id (digits)");
        String display = fields.text("dialog360.displayNumber", false, "\\+?[0-9 ()-]{6,30}", "a phone number");
        String baseUrl = fields.text("dialog360.baseUrl", false, "https?://.+", "an http(s) URL");
        String base = preflight(fields, id);
        requireFreeNumbers(id, List.of(numberId), "dialog360.phoneNumberId");
        dialog360.validateKey(baseUrl, apiKey);
        String webhookToken = randomToken();
        String url = base + "/webhooks/360dialog/" + id;
        ChannelConfig created = config
                .setNumbers(List.of(BusinessNumber.newBuilder().setId(numberId).setDisplayNumber(display).build()))
                .setDialog360(Dialog360Channel.newBuilder().setBaseUrl(baseUrl).setApiKey(keys.seal(id, apiKey))
                        .setWebhookToken(keys.seal(id, webhookToken)).build())
                .setHealth(healthy(config.getUpdatedAt()))
                .build();
        storeThenConfirm(created, () -> dialog360.registerWebhook(baseUrl, apiKey, url, webhookToken));
        log.info("channel registry: 360dialog channel {} created (number {})", id, numberId);
        return new Created(created, ordered("url", url));
    }

    /**
     * Stores and publishes the channel, waits until it is on the channels topic (so ingress can answer the provider's
     * verification), then has the provider call us; if that fails, the channel is removed again and the failure told.
     */
    private void storeThenConfirm(ChannelConfig created, Runnable providerStep) {
        store.insert(created);
        awaitPublished(created);
        try {
            providerStep.run();
        } catch (RuntimeException e) {
            store.delete(created.getChannelId());
            throw e;
        }
    }

    private void awaitPublished(ChannelConfig config) {
        ChannelFeed channels = feed.getIfAvailable();
        if (channels == null) {
            return;
        }
        long deadline = System.nanoTime() + settings.publishWait().toNanos();
        while (System.nanoTime() < deadline) {
            Optional<ChannelConfig> seen = channels.find(config.getChannelId());
            if (seen.isPresent() && seen.get().getRevision() >= config.getRevision()
                    && !seen.get().getUpdatedAt().isBefore(config.getUpdatedAt())) {
                return;
            }
            LockSupport.parkNanos(20_000_000);
        }
        log.warn("channel registry: channel {} not seen on the channels topic within {}; going on (is the outbox"
                + " relay running? switchboard_outbox_pending)", config.getChannelId(), settings.publishWait());
    }

    // ------------------------------------------------------------------------------------------------ change

    /** {@code PATCH}: rotate secrets, change numbers or settings; every new credential is checked first. */
    public ChannelConfig change(String id, JsonNode body) {
        ChannelConfig current = registryChannel(id).config();
        RequestFields fields = new RequestFields(body);
        ChannelConfig.Builder next = ChannelConfig.newBuilder(current);
        applySettings(fields, next);
        for (String other : List.of("meta", "twilio", "dialog360")) {
            if (fields.has(other) && !other.equals(current.getProvider().name().toLowerCase(Locale.ROOT))) {
                fields.problem(other, "this is a " + current.getProvider().name().toLowerCase(Locale.ROOT) + " channel");
            }
        }
        if (fields.has("channelId") && !id.equals(ProviderHttp.text(body, "channelId"))) {
            fields.problem("channelId", "cannot change: create another channel");
        }
        if (fields.has("provider") && !current.getProvider().name().equalsIgnoreCase(ProviderHttp.text(body, "provider"))) {
            fields.problem("provider", "cannot change: create another channel");
        }
        switch (current.getProvider()) {
            case META -> changeMeta(id, fields, current, next);
            case TWILIO -> changeTwilio(id, fields, current, next);
            case DIALOG360 -> changeDialog360(id, fields, current, next);
            default -> fields.check();
        }
        ChannelConfig wanted = next.build();
        checkReminders(wanted);
        ChannelConfig changed = store.update(id, now(), stored -> merge(stored, current, wanted))
                .orElseThrow(() -> RegistryRefusal.notFound(id));
        log.info("channel registry: channel {} changed (revision {})", id, changed.getRevision());
        return changed;
    }

    private void changeMeta(String id, RequestFields fields, ChannelConfig current, ChannelConfig.Builder next) {
        String token = fields.text("meta.accessToken", false, null, "a system user's access token");
        String appSecret = fields.text("meta.appSecret", false, null, "the Meta app's secret");
        List<String> chosen = fields.texts("meta.phoneNumberIds", false, DIGITS, "phone number ids (digits)");
        String pin = fields.text("meta.pin", false, "[0-9]{6}", "the number's two-step verification PIN (6 digits)");
        fields.check();
        MetaChannel.Builder meta = MetaChannel.newBuilder(current.getMeta());
        String usable = token != null ? token : keys.open(id, current.getMeta().getAccessToken());
        if (token != null) {
            graph.validateToken(token);
            meta.setAccessToken(keys.seal(id, token));
            next.setHealth(healthy(now()));
        }
        if (!chosen.isEmpty()) {
            requireFreeNumbers(id, chosen, "meta.phoneNumberIds");
            next.setNumbers(registered(chosenOf(graph.phoneNumbers(current.getMeta().getWabaId(), usable), chosen,
                    current.getMeta().getWabaId()), pin, usable));
        } else if (token != null) {
            // The new token must see the channel's account, not only be valid.
            graph.phoneNumbers(current.getMeta().getWabaId(), token);
        }
        if (appSecret != null) {
            meta.setAppSecret(keys.seal(id, appSecret));
        }
        next.setMeta(meta.build());
    }

    private void changeTwilio(String id, RequestFields fields, ChannelConfig current, ChannelConfig.Builder next) {
        String token = fields.text("twilio.authToken", false, null, "the account's auth token");
        List<String> senders = senders(fields, false);
        fields.check();
        String sid = current.getTwilio().getAccountSid();
        String usable = token != null ? token : keys.open(id, current.getTwilio().getAuthToken());
        if (token != null) {
            twilio.validateAccount(sid, token);
            next.setTwilio(TwilioChannel.newBuilder(current.getTwilio()).setAuthToken(keys.seal(id, token)).build());
            next.setHealth(healthy(now()));
        }
        if (!senders.isEmpty()) {
            requireFreeNumbers(id, senders, "twilio.senders");
            next.setNumbers(chosenSenders(twilio.senders(sid, usable), senders));
        }
    }

    private void changeDialog360(String id, RequestFields fields, ChannelConfig current, ChannelConfig.Builder next) {
        String apiKey = fields.text("dialog360.apiKey", false, null, "the number's 360dialog API key");
        String display = fields.text("dialog360.displayNumber", false, "\\+?[0-9 ()-]{6,30}", "a phone number");
        fields.check();
        if (apiKey != null) {
            String baseUrl = current.getDialog360().getBaseUrl();
            dialog360.validateKey(baseUrl, apiKey);
            // The webhook is the key's account's: registered again with the channel's token.
            dialog360.registerWebhook(baseUrl, apiKey, publicWebhookUrl() + "/webhooks/360dialog/" + id,
                    keys.open(id, current.getDialog360().getWebhookToken()));
            next.setDialog360(Dialog360Channel.newBuilder(current.getDialog360()).setApiKey(keys.seal(id, apiKey)).build());
            next.setHealth(healthy(now()));
        }
        if (display != null) {
            List<BusinessNumber> numbers = new ArrayList<>(current.getNumbers());
            numbers.set(0, BusinessNumber.newBuilder(numbers.get(0)).setDisplayNumber(display).build());
            next.setNumbers(numbers);
        }
    }

    /**
     * The admin's change applied to the channel as it is now: what the admin changed (wanted differs from what they
     * read) wins; what a health check or an event changed meanwhile stays.
     */
    private static ChannelConfig merge(ChannelConfig stored, ChannelConfig read, ChannelConfig wanted) {
        ChannelConfig merged = ChannelConfig.newBuilder(stored).build();
        for (org.apache.avro.Schema.Field field : ChannelConfig.getClassSchema().getFields()) {
            int i = field.pos();
            if (!java.util.Objects.equals(read.get(i), wanted.get(i))) {
                merged.put(i, wanted.get(i));
            }
        }
        return merged;
    }

    /** {@code /disable}, {@code /enable}. */
    public ChannelConfig enable(String id, boolean enabled) {
        registryChannel(id);
        ChannelConfig changed = store.update(id, now(), c -> ChannelConfig.newBuilder(c).setEnabled(enabled).build())
                .orElseThrow(() -> RegistryRefusal.notFound(id));
        log.info("channel registry: channel {} {}", id, enabled ? "enabled" : "disabled");
        return changed;
    }

    /** The registry's channel; 409 for a channel of the file, 404 for none. */
    Stored registryChannel(String id) {
        Optional<Stored> stored = store.find(id);
        if (stored.isPresent()) {
            return stored.get();
        }
        if (file.find(id).isPresent()) {
            throw new RegistryRefusal(RegistryRefusal.Reason.READ_ONLY_CHANNEL, "channel " + id
                    + " comes from the channel file: change it there (or onboard it anew under another id)", List.of());
        }
        throw RegistryRefusal.notFound(id);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private void applySettings(RequestFields fields, ChannelConfig.Builder config) {
        if (fields.has("group")) {
            config.setGroup(fields.text("group", false, ".{1,100}", "at most 100 characters"));
        }
        if (fields.has("welcomeMessage")) {
            String welcome = fields.text("welcomeMessage", false, null, "text");
            if (welcome != null && welcome.codePointCount(0, welcome.length()) > 4096) {
                fields.problem("welcomeMessage", "at most 4096 characters (WhatsApp's text limit)");
            }
            config.setWelcomeMessage(welcome);
        }
        if (fields.has("markReadOnReply")) {
            Boolean markRead = fields.bool("markReadOnReply");
            config.setMarkReadOnReply(markRead == null || markRead);
        }
        if (fields.has("afterClose")) {
            String afterClose = fields.text("afterClose", false, "(?i)new|reopen", "new or reopen");
            config.setAfterClose(afterClose == null ? AfterCloseAction.NEW
                    : AfterCloseAction.valueOf(afterClose.toUpperCase(Locale.ROOT)));
        }
        if (fields.has("reminders")) {
            Boolean reminders = fields.bool("reminders");
            config.setReminders(reminders != null && reminders);
        }
        if (fields.has("reminderMessage")) {
            String reminder = fields.text("reminderMessage", false, null, "text");
            if (reminder != null && reminder.codePointCount(0, reminder.length()) > 4096) {
                fields.problem("reminderMessage", "at most 4096 characters (WhatsApp's text limit)");
            }
            config.setReminderMessage(reminder);
        }
        if (fields.has("throughput")) {
            config.setThroughput(fields.integer("throughput", 1, 1000));
        }
        if (fields.has("tier")) {
            String tier = fields.text("tier", false, "(?i)250|1K|2K|10K|100K|unlimited",
                    "one of 250, 1K, 2K, 10K, 100K, unlimited (or null: what Meta reports)");
            config.setTier(tier == null ? null : tier.toUpperCase(Locale.ROOT).replace("UNLIMITED", "unlimited"));
        }
        if (config.getReminders() && (config.getReminderMessage() == null || config.getReminderMessage().isBlank())) {
            fields.problem("reminderMessage", "required when reminders is true");
        }
    }

    private static void checkReminders(ChannelConfig config) {
        if (config.getReminders() && (config.getReminderMessage() == null || config.getReminderMessage().isBlank())) {
            throw RegistryRefusal.invalid("reminderMessage", "required when reminders is true");
        }
    }

    private List<String> senders(RequestFields fields, boolean required) {
        List<String> given = fields.texts("twilio.senders", required, null, "sender numbers such as whatsapp:+15550002222");
        List<String> senders = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            String address = TwilioApi.senderAddress(given.get(i));
            if (address == null) {
                fields.problem("twilio.senders[" + i + "]", "must be a number such as whatsapp:+15550002222");
            } else {
                senders.add(address);
            }
        }
        return senders;
    }

    /** 409 when a number is another channel's, the registry's or the file's. */
    private void requireFreeNumbers(String id, List<String> numbers, String field) {
        for (String number : numbers) {
            Optional<String> owner = store.ownerOf(number).filter(o -> !o.equals(id))
                    .or(() -> file.ownerOf(number).filter(o -> !o.equals(id)));
            if (owner.isPresent()) {
                throw RegistryRefusal.conflict(field, "number " + number + " belongs to channel " + owner.get());
            }
        }
    }

    /** The chosen numbers as the WABA lists them; 422 naming those that are not the WABA's. */
    private static List<Number> chosenOf(List<Number> listed, List<String> chosen, String wabaId) {
        Map<String, Number> byId = new LinkedHashMap<>();
        listed.forEach(n -> byId.put(n.number().getId(), n));
        List<Number> numbers = new ArrayList<>();
        List<dev.switchboard.ticket.content.FieldProblem> problems = new ArrayList<>();
        for (int i = 0; i < chosen.size(); i++) {
            Number number = byId.get(chosen.get(i));
            if (number == null) {
                problems.add(new dev.switchboard.ticket.content.FieldProblem("meta.phoneNumberIds[" + i + "]",
                        "not a number of WABA " + wabaId + " (its numbers: " + String.join(", ", byId.keySet()) + ")"));
            } else {
                numbers.add(number);
            }
        }
        if (!problems.isEmpty()) {
            throw RegistryRefusal.invalid(problems);
        }
        return numbers;
    }

    /** Registers the numbers that need it (all checked for a PIN first), as they are afterwards. */
    private List<BusinessNumber> registered(List<Number> numbers, String pin, String token) {
        List<String> unregistered = numbers.stream().filter(Number::needsRegistration).map(n -> n.number().getId()).toList();
        if (!unregistered.isEmpty() && pin == null) {
            throw RegistryRefusal.invalid("meta.pin", "number " + String.join(", ", unregistered) + " is not registered"
                    + " with the Cloud API yet: a PIN is needed (its two-step verification PIN, 6 digits; a new one"
                    + " is set with it)");
        }
        List<BusinessNumber> result = new ArrayList<>();
        for (Number number : numbers) {
            if (number.needsRegistration()) {
                graph.register(number.number().getId(), pin, token);
                result.add(BusinessNumber.newBuilder(number.number()).setStatus("CONNECTED").build());
            } else {
                result.add(number.number());
            }
        }
        return result;
    }

    private static List<BusinessNumber> chosenSenders(List<BusinessNumber> listed, List<String> chosen) {
        Map<String, BusinessNumber> byAddress = new LinkedHashMap<>();
        listed.forEach(n -> byAddress.put(n.getId(), n));
        List<BusinessNumber> numbers = new ArrayList<>();
        List<dev.switchboard.ticket.content.FieldProblem> problems = new ArrayList<>();
        for (int i = 0; i < chosen.size(); i++) {
            BusinessNumber number = byAddress.get(chosen.get(i));
            if (number == null) {
                problems.add(new dev.switchboard.ticket.content.FieldProblem("twilio.senders[" + i + "]",
                        "not a WhatsApp sender of the account (its senders: " + String.join(", ", byAddress.keySet()) + ")"));
            } else {
                numbers.add(number);
            }
        }
        if (!problems.isEmpty()) {
            throw RegistryRefusal.invalid(problems);
        }
        return numbers;
    }

    String publicWebhookUrl() {
        if (settings.publicWebhookUrl() == null) {
            throw new RegistryRefusal(RegistryRefusal.Reason.REGISTRY_UNAVAILABLE, "SWITCHBOARD_PUBLIC_WEBHOOK_URL"
                    + " (switchboard.registry.public-webhook-url) is not set: the callback URLs given to providers are"
                    + " built from it (ingress as the internet reaches it)", List.of());
        }
        return RegistrySettings.base(settings.publicWebhookUrl());
    }

    static ChannelHealth healthy(Instant at) {
        return ChannelHealth.newBuilder().setState(ChannelHealthState.HEALTHY).setCheckedAt(at).build();
    }

    private static String randomToken() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static Map<String, Object> ordered(String... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static List<String> ids(List<BusinessNumber> numbers) {
        return numbers.stream().map(BusinessNumber::getId).toList();
    }

    private Instant now() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }
}
