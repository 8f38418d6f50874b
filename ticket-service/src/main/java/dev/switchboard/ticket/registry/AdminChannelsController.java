package dev.switchboard.ticket.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.switchboard.events.BusinessNumber;
import dev.switchboard.events.ChannelConfig;
import dev.switchboard.events.ChannelHealth;
import dev.switchboard.events.SealedSecret;
import dev.switchboard.kit.channels.ChannelKeys;
import dev.switchboard.ticket.channel.TicketChannels.Channel;
import dev.switchboard.ticket.errors.ErrorBody;
import dev.switchboard.ticket.registry.ChannelStore.Stored;
import tools.jackson.databind.JsonNode;

/**
 * The channel admin API ({@code /api/admin/channels}, described in {@code admin-openapi.yaml}, served at
 * {@code /api/admin/openapi.yaml}). Authentication: admins only (access.SecurityConfig); 503 while the registry cannot work ({@link RegistryUnavailableFilter}). Secrets are never answered: a secret
 * shows as {@code {"set": true, "keyId": "…"}}.
 */
@RestController
class AdminChannelsController {

    private static final String CHANNELS = "/api/admin/channels";

    private final ChannelRegistry registry;
    private final ChannelStore store;
    private final FileChannels file;
    private final ChannelHealthCheck health;
    private final RegistrySettings settings;

    AdminChannelsController(ChannelRegistry registry, ChannelStore store, FileChannels file, ChannelHealthCheck health,
                            RegistrySettings settings) {
        this.registry = registry;
        this.store = store;
        this.file = file;
        this.health = health;
        this.settings = settings;
    }

