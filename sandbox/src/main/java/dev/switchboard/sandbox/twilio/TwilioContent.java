package dev.switchboard.sandbox.twilio;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.switchboard.sandbox.Answer;
import dev.switchboard.sandbox.TwilioContentSettings;
import dev.switchboard.sandbox.channel.Channel;
import dev.switchboard.sandbox.channel.Channels;
import dev.switchboard.sandbox.channel.Provider;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Twilio's Content API ({@code content.twilio.com}) for each Twilio account: {@code GET /v1/Content} and
 * {@code GET /v1/ContentAndApprovals} (the templates with their WhatsApp approval), paged with {@code PageSize}
 * and {@code Page} and Twilio's {@code meta}; and the send check's verdict on a {@code ContentSid}: one the account
 * does not have is refused with 21655 ("The template belongs to a different account … or was deleted", Twilio's
 * error reference). Shapes: Twilio's Content API resources (twilio-oai twilio_content_v1.json: ContentAndApprovals
 * {sid, account_sid, friendly_name, language, variables, types, approval_requests, date_created, date_updated}).
 */
public final class TwilioContent {

    /** Every account's templates when the settings name none for it. */
    static final List<TwilioContentSettings.Template> DEFAULTS = List.of(
            new TwilioContentSettings.Template(null, "order_update", "en",
                    "Your order {{1}} has been updated. Reply to this message if you have a question.",
                    Map.of("1", "#12345"), "approved", "UTILITY"),
            new TwilioContentSettings.Template(null, "appointment_reminder", "en",
                    "Hi {{1}}, this is a reminder of your appointment on {{2}}.",
                    Map.of("1", "Ana", "2", "Friday 10:00"), "approved", "UTILITY"),
            new TwilioContentSettings.Template(null, "welcome", "en",
                    "Hi {{1}}, thanks for writing to us. An agent will answer you here shortly.",
                    Map.of("1", "Ana"), "approved", "UTILITY"),
            new TwilioContentSettings.Template(null, "win_back", "en",
                    "We miss you, {{1}}! Come back for a gift.", Map.of("1", "Ana"), "rejected", "MARKETING"));

    private static final JsonMapper JSON = JsonMapper.shared();
    private static final String CREATED = "2026-01-01T00:00:00Z";
    private static final int DEFAULT_PAGE_SIZE = 50;

    private final Channels channels;
    private final Map<String, List<TwilioContentSettings.Template>> byAccount = new LinkedHashMap<>();

