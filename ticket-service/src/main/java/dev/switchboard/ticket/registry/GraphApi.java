package dev.switchboard.ticket.registry;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.switchboard.events.BusinessNumber;
import dev.switchboard.events.NumberQuality;
import dev.switchboard.ticket.channel.ProviderUrls;
import dev.switchboard.ticket.registry.ProviderHttp.Answer;
import tools.jackson.databind.JsonNode;

/** The Graph API calls of a Meta channel's onboarding and health checks, with Meta's errors turned into actions. */
final class GraphApi {

    static final String PROVIDER = "meta";
    static final List<String> REQUIRED_SCOPES = List.of("whatsapp_business_messaging", "whatsapp_business_management");
    private static final String NUMBER_FIELDS = "id,display_phone_number,verified_name,quality_rating,throughput,"
            + "messaging_limit_tier,status,code_verification_status,platform_type";
    private static final int MAX_PAGES = 50;

    private final ProviderHttp http;
    private final String base;

    GraphApi(ProviderHttp http, ProviderUrls urls) {
        this.http = http;
        this.base = urls.graphBaseUrl() + "/" + urls.graphApiVersion();
    }

    /** One of the WABA's numbers, and whether it must be registered before it can send. */
    record Number(BusinessNumber number, boolean needsRegistration) {
    }

    /**
     * {@code GET /debug_token}: the token is valid and has both WhatsApp permissions.
     *
     * @throws ProviderRefused step {@code validate_token} (Meta's code, e.g. 190) or {@code check_permissions}
     */
    void validateToken(String token) {
        Answer answer = get("validate_token", "/debug_token?input_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8), token);
        JsonNode data = answer.body().path("data");
        if (!answer.ok() || !data.path("is_valid").asBoolean(false)) {
            JsonNode error = answer.ok() ? data.path("error") : answer.body().path("error");
            Integer code = ProviderHttp.integer(error, "code");
            throw refused("validate_token", code == null ? Integer.valueOf(190) : code,
                    ProviderHttp.integer(error, "error_subcode") != null ? ProviderHttp.integer(error, "error_subcode")
                            : ProviderHttp.integer(error, "subcode"),
                    messageOr(error, "the access token is not valid"));
        }
        Set<String> scopes = new HashSet<>();
        data.path("scopes").forEach(s -> scopes.add(s.asString()));
        List<String> missing = REQUIRED_SCOPES.stream().filter(s -> !scopes.contains(s)).toList();
        if (!missing.isEmpty()) {
            throw ProviderRefused.refused(PROVIDER, "check_permissions", null, null,
                    "the token lacks the permission" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing)
                            + " (it has: " + String.join(", ", scopes.stream().sorted().toList()) + ")",
                    "Generate the system user's token again in Meta Business Manager (Business settings → System users"
                            + " → Generate new token) with whatsapp_business_messaging and whatsapp_business_management,"
                            + " and send it again.");
        }
    }