    @PostMapping(path = CHANNELS + "/meta/numbers", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> metaNumbers(@RequestBody JsonNode body) {
        List<Map<String, Object>> numbers = new ArrayList<>();
        for (GraphApi.Number number : registry.metaNumbers(body)) {
            Map<String, Object> view = number(number.number());
            view.put("needsRegistration", number.needsRegistration());
            view.put("usedBy", store.ownerOf(number.number().getId())
                    .or(() -> file.ownerOf(number.number().getId())).orElse(null));
            numbers.add(view);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("wabaId", ProviderHttp.text(body, "wabaId"));
        answer.put("numbers", numbers);
        return answer;
    }

    @PostMapping(path = CHANNELS + "/twilio/senders", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> twilioSenders(@RequestBody JsonNode body) {
        List<Map<String, Object>> senders = new ArrayList<>();
        for (BusinessNumber sender : registry.twilioSenders(body)) {
            Map<String, Object> view = number(sender);
            view.put("usedBy", store.ownerOf(sender.getId()).or(() -> file.ownerOf(sender.getId())).orElse(null));
            senders.add(view);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("accountSid", ProviderHttp.text(body, "accountSid"));
        answer.put("senders", senders);
        return answer;
    }

    @PostMapping(path = CHANNELS, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> create(@RequestBody JsonNode body) {
        ChannelRegistry.Created created = registry.create(body);
        Stored stored = store.find(created.config().getChannelId()).orElseThrow();
        Map<String, Object> view = view(stored);
        view.put("webhook", created.webhook());
        return ResponseEntity.status(201).header("Location", CHANNELS + "/" + stored.id()).body(view);
    }

    @GetMapping(path = CHANNELS, produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> list() {
        List<Map<String, Object>> items = new ArrayList<>();
        List<Stored> registryChannels = store.all();
        registryChannels.forEach(s -> items.add(view(s)));
        file.channels().forEach((id, channel) -> {
            if (registryChannels.stream().noneMatch(s -> s.id().equals(id))) {
                items.add(fileView(id, channel));
            }
        });
        items.sort(java.util.Comparator.comparing(item -> (String) item.get("channelId")));
        return Map.of("items", items);
    }

    @GetMapping(path = CHANNELS + "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> get(@PathVariable String id) {
        Optional<Stored> stored = store.find(id);
        if (stored.isPresent()) {
            return view(stored.get());
        }
        return file.find(id).map(channel -> fileView(id, channel)).orElseThrow(() -> RegistryRefusal.notFound(id));
    }

    @PatchMapping(path = CHANNELS + "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> change(@PathVariable String id, @RequestBody JsonNode body) {
        registry.change(id, body);
        return view(store.find(id).orElseThrow());
    }

    @PostMapping(path = CHANNELS + "/{id}/disable", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> disable(@PathVariable String id) {
        registry.enable(id, false);
        return view(store.find(id).orElseThrow());
    }

    @PostMapping(path = CHANNELS + "/{id}/enable", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> enable(@PathVariable String id) {
        registry.enable(id, true);
        return view(store.find(id).orElseThrow());
    }

    @PostMapping(path = CHANNELS + "/{id}/check", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> check(@PathVariable String id) {
        registry.registryChannel(id);
        health.check(id);
        return view(store.find(id).orElseThrow());
    }

    @GetMapping(path = "/api/admin/openapi.yaml", produces = "application/yaml")
    ResponseEntity<String> openApi() throws IOException {
        try (InputStream in = new ClassPathResource("admin-openapi.yaml").getInputStream()) {
            return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/yaml"))
                    .body(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    // ------------------------------------------------------------------------------------------------ errors

    @ExceptionHandler(RegistryRefusal.class)
    ResponseEntity<Map<String, Object>> refused(RegistryRefusal refusal) {
        return ResponseEntity.status(refusal.reason().status).contentType(MediaType.APPLICATION_JSON)
                .body(ErrorBody.of(refusal.reason().error, refusal.getMessage(), refusal.details()));
    }

    /** A credential the change needs is sealed with a key this deployment no longer has. */
    @ExceptionHandler(ChannelKeys.SecretUnavailableException.class)
    ResponseEntity<Map<String, Object>> secretUnavailable(ChannelKeys.SecretUnavailableException e) {
        return ResponseEntity.status(409).contentType(MediaType.APPLICATION_JSON).body(ErrorBody.of("secret_unavailable",
                e.getMessage() + ": put that key back into SWITCHBOARD_CHANNEL_KEYS, or send the credential anew in the"
                        + " same PATCH"));
    }

    @ExceptionHandler(ProviderRefused.class)
    ResponseEntity<Map<String, Object>> providerRefused(ProviderRefused refused) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", refused.unreachable() ? "provider_unreachable" : "provider_refused");
        body.put("provider", refused.provider());
        body.put("step", refused.step());
        body.put("code", refused.code());
        body.put("subcode", refused.subcode());
        body.put("message", refused.providerMessage());
        body.put("action", refused.action());
        return ResponseEntity.status(refused.unreachable() ? 502 : 422).contentType(MediaType.APPLICATION_JSON).body(body);
    }

    // ------------------------------------------------------------------------------------------------ views

    /** A registry channel with where its provider calls it (no secret: the verify token is told once, at create). */
    private Map<String, Object> view(Stored stored) {
        Map<String, Object> view = fields(stored);
        if (settings.publicWebhookUrl() != null) {
            String base = RegistrySettings.base(settings.publicWebhookUrl());
            String id = stored.id();
            view.put("webhook", switch (stored.config().getProvider()) {
                case META -> Map.of("callbackUrl", base + "/webhooks/whatsapp/" + id);
                case TWILIO -> Map.of("messageUrl", base + "/webhooks/twilio/" + id,
                        "statusCallbackUrl", base + "/webhooks/twilio/" + id + "/status");
                case DIALOG360 -> Map.of("url", base + "/webhooks/360dialog/" + id);
                default -> Map.of();
            });
        }
        return view;
    }

    /** A registry channel as the API shows it: every field of its record, secrets as {@code {set, keyId}}. */
    static Map<String, Object> fields(Stored stored) {
        ChannelConfig c = stored.config();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("channelId", c.getChannelId());
        view.put("source", "registry");
        view.put("provider", c.getProvider().name().toLowerCase(java.util.Locale.ROOT));
        view.put("enabled", c.getEnabled());
        view.put("revision", c.getRevision());
        view.put("createdAt", stored.createdAt().toString());
        view.put("updatedAt", c.getUpdatedAt().toString());
        view.put("numbers", c.getNumbers().stream().map(AdminChannelsController::number).toList());
        if (c.getMeta() != null) {
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("wabaId", c.getMeta().getWabaId());
            meta.put("graphApiVersion", c.getMeta().getGraphApiVersion());
            meta.put("accessToken", secret(c.getMeta().getAccessToken()));
            meta.put("appSecret", secret(c.getMeta().getAppSecret()));
            meta.put("verifyToken", secret(c.getMeta().getVerifyToken()));
            view.put("meta", meta);
        }
        if (c.getTwilio() != null) {
            Map<String, Object> twilio = new LinkedHashMap<>();
            twilio.put("accountSid", c.getTwilio().getAccountSid());
            twilio.put("authToken", secret(c.getTwilio().getAuthToken()));
            twilio.put("publicUrl", c.getTwilio().getPublicUrl());
            view.put("twilio", twilio);
        }
        if (c.getDialog360() != null) {
            Map<String, Object> dialog360 = new LinkedHashMap<>();
            dialog360.put("baseUrl", c.getDialog360().getBaseUrl());
            dialog360.put("apiKey", secret(c.getDialog360().getApiKey()));
            dialog360.put("webhookToken", secret(c.getDialog360().getWebhookToken()));
            view.put("dialog360", dialog360);
        }
        view.put("group", c.getGroup());
        view.put("welcomeMessage", c.getWelcomeMessage());
        view.put("markReadOnReply", c.getMarkReadOnReply());
        view.put("afterClose", c.getAfterClose().name().toLowerCase(java.util.Locale.ROOT));
        view.put("reminders", c.getReminders());
        view.put("reminderMessage", c.getReminderMessage());
        view.put("throughput", c.getThroughput());
        view.put("tier", c.getTier());
        view.put("health", health(c.getHealth(), stored.checkedAt()));
        return view;
    }

    private static Map<String, Object> fileView(String id, Channel channel) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("channelId", id);
        view.put("source", "file");
        view.put("readOnly", true);
        view.put("provider", channel.provider() == null ? null : channel.provider().name().toLowerCase(java.util.Locale.ROOT));
        view.put("group", channel.group());
        view.put("welcomeMessage", channel.welcomeMessage());
        view.put("markReadOnReply", channel.markReadOnReply());
        view.put("afterClose", channel.afterClose().name().toLowerCase(java.util.Locale.ROOT));
        return view;
    }

    static Map<String, Object> number(BusinessNumber n) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", n.getId());
        view.put("displayNumber", n.getDisplayNumber());
        view.put("verifiedName", n.getVerifiedName());
        view.put("quality", n.getQuality().name());
        view.put("throughput", n.getThroughput());
        view.put("messagingLimit", n.getMessagingLimit());
        view.put("status", n.getStatus());
        return view;
    }

    private static Map<String, Object> secret(SealedSecret secret) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("set", secret != null);
        if (secret != null) {
            view.put("keyId", secret.getKeyId());
        }
        return view;
    }

    /** The health of the last change; {@code checkedAt} is the last check, whether it changed anything or not. */
    private static Map<String, Object> health(ChannelHealth health, Instant lastChecked) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("state", health == null ? "UNCHECKED" : health.getState().name());
        Instant checkedAt = health == null ? null : health.getCheckedAt();
        if (lastChecked != null && (checkedAt == null || lastChecked.isAfter(checkedAt))) {
            checkedAt = lastChecked;
        }
        view.put("checkedAt", checkedAt == null ? null : checkedAt.toString());
        Map<String, Object> error = null;
        if (health != null && health.getError() != null) {
            error = new LinkedHashMap<>();
            error.put("code", health.getError().getCode());
            error.put("subcode", health.getError().getSubcode());
            error.put("title", health.getError().getTitle());
            error.put("message", health.getError().getMessage());
        }
        view.put("error", error);
        view.put("detail", health == null ? null : health.getDetail());
        return view;
    }
}