    public TwilioContent(Channels channels, TwilioContentSettings settings) {
        this.channels = channels;
        List<String> problems = new ArrayList<>();
        for (Channel channel : channels.all()) {
            if (channel.provider() != Provider.TWILIO) {
                continue;
            }
            String account = channel.twilio().accountSid();
            List<TwilioContentSettings.Template> given = settings.twilioContent().entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(account)).map(Map.Entry::getValue).findFirst()
                    .orElse(DEFAULTS);
            List<TwilioContentSettings.Template> templates = new ArrayList<>();
            for (int i = 0; i < given.size(); i++) {
                TwilioContentSettings.Template t = given.get(i);
                String at = "switchboard.sandbox.twilio-content." + account + "[" + i + "]";
                if (t.friendlyName() == null || t.friendlyName().isBlank() || t.body() == null || t.body().isBlank()) {
                    problems.add(at + ": friendly-name and body are required");
                    continue;
                }
                String sid = t.sid() != null ? t.sid() : derivedSid(account, t.friendlyName());
                if (!sid.matches("HX[0-9a-fA-F]{32}")) {
                    problems.add(at + ".sid: HX followed by 32 hex digits, not " + sid);
                }
                templates.add(new TwilioContentSettings.Template(sid, t.friendlyName(),
                        t.language() == null ? "en" : t.language(), t.body(),
                        t.variables() == null ? Map.of() : t.variables(),
                        t.status() == null ? "approved" : t.status().toLowerCase(Locale.ROOT),
                        t.category() == null ? "UTILITY" : t.category().toUpperCase(Locale.ROOT)));
            }
            byAccount.putIfAbsent(account, List.copyOf(templates));
        }
        settings.twilioContent().keySet().stream()
                .filter(key -> byAccount.keySet().stream().noneMatch(key::equalsIgnoreCase))
                .forEach(key -> problems.add("switchboard.sandbox.twilio-content." + key + ": not a Twilio account"));
        if (!problems.isEmpty()) {
            throw new IllegalStateException("The sandbox's Twilio content templates are not usable:\n  "
                    + String.join("\n  ", problems));
        }
    }

    /** A stable Content SID for an account's template: HX and 32 hex digits of a hash. */
    static String derivedSid(String accountSid, String name) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest((accountSid + "/" + name)
                    .getBytes(StandardCharsets.UTF_8));
            return "HX" + HexFormat.of().formatHex(hash).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether the account has this Content template (the check of a send's ContentSid). */
    public boolean has(String accountSid, String contentSid) {
        return byAccount.getOrDefault(accountSid, List.of()).stream().anyMatch(t -> t.sid().equalsIgnoreCase(contentSid));
    }

    /**
     * {@code GET /v1/Content} ({@code approvals} false) or {@code GET /v1/ContentAndApprovals} (true), with Basic auth
     * {@code AccountSid:auth-token}.
     *
     * @param baseUrl where the sandbox is reached, for {@code url} and {@code meta}
     */
    public Answer list(String authorization, boolean approvals, Integer pageSize, Integer page, String baseUrl) {
        String accountSid = TwilioAccounts.basicUser(authorization);
        if (accountSid == null || !TwilioApi.authenticated(accountSid, authorization,
                channels.twilioAccount(accountSid))) {
            return TwilioAccounts.unauthenticated();
        }
        List<TwilioContentSettings.Template> all = byAccount.getOrDefault(accountSid, List.of());
        int size = pageSize == null || pageSize < 1 ? DEFAULT_PAGE_SIZE : Math.min(pageSize, 1000);
        int number = page == null || page < 0 ? 0 : page;
        int from = Math.min(number * size, all.size());
        int to = Math.min(from + size, all.size());
        String listUrl = baseUrl + (approvals ? "/v1/ContentAndApprovals" : "/v1/Content");
        ObjectNode body = JSON.createObjectNode();
        ArrayNode contents = body.putArray("contents");
        for (TwilioContentSettings.Template t : all.subList(from, to)) {
            ObjectNode content = contents.addObject();
            content.put("account_sid", accountSid);
            content.put("date_created", CREATED);
            content.put("date_updated", CREATED);
            content.put("friendly_name", t.friendlyName());
            content.put("language", t.language());
            content.put("sid", t.sid());
            ObjectNode types = content.putObject("types");
            types.putObject("twilio/text").put("body", t.body());
            ObjectNode variables = content.putObject("variables");
            t.variables().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(v -> variables.put(v.getKey(), v.getValue()));
            if (approvals) {
                ObjectNode approval = content.putObject("approval_requests");
                approval.put("allow_category_change", false);
                approval.put("category", t.category());
                approval.put("content_type", "twilio/text");
                approval.put("name", t.friendlyName());
                if (t.status().equals("rejected")) {
                    approval.put("rejection_reason", "The message template contains content that is not allowed");
                } else {
                    approval.put("rejection_reason", "");
                }
                approval.put("status", t.status());
            } else {
                content.put("url", baseUrl + "/v1/Content/" + t.sid());
                ObjectNode links = content.putObject("links");
                links.put("approval_fetch", baseUrl + "/v1/Content/" + t.sid() + "/ApprovalRequests");
                links.put("approval_create", baseUrl + "/v1/Content/" + t.sid() + "/ApprovalRequests/whatsapp");
            }
        }
        ObjectNode meta = body.putObject("meta");
        meta.put("page", number);
        meta.put("page_size", size);
        meta.put("first_page_url", listUrl + "?PageSize=" + size + "&Page=0");
        if (number > 0) {
            meta.put("previous_page_url", listUrl + "?PageSize=" + size + "&Page=" + (number - 1));
        } else {
            meta.putNull("previous_page_url");
        }
        meta.put("url", listUrl + "?PageSize=" + size + "&Page=" + number);
        if (to < all.size()) {
            meta.put("next_page_url", listUrl + "?PageSize=" + size + "&Page=" + (number + 1));
        } else {
            meta.putNull("next_page_url");
        }
        meta.put("key", "contents");
        return Answer.json(200, JSON.writeValueAsString(body));
    }
}