    /** {@code GET /{waba-id}/phone_numbers}, every page. */
    List<Number> phoneNumbers(String wabaId, String token) {
        List<Number> numbers = new ArrayList<>();
        String after = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            String path = "/" + wabaId + "/phone_numbers?fields=" + NUMBER_FIELDS + "&limit=100"
                    + (after == null ? "" : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8));
            Answer answer = get("list_numbers", path, token);
            if (!answer.ok()) {
                throw graphError("list_numbers", answer);
            }
            answer.body().path("data").forEach(n -> numbers.add(number(n)));
            JsonNode paging = answer.body().path("paging");
            after = ProviderHttp.text(paging.path("cursors"), "after");
            if (paging.path("next").isMissingNode() || paging.path("next").isNull() || after == null) {
                return numbers;
            }
        }
        return numbers;
    }

    /** {@code GET /{phone-number-id}}: what Meta reports of one number now. */
    BusinessNumber number(String phoneNumberId, String token) {
        Answer answer = get("check_number", "/" + phoneNumberId + "?fields=" + NUMBER_FIELDS, token);
        if (!answer.ok()) {
            throw graphError("check_number", answer);
        }
        return number(answer.body()).number();
    }

    /** {@code POST /{phone-number-id}/register} with the two-step verification PIN. */
    void register(String phoneNumberId, String pin, String token) {
        Answer answer = http.call(PROVIDER, "register", "POST", base + "/" + phoneNumberId + "/register",
                ProviderHttp.json(Map.of("messaging_product", "whatsapp", "pin", pin)), "Authorization", "Bearer " + token);
        if (!answer.ok()) {
            throw graphError("register", answer);
        }
    }

    /**
     * {@code POST /{waba-id}/subscribed_apps} with the callback URL and verify token (Meta verifies the callback
     * before it answers), then {@code GET} to see the subscription.
     */
    void subscribe(String wabaId, String token, String callbackUrl, String verifyToken) {
        Answer answer = postSubscription(wabaId, token, callbackUrl, verifyToken);
        // Meta verifies the callback with a GET to ingress before it answers. ingress learns of the new channel from
        // the channels topic, like this service, but may be a poll behind: a failed verification (2200) is tried again
        // for a few seconds before it counts.
        for (long pauseMillis = 250; !answer.ok() && isCallbackVerificationFailure(answer) && pauseMillis <= 4000;
             pauseMillis *= 2) {
            java.util.concurrent.locks.LockSupport.parkNanos(pauseMillis * 1_000_000);
            answer = postSubscription(wabaId, token, callbackUrl, verifyToken);
        }
        if (!answer.ok()) {
            throw graphError("subscribe", answer);
        }
        Answer check = get("check_subscription", "/" + wabaId + "/subscribed_apps", token);
        if (!check.ok()) {
            throw graphError("check_subscription", check);
        }
        if (check.body().path("data").isEmpty()) {
            throw ProviderRefused.refused(PROVIDER, "check_subscription", null, null,
                    "subscribed_apps lists no app after the subscription",
                    "Subscribe the app in Meta's App Dashboard (WhatsApp → Configuration → Webhook) with the callback URL "
                            + callbackUrl + ", or try again.");
        }
    }

    private Answer postSubscription(String wabaId, String token, String callbackUrl, String verifyToken) {
        return http.call(PROVIDER, "subscribe", "POST", base + "/" + wabaId + "/subscribed_apps",
                ProviderHttp.json(Map.of("override_callback_uri", callbackUrl, "verify_token", verifyToken)),
                "Authorization", "Bearer " + token);
    }

    private static boolean isCallbackVerificationFailure(Answer answer) {
        return answer.body() != null && answer.body().path("error").path("code").asInt() == 2200;
    }

    private Answer get(String step, String path, String token) {
        return http.call(PROVIDER, step, "GET", base + path, null, "Authorization", "Bearer " + token);
    }

    private static Number number(JsonNode n) {
        String level = ProviderHttp.text(n.path("throughput"), "level");
        Integer throughput = "HIGH".equals(level) ? Integer.valueOf(1000) : "STANDARD".equals(level) ? Integer.valueOf(80) : null;
        String status = ProviderHttp.text(n, "status");
        boolean needsRegistration = "PENDING".equals(status) || "DISCONNECTED".equals(status)
                || "UNREGISTERED".equals(status) || "NOT_APPLICABLE".equals(ProviderHttp.text(n, "platform_type"));
        return new Number(BusinessNumber.newBuilder()
                .setId(ProviderHttp.text(n, "id"))
                .setDisplayNumber(ProviderHttp.text(n, "display_phone_number"))
                .setVerifiedName(ProviderHttp.text(n, "verified_name"))
                .setQuality(quality(ProviderHttp.text(n, "quality_rating")))
                .setThroughput(throughput)
                .setMessagingLimit(ProviderHttp.text(n, "messaging_limit_tier"))
                .setStatus(status)
                .build(), needsRegistration);
    }

    static NumberQuality quality(String rating) {
        if (rating == null) {
            return NumberQuality.UNKNOWN;
        }
        return switch (rating.toUpperCase(java.util.Locale.ROOT)) {
            case "GREEN", "HIGH" -> NumberQuality.GREEN;
            case "YELLOW", "MEDIUM" -> NumberQuality.YELLOW;
            case "RED", "LOW" -> NumberQuality.RED;
            default -> NumberQuality.UNKNOWN;
        };
    }

    private static ProviderRefused graphError(String step, Answer answer) {
        JsonNode error = answer.body().path("error");
        return refused(step, ProviderHttp.integer(error, "code") == null ? answer.status() : ProviderHttp.integer(error, "code"),
                ProviderHttp.integer(error, "error_subcode"), messageOr(error, "HTTP " + answer.status()));
    }

    private static ProviderRefused refused(String step, Integer code, Integer subcode, String message) {
        return ProviderRefused.refused(PROVIDER, step, code, subcode, message, action(step, code, subcode));
    }

    private static String messageOr(JsonNode error, String fallback) {
        String message = ProviderHttp.text(error, "message");
        return message == null ? fallback : message;
    }

    /** What the admin should do about Meta's error. */
    static String action(String step, Integer code, Integer subcode) {
        int c = code == null ? 0 : code;
        if (c == 190 || c == 102 || c == 463 || c == 467) {
            return "The access token is invalid, expired or revoked: generate a new system user token in Meta Business"
                    + " Manager (Business settings → System users → Generate new token, permissions"
                    + " whatsapp_business_messaging and whatsapp_business_management) and send it again.";
        }
        if (c == 10 || c == 200 || c == 294 || (c == 100 && Integer.valueOf(33).equals(subcode))) {
            return "The token cannot see this account or number: check the WABA id and phone number ids, and assign"
                    + " the WhatsApp account to the system user (Business settings → System users → Assign assets,"
                    + " full control).";
        }
        if (c == 4 || c == 80007 || c == 130429 || c == 131056) {
            return "Meta is rate limiting the app: wait a few minutes and try again.";
        }
        if ("register".equals(step)) {
            return "Check the number's two-step verification PIN (WhatsApp Manager → Phone numbers → Settings →"
                    + " Two-step verification) and send it as meta.pin; a number registered elsewhere must be"
                    + " deregistered or migrated first.";
        }
        if ("subscribe".equals(step) || "check_subscription".equals(step)) {
            return "Meta could not subscribe the app or verify the callback: check that ingress is reachable from the"
                    + " internet at SWITCHBOARD_PUBLIC_WEBHOOK_URL and try again.";
        }
        return "Read Meta's message above, fix it in Meta Business Manager and try again.";
    }
}
