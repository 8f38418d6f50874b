package dev.switchboard.sandbox.graph;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import dev.switchboard.sandbox.Answer;
import dev.switchboard.sandbox.channel.BusinessNumber;
import dev.switchboard.sandbox.channel.Channel;
import dev.switchboard.sandbox.channel.Channels;
import dev.switchboard.sandbox.channel.NumberStates;
import dev.switchboard.sandbox.channel.Provider;
import dev.switchboard.sandbox.webhook.CallbackVerifier;
import dev.switchboard.sandbox.webhook.WebhookRoutes;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Graph calls an onboarding makes, as Meta answers them for a system user's token of the channel's WABA:
 * {@code GET /debug_token}, {@code GET /{waba-id}/phone_numbers}, {@code POST|GET|DELETE /{waba-id}/subscribed_apps}
 * and {@code POST /{phone-number-id}/register}. The channel's token is the only one that may read its WABA; another
 * known token gets Graph's "does not exist, cannot be loaded due to missing permissions" (100, subcode 33), an unknown
 * one 401 / 190. The same for the accounts of {@code switchboard.sandbox.accounts} with their tokens. A subscription
 * with {@code override_callback_uri} and {@code verify_token} is verified first and then sends the WABA's webhooks
 * there ({@link WebhookRoutes}). Subscriptions, registrations and overrides are kept in memory.
 */
public final class GraphOnboarding {

    /** The app every channel's token belongs to in the sandbox (Meta: the app the system user was created for). */
    public static final String APP_NAME = "Switchboard Sandbox";

    static final List<String> SCOPES = List.of("whatsapp_business_management", "whatsapp_business_messaging",
            "business_management");

    private static final JsonMapper JSON = JsonMapper.shared();

    /** Graph's limit on {@code override_callback_uri} (Webhook Overrides: "Maximum 200 characters"). */
    static final int MAX_CALLBACK_URI = 200;

    private final Channels channels;
    private final NumberStates numbers;
    private final WebhookRoutes routes;
    private final CallbackVerifier verifier;
    private final Set<String> subscribedWabas = ConcurrentHashMap.newKeySet();

    public GraphOnboarding(Channels channels, NumberStates numbers, WebhookRoutes routes, CallbackVerifier verifier) {
        this.channels = channels;
        this.numbers = numbers;
        this.routes = routes;
        this.verifier = verifier;
    }

    /** The sandbox's app id of a channel: stable digits derived from its app secret (Meta: the app's id). */
    public static String appId(Channel channel) {
        return GraphIds.of(channel.meta().appSecret(), 15);
    }

    /**
     * {@code GET /debug_token?input_token=…}, with a channel's token or an app token {@code {app-id}|{app-secret}}
     * as the caller's. A token the sandbox knows is valid (a system user's, never expiring); another answers 200
     * with {@code is_valid:false} and the error inside {@code data}, as Graph does.
     */
    public Answer debugToken(String inputToken, String authorization, String accessTokenParameter) {
        String caller = Optional.ofNullable(GraphAuth.bearer(authorization)).orElse(accessTokenParameter);
        if (caller == null || caller.isBlank()) {
            return error(new GraphError(400, 104, "OAuthException",
                    "An access token is required to request this resource.", null, null, null));
        }
        if (GraphAuth.channelOf(channels, caller).isEmpty() && appOfAppToken(caller).isEmpty()) {
            return error(GraphErrors.invalidToken());
        }
        if (inputToken == null || inputToken.isBlank()) {
            return error(GraphErrors.missingParameter("input_token"));
        }
        ObjectNode body = JSON.createObjectNode();
        ObjectNode data = body.putObject("data");
        Optional<Channel> channel = GraphAuth.channelOf(channels, inputToken);
        if (channel.isEmpty()) {
            ObjectNode error = data.putObject("error");
            error.put("code", 190);
            error.put("message", "Invalid OAuth access token - Cannot parse access token");
            data.put("is_valid", false);
            data.putArray("scopes");
            return Answer.json(200, JSON.writeValueAsString(body));
        }
        Channel c = channel.get();
        data.put("app_id", appId(c));
        data.put("type", "SYSTEM_USER");
        data.put("application", APP_NAME);
        data.put("data_access_expires_at", 0);
        data.put("expires_at", 0);
        data.put("is_valid", true);
        data.put("issued_at", 1_700_000_000L);
        SCOPES.forEach(data.withArray("scopes")::add);
        for (String scope : SCOPES) {
            ObjectNode granular = data.withArray("granular_scopes").addObject();
            granular.put("scope", scope);
            if (!scope.equals("business_management") && hasWaba(c)) {
                granular.putArray("target_ids").add(c.meta().wabaId());
            }
        }
        data.put("user_id", appId(c).substring(0, 8) + "0000000");
        return Answer.json(200, JSON.writeValueAsString(body));
    }

