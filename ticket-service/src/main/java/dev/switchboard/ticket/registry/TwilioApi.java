package dev.switchboard.ticket.registry;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.switchboard.events.BusinessNumber;
import dev.switchboard.ticket.channel.ProviderUrls;
import dev.switchboard.ticket.registry.ProviderHttp.Answer;
import tools.jackson.databind.JsonNode;

/** Twilio's calls for a channel's onboarding and health checks: the account, and its WhatsApp senders. */
final class TwilioApi {

    static final String PROVIDER = "twilio";
    private static final Pattern LIMIT = Pattern.compile("^\\s*(\\d+K?|unlimited)", Pattern.CASE_INSENSITIVE);
    private static final int MAX_PAGES = 50;

    private final ProviderHttp http;
    private final String base;
    private final String messagingBase;

    TwilioApi(ProviderHttp http, ProviderUrls urls) {
        this.http = http;
        this.base = urls.twilioBaseUrl();
        this.messagingBase = urls.twilioMessagingBaseUrl();
    }

    /** {@code GET /2010-04-01/Accounts/{sid}.json}: the SID and auth token work and the account is active. */
    void validateAccount(String accountSid, String authToken) {
        Answer answer = http.call(PROVIDER, "validate_account", "GET", base + "/2010-04-01/Accounts/" + accountSid + ".json",
                null, "Authorization", basic(accountSid, authToken));
        if (!answer.ok()) {
            throw error("validate_account", answer);
        }
        String status = ProviderHttp.text(answer.body(), "status");
        if (status != null && !"active".equals(status)) {
            throw ProviderRefused.refused(PROVIDER, "validate_account", null, null, "the account is " + status,
                    "Reactivate the account in the Twilio Console (Account → General settings) or use another one.");
        }
    }

    /** {@code GET /v2/Channels/Senders?Channel=whatsapp} (Senders API), every page. */
    List<BusinessNumber> senders(String accountSid, String authToken) {
        List<BusinessNumber> senders = new ArrayList<>();
        String url = messagingBase + "/v2/Channels/Senders?Channel=whatsapp&PageSize=100";
        for (int page = 0; page < MAX_PAGES && url != null; page++) {
            Answer answer = http.call(PROVIDER, "list_senders", "GET", url, null, "Authorization",
                    basic(accountSid, authToken));
            if (!answer.ok()) {
                throw error("list_senders", answer);
            }
            answer.body().path("senders").forEach(s -> senders.add(sender(s)));
            String next = ProviderHttp.text(answer.body().path("meta"), "next_page_url");
            // Followed against the configured base (the next page's host is Twilio's, which a test or sandbox is not).
            url = next == null || next.isBlank() ? null : messagingBase + pathAndQuery(next);
        }
        return senders;
    }

    /** {@code whatsapp:+<digits>} for a sender given with or without the prefix; null when it is no number. */
    static String senderAddress(String given) {
        if (given == null) {
            return null;
        }
        String number = given.trim().startsWith("whatsapp:") ? given.trim().substring("whatsapp:".length()) : given.trim();
        String digits = number.replaceAll("[\\s().-]", "");
        return digits.matches("\\+[0-9]{6,20}") ? "whatsapp:" + digits : null;
    }

    static String basic(String accountSid, String authToken) {
        return "Basic " + Base64.getEncoder().encodeToString((accountSid + ":" + authToken).getBytes(StandardCharsets.UTF_8));
    }

    private static BusinessNumber sender(JsonNode s) {
        String address = ProviderHttp.text(s, "sender_id");
        JsonNode properties = s.path("properties");
        return BusinessNumber.newBuilder()
                .setId(address)
                .setDisplayNumber(address != null && address.startsWith("whatsapp:") ? address.substring(9) : address)
                .setVerifiedName(ProviderHttp.text(s.path("profile"), "name"))
                .setQuality(GraphApi.quality(ProviderHttp.text(properties, "quality_rating")))
                .setMessagingLimit(tier(ProviderHttp.text(properties, "messaging_limit")))
                .setStatus(ProviderHttp.text(s, "status"))
                .build();
    }

    /** Twilio's "2K Customers/24hr" as Meta's TIER_2K (the pacing reads Meta's names); else as Twilio says it. */
    static String tier(String limit) {
        if (limit == null) {
            return null;
        }
        Matcher m = LIMIT.matcher(limit);
        if (!m.find()) {
            return limit;
        }
        String value = m.group(1).toUpperCase(Locale.ROOT);
        return "TIER_" + value;
    }

    private static String pathAndQuery(String url) {
        URI uri = URI.create(url);
        return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    private static ProviderRefused error(String step, Answer answer) {
        Integer code = ProviderHttp.integer(answer.body(), "code");
        String message = ProviderHttp.text(answer.body(), "message");
        String action = code != null && code == 20003 || answer.status() == 401
                ? "Twilio refused the account SID and auth token: copy both again from the Twilio Console (Account →"
                        + " API keys & tokens, the live credentials) and send them again."
                : code != null && code == 20404 || answer.status() == 404
                ? "Twilio knows no such account or resource: check the account SID (AC…) and that WhatsApp senders"
                        + " are set up on it (Messaging → Senders → WhatsApp senders)."
                : "Read Twilio's message above (" + (code == null ? "" : "https://www.twilio.com/docs/errors/" + code)
                        + ") and try again.";
        return ProviderRefused.refused(PROVIDER, step, code == null ? answer.status() : code, null,
                message == null ? "HTTP " + answer.status() : message, action);
    }
}
