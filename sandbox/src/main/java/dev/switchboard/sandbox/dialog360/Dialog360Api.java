package dev.switchboard.sandbox.dialog360;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.switchboard.sandbox.Answer;
import dev.switchboard.sandbox.channel.Channel;
import dev.switchboard.sandbox.channel.Channels;
import dev.switchboard.sandbox.graph.GraphApi;
import dev.switchboard.sandbox.graph.GraphMedia;
import dev.switchboard.sandbox.graph.TemplateCatalogue;
import dev.switchboard.sandbox.media.Download;
import dev.switchboard.sandbox.media.MediaUpload;
import dev.switchboard.sandbox.webhook.WebhookRoutes;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * 360dialog's Cloud API proxy ({@code https://waba-v2.360dialog.io}, here under {@code /360dialog}) for the
 * 360dialog accounts of {@code switchboard.sandbox.accounts}: every call carries {@code D360-API-KEY} (the key names
 * the account and its one number; a wrong or missing key is 401 {@code {"error":"Invalid api key"}}, the
 * {@code utils.ErrorResp} of 360dialog's Messaging API reference). Messages and media are Meta's Cloud API calls
 * without the phone_number_id in the path (docs.360dialog.com "The Basics": {@code POST {base}/messages}); the
 * webhook is set per number with {@code POST /v1/configs/webhook {"url","headers"}} and gets Meta's webhook JSON,
 * unsigned.
 */
public final class Dialog360Api {

    /** Where the media lookup's URL points, as Meta's: the client swaps this host for 360dialog's base URL. */
    public static final String LOOKASIDE = "https://lookaside.fbsbx.com";

    private static final JsonMapper JSON = JsonMapper.shared();
    /** Headers a webhook post sets itself (Java's HTTP client refuses most of them anyway). */
    private static final Set<String> RESERVED_HEADERS = Set.of("content-type", "content-length", "host", "connection",
            "expect", "upgrade", "transfer-encoding");

    private final Channels channels;
    private final GraphApi graph;
    private final GraphMedia media;
    private final TemplateCatalogue templates;
    private final WebhookRoutes routes;

    public Dialog360Api(Channels channels, GraphApi graph, GraphMedia media, TemplateCatalogue templates,
                        WebhookRoutes routes) {
        this.channels = channels;
        this.graph = graph;
        this.media = media;
        this.templates = templates;
        this.routes = routes;
    }

    /** The 360dialog account of this key. */
    public Optional<Channel> account(String apiKey) {
        return channels.byDialog360Key(apiKey);
    }

    /** 401 for a missing or wrong {@code D360-API-KEY}. */
    public static Answer invalidKey() {
        return error(401, "Invalid api key");
    }

    /** {@code POST /messages}: Graph's checks and answers, from the account's number; recorded as 360dialog's. */
    public Answer send(String apiKey, byte[] body) {
        Optional<Channel> account = account(apiKey);
        if (account.isEmpty()) {
            graph.recordRefused("360dialog", body, 401, null);
            return invalidKey();
        }
        return graph.sendFrom(account.get(), body);
    }

    /** {@code POST /v1/configs/webhook {"url":…,"headers":{…}}}: 200 {@code {"url":…}}. */
    public Answer setWebhook(String apiKey, byte[] body) {
        Optional<Channel> account = account(apiKey);
        if (account.isEmpty()) {
            return invalidKey();
        }
        JsonNode request;
        try {
            request = body == null || body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (JacksonException e) {
            return error(400, "Request body must be a JSON object");
        }
        String url = request.path("url").isString() ? request.get("url").asString() : null;
        if (url == null || url.isBlank()) {
            return error(400, "url is required");
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return error(400, "url is not a valid URL: " + url);
        }
        if (uri.getScheme() == null || !List.of("http", "https").contains(uri.getScheme().toLowerCase(Locale.ROOT))
                || uri.getHost() == null) {
            return error(400, "url must be an absolute http(s) URL, not " + url);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        JsonNode given = request.path("headers");
        if (!given.isMissingNode() && !given.isNull()) {
            if (!given.isObject()) {
                return error(400, "headers must be an object of header names and values");
            }
            for (Map.Entry<String, JsonNode> header : given.properties()) {
                if (!header.getValue().isString()) {
                    return error(400, "headers." + header.getKey() + " must be a string");
                }
                if (RESERVED_HEADERS.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                    return error(400, "headers." + header.getKey() + " is set by the webhook itself");
                }
                headers.put(header.getKey(), header.getValue().asString());
            }
        }
        routes.dialog360(account.get().id(), new WebhookRoutes.Dialog360Webhook(url, Map.copyOf(headers)));
        return Answer.json(200, JSON.writeValueAsString(JSON.createObjectNode().put("url", url)));
    }

    /** {@code GET /v1/configs/webhook}: {@code {"url":…}}, 404 before one was set. */
    public Answer webhook(String apiKey) {
        Optional<Channel> account = account(apiKey);
        if (account.isEmpty()) {
            return invalidKey();
        }
        return routes.dialog360Of(account.get().id())
                .map(w -> Answer.json(200, JSON.writeValueAsString(JSON.createObjectNode().put("url", w.url()))))
                .orElseGet(() -> error(404, "No webhook URL is set for this number"));
    }

    /**
     * {@code GET /v1/configs/templates[?limit=&offset=]}: 360dialog's listing,
     * {@code {"count","filters":{},"limit","offset","sort":["id"],"total","waba_templates":[…]}} with each template's
     * {@code status} in lower case (the shape of 360dialog's template listing as its clients read it).
     */
    public Answer configTemplates(String apiKey, Integer limit, Integer offset) {
        Optional<Channel> account = account(apiKey);
        if (account.isEmpty()) {
            return invalidKey();
        }
        List<ObjectNode> all = templates.of(account.get().id());
        int size = limit == null || limit < 1 ? 1000 : limit;
        int from = offset == null || offset < 0 ? 0 : Math.min(offset, all.size());
        int to = Math.min(from + size, all.size());
        ObjectNode body = JSON.createObjectNode();
        body.put("count", to - from);
        body.putObject("filters");
        body.put("limit", size);
        body.put("offset", from);
        body.putArray("sort").add("id");
        body.put("total", all.size());
        ArrayNode list = body.putArray("waba_templates");
        for (ObjectNode t : all.subList(from, to)) {
            ObjectNode template = list.addObject();
            template.put("category", t.get("category").asString());
            template.set("components", t.get("components"));
            template.put("id", t.get("id").asString());
            template.put("language", t.get("language").asString());
            template.put("name", t.get("name").asString());
            template.put("namespace", "sandbox_" + account.get().meta().wabaId());
            template.put("rejected_reason", t.get("status").asString().equals("REJECTED") ? "INVALID_FORMAT" : "NONE");
            template.put("status", t.get("status").asString().toLowerCase(Locale.ROOT));
        }
        return Answer.json(200, JSON.writeValueAsString(body));
    }

    /** {@code GET /message_templates}: the WABA's templates in Graph's shape (360dialog passes Meta's through). */
    public Answer messageTemplates(String apiKey, String name, String status, Integer limit, String after,
                                   String edgeUrl) {
        Optional<Channel> account = account(apiKey);
        return account.isEmpty() ? invalidKey()
                : templates.listFor(account.get(), name, status, limit, after, edgeUrl);
    }

    /** {@code POST /media}: Graph's upload, for the account's number. */
    public Answer upload(String apiKey, String messagingProduct, MediaUpload file) {
        Optional<Channel> account = account(apiKey);
        return account.isEmpty() ? invalidKey() : media.uploadFor(account.get(),
                account.get().meta().phoneNumberIds().get(0), messagingProduct, file);
    }

    /** {@code GET /{media-id}}: Graph's lookup whose {@code url} is on Meta's lookaside host. */
    public Answer lookup(String apiKey, String mediaId) {
        Optional<Channel> account = account(apiKey);
        return account.isEmpty() ? invalidKey() : media.lookupFor(account.get(), mediaId, null, LOOKASIDE);
    }

    /** {@code GET /whatsapp_business/attachments/?mid=…}: the lookup's URL with 360dialog's host, and the key. */
    public Download download(String apiKey, String mediaId, String ext, String hash) {
        Optional<Channel> account = account(apiKey);
        return account.isEmpty() ? new Download.Refused(invalidKey())
                : media.downloadFor(account.get(), mediaId, ext, hash);
    }

    private static Answer error(int status, String message) {
        return Answer.json(status, JSON.writeValueAsString(JSON.createObjectNode().put("error", message)));
    }
}