    /** {@code GET /{waba-id}/phone_numbers}: the channel's numbers, one page. */
    public Answer phoneNumbers(String wabaId, String authorization, Integer limit, String after, String edgeUrl) {
        return withWaba(wabaId, authorization, "get", channel -> {
            List<ObjectNode> numbers = channel.meta().phoneNumberIds().stream().map(id -> phoneNumber(channel, id))
                    .toList();
            ObjectNode page = GraphPaging.page(numbers, limit, after, edgeUrl);
            return page == null ? error(GraphErrors.invalidParameter("Invalid cursor: " + after))
                    : Answer.json(200, JSON.writeValueAsString(page));
        });
    }

    /** Whether this id is a phone_number_id of a channel (its {@code GET} is the number, not a media). */
    public boolean isPhoneNumber(String id) {
        return channels.byPhoneNumberId(id).isPresent();
    }

    /** {@code GET /{phone-number-id}}: one number as {@code phone_numbers} lists it, for its channel's token. */
    public Answer phoneNumber(String phoneNumberId, String authorization) {
        Optional<Channel> caller = GraphAuth.channelOf(channels, GraphAuth.bearer(authorization));
        if (caller.isEmpty()) {
            return error(GraphErrors.invalidToken());
        }
        if (!caller.get().meta().phoneNumberIds().contains(phoneNumberId)) {
            return error(GraphErrors.unknownObject(phoneNumberId, "get"));
        }
        return Answer.json(200, JSON.writeValueAsString(phoneNumber(caller.get(), phoneNumberId)));
    }

    private ObjectNode phoneNumber(Channel channel, String id) {
        BusinessNumber now = numbers.get(id);
        ObjectNode number = JSON.createObjectNode();
        String display = now.displayNumber();
        number.put("id", id);
        number.put("display_phone_number", display == null || display.isBlank() ? id : display);
        number.put("verified_name", now.verifiedName());
        number.put("status", now.status());
        number.put("quality_rating", now.quality());
        number.put("code_verification_status", "VERIFIED");
        number.put("platform_type", "CLOUD_API");
        number.putObject("throughput").put("level", now.throughputLevel());
        number.put("messaging_limit_tier", now.messagingLimit());
        number.put("name_status", "APPROVED");
        return number;
    }

    /**
     * {@code POST /{waba-id}/subscribed_apps}: the app now gets the WABA's webhooks. With {@code override_callback_uri}
     * (and the then required {@code verify_token}) the URL is verified first, as Meta does, and from then on gets
     * the WABA's webhooks; a URL that does not echo the challenge is refused with 2200 and nothing changes.
     *
     * @param parameters the call's parameters: JSON body, form or query, as Graph takes them
     */
    public Answer subscribe(String wabaId, String authorization, Map<String, String> parameters) {
        return withWaba(wabaId, authorization, "post", channel -> {
            String uri = parameters.get("override_callback_uri");
            if (uri != null && !uri.isBlank()) {
                String verifyToken = parameters.get("verify_token");
                if (verifyToken == null || verifyToken.isBlank()) {
                    return error(GraphErrors.missingParameter("verify_token"));
                }
                if (uri.length() > MAX_CALLBACK_URI) {
                    return error(GraphErrors.tooLong("override_callback_uri", MAX_CALLBACK_URI));
                }
                if (!uri.matches("(?i)https?://[^\\s/?#]+[^\\s]*")) {
                    return error(GraphErrors.invalidParameter("Param override_callback_uri must be a valid URL"));
                }
                Optional<String> failure = verifier.verify(uri, verifyToken);
                if (failure.isPresent()) {
                    return error(new GraphError(400, 2200, "OAuthException",
                            "(#2200) Callback verification failed with the following errors: " + failure.get(),
                            null, null, null));
                }
                routes.override(wabaId, uri);
            }
            subscribedWabas.add(wabaId);
            return success();
        });
    }

    /** {@code DELETE /{waba-id}/subscribed_apps}. */
    public Answer unsubscribe(String wabaId, String authorization) {
        return withWaba(wabaId, authorization, "delete", channel -> {
            subscribedWabas.remove(wabaId);
            routes.removeOverride(wabaId);
            return success();
        });
    }

