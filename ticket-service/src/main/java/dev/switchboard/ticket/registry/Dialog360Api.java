package dev.switchboard.ticket.registry;

import java.util.Map;

import dev.switchboard.ticket.channel.ProviderUrls;
import dev.switchboard.ticket.registry.ProviderHttp.Answer;
import tools.jackson.databind.JsonNode;

/** 360dialog's calls: the API key checked on its webhook configuration, and our webhook registered there. */
final class Dialog360Api {

    static final String PROVIDER = "dialog360";
    static final String TOKEN_HEADER = "X-Switchboard-Webhook-Token";

    private final ProviderHttp http;
    private final String defaultBase;

    Dialog360Api(ProviderHttp http, ProviderUrls urls) {
        this.http = http;
        this.defaultBase = urls.dialog360BaseUrl();
    }

    String base(String channelBase) {
        return channelBase == null || channelBase.isBlank() ? defaultBase
                : ProviderUrls.withoutTrailingSlash(channelBase);
    }

    /** {@code GET /v1/configs/webhook}: 200 (a webhook is set) or 404 (none yet) mean the key works. */
    void validateKey(String baseUrl, String apiKey) {
        Answer answer = http.call(PROVIDER, "validate_key", "GET", base(baseUrl) + "/v1/configs/webhook", null,
                "D360-API-KEY", apiKey);
        if (!answer.ok() && answer.status() != 404) {
            throw error("validate_key", answer);
        }
    }

    /** {@code POST /v1/configs/webhook}: 360dialog calls {@code url} with our token in a header of its own. */
    void registerWebhook(String baseUrl, String apiKey, String url, String webhookToken) {
        Answer answer = http.call(PROVIDER, "register_webhook", "POST", base(baseUrl) + "/v1/configs/webhook",
                ProviderHttp.json(Map.of("url", url, "headers", Map.of(TOKEN_HEADER, webhookToken))),
                "D360-API-KEY", apiKey);
        if (!answer.ok()) {
            throw error("register_webhook", answer);
        }
    }

    private static ProviderRefused error(String step, Answer answer) {
        JsonNode body = answer.body();
        JsonNode error = body.path("error");
        Integer code = ProviderHttp.integer(error, "code");
        String message = ProviderHttp.text(error, "message");
        if (message == null) {
            message = ProviderHttp.text(body.path("meta"), "developer_message");
        }
        if (message == null) {
            message = ProviderHttp.text(body, "message");
        }
        String action = answer.status() == 401 || answer.status() == 403
                ? "360dialog refused the API key: generate a new one in the 360dialog Hub (the number → API key) and"
                        + " send it again."
                : "Read 360dialog's message above and try again.";
        return ProviderRefused.refused(PROVIDER, step, code == null ? answer.status() : code,
                ProviderHttp.integer(error, "error_subcode"), message == null ? "HTTP " + answer.status() : message, action);
    }
}