    /** {@code GET /{waba-id}/subscribed_apps}: the app once subscribed, else an empty list. */
    public Answer subscribedApps(String wabaId, String authorization) {
        return withWaba(wabaId, authorization, "get", channel -> {
            ObjectNode body = JSON.createObjectNode();
            ArrayNode data = body.putArray("data");
            if (subscribedWabas.contains(wabaId)) {
                ObjectNode subscription = data.addObject();
                ObjectNode app = subscription.putObject("whatsapp_business_api_data");
                app.put("link", "https://www.facebook.com/games/?app_id=" + appId(channel));
                app.put("name", APP_NAME);
                app.put("id", appId(channel));
                // Webhook Overrides: the GET lists the override next to the app.
                routes.overrideOf(wabaId).ifPresent(uri -> subscription.put("override_callback_uri", uri));
            }
            return Answer.json(200, JSON.writeValueAsString(body));
        });
    }

    /** Whether the WABA's app was subscribed (for inspection and tests). */
    public boolean subscribed(String wabaId) {
        return subscribedWabas.contains(wabaId);
    }

    /**
     * {@code POST /{phone-number-id}/register} with {@code {"messaging_product":"whatsapp","pin":"123456"}}: the number
     * is CONNECTED. For a channel of the file any six digits are the number's two-step PIN (the sandbox sets it with
     * the first registration, as Meta does for a number without one); an account's numbers have its {@code pin}
     * (default 123456), another is refused with 133005.
     */
    public Answer register(String phoneNumberId, String authorization, byte[] body) {
        String token = GraphAuth.bearer(authorization);
        Optional<Channel> caller = GraphAuth.channelOf(channels, token);
        if (caller.isEmpty()) {
            return error(GraphErrors.invalidToken());
        }
        Channel channel = channels.byPhoneNumberId(phoneNumberId).orElse(null);
        if (channel == null || !channel.id().equals(caller.get().id())) {
            return error(GraphErrors.unknownObject(phoneNumberId, "post"));
        }
        JsonNode request;
        try {
            request = body == null || body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (JacksonException e) {
            return error(GraphErrors.invalidParameter("Request body must be a JSON object"));
        }
        if (!request.isObject()) {
            return error(GraphErrors.invalidParameter("Request body must be a JSON object"));
        }
        if (!request.path("messaging_product").isString()) {
            return error(GraphErrors.missingParameter("messaging_product"));
        }
        if (!"whatsapp".equals(request.get("messaging_product").asString())) {
            return error(GraphErrors.invalidParameter("Param messaging_product must be one of {WHATSAPP} - got \""
                    + request.get("messaging_product").asString() + "\"."));
        }
        JsonNode pin = request.get("pin");
        if (pin == null || pin.isNull()) {
            return error(GraphErrors.missingParameter("pin"));
        }
        if (!pin.isString() || !pin.asString().matches("[0-9]{6}")) {
            return error(GraphErrors.invalidParameter("Param pin must be a 6-digit number."));
        }
        if (channel.pin() != null && !channel.pin().equals(pin.asString())) {
            return error(GraphErrors.of(133005));
        }
        numbers.update(phoneNumberId, n -> new BusinessNumber(n.id(), n.displayNumber(), n.verifiedName(),
                "CONNECTED", n.quality(), n.throughputLevel(), n.messagingLimit()));
        return success();
    }

    private Answer withWaba(String wabaId, String authorization,
                            String method, Function<Channel, Answer> action) {
        Optional<Channel> channel = GraphAuth.channelOf(channels, GraphAuth.bearer(authorization));
        if (channel.isEmpty()) {
            return error(GraphErrors.invalidToken());
        }
        if (!hasWaba(channel.get()) || !channel.get().meta().wabaId().equals(wabaId)) {
            return error(GraphErrors.unknownObject(wabaId, method));
        }
        return action.apply(channel.get());
    }

    /** The channel whose app secret is the second half of {@code {app-id}|{app-secret}}. */
    private Optional<Channel> appOfAppToken(String token) {
        int bar = token.indexOf('|');
        if (bar < 0) {
            return Optional.empty();
        }
        String appId = token.substring(0, bar);
        String secret = token.substring(bar + 1);
        return channels.all().stream().filter(c -> c.provider() == Provider.META)
                .filter(c -> secret.equals(c.meta().appSecret()) && appId(c).equals(appId)).findFirst();
    }

    private static boolean hasWaba(Channel channel) {
        return channel.meta().wabaId() != null && !channel.meta().wabaId().isBlank();
    }

    private static Answer success() {
        return Answer.json(200, "{\"success\":true}");
    }

    private static Answer error(GraphError error) {
        return error.toAnswer();
    }
}
