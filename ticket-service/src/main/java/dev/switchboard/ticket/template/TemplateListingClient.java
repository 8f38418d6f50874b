package dev.switchboard.ticket.template;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

import org.springframework.stereotype.Component;

import dev.switchboard.ticket.channel.ProviderUrls;
import dev.switchboard.ticket.template.TemplateSources.Dialog360;
import dev.switchboard.ticket.template.TemplateSources.Meta;
import dev.switchboard.ticket.template.TemplateSources.Source;
import dev.switchboard.ticket.template.TemplateSources.Twilio;
import dev.switchboard.ticket.template.rules.Template;
import dev.switchboard.ticket.template.rules.TemplateListings;
import dev.switchboard.ticket.template.rules.TemplateListings.Page;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Lists a channel's templates from its provider, every page: Meta's {@code message_templates} (following
 * {@code paging.next}), 360dialog's {@code /v1/configs/templates} (by offset), Twilio's {@code ContentAndApprovals}
 * (following {@code meta.next_page_url}). Paging URLs may carry credentials (Graph's carry the token): they are never
 * logged or put in an error.
 */
@Component
class TemplateListingClient {

    static final String META_FIELDS = "id,name,language,status,category,components,parameter_format,rejected_reason";
    private static final int MAX_PAGES = 200;
    private static final JsonMapper JSON = JsonMapper.shared();

    private final TemplateSettings settings;
    private final ProviderUrls urls;
    private final HttpClient http;

    TemplateListingClient(TemplateSettings settings, ProviderUrls urls) {
        this.settings = settings;
        this.urls = urls;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** The provider refused or failed the listing; the message is the provider's error (no URL, no secret). */
    static final class ListingFailed extends RuntimeException {
        ListingFailed(String message) {
            super(message, null, false, false);
        }
    }

    List<Template> list(Source source) {
        if (source instanceof Meta meta) {
            return all(urls.graphBaseUrl() + "/" + version(meta) + "/" + encode(meta.wabaId())
                            + "/message_templates?fields=" + META_FIELDS + "&limit=100",
                    url -> url, "Authorization", "Bearer " + meta.accessToken(), TemplateListings::meta);
        }
        if (source instanceof Dialog360 d360) {
            String base = (d360.baseUrl() == null || d360.baseUrl().isBlank() ? urls.dialog360BaseUrl()
                    : ProviderUrls.withoutTrailingSlash(d360.baseUrl())) + "/v1/configs/templates";
            return all(base, query -> base + "?" + query, "D360-API-KEY", d360.apiKey(), TemplateListings::dialog360);
        }
        Twilio twilio = (Twilio) source;
        return all(urls.twilioContentBaseUrl() + "/v1/ContentAndApprovals?PageSize=500", url -> url,
                "Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (twilio.accountSid() + ":" + twilio.authToken()).getBytes(StandardCharsets.UTF_8)),
                TemplateListings::twilio);
    }

    private String version(Meta meta) {
        return meta.graphVersion() == null || meta.graphVersion().isBlank() ? urls.graphApiVersion() : meta.graphVersion();
    }

    private List<Template> all(String first, Function<String, String> nextUrl, String header, String credential,
                               Function<JsonNode, Page> read) {
        List<Template> templates = new ArrayList<>();
        String url = first;
        for (int page = 1; url != null; page++) {
            if (page > MAX_PAGES) {
                throw new ListingFailed("more than " + MAX_PAGES + " pages: the listing does not end");
            }
            Page answer = read.apply(get(url, header, credential, page));
            templates.addAll(answer.templates());
            url = answer.next() == null ? null : nextUrl.apply(answer.next());
        }
        return templates;
    }

    private JsonNode get(String url, String header, String credential, int page) {
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(settings.requestTimeout())
                    .header(header, credential).header("Accept", "application/json").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException | IllegalArgumentException e) {
            throw new ListingFailed("page " + page + ": no answer (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage().replaceAll("https?://\\S+", "<url>")) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ListingFailed("interrupted");
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (JacksonException e) {
            body = null;
        }
        if (response.statusCode() / 100 != 2) {
            throw new ListingFailed("HTTP " + response.statusCode() + ": " + providerError(body, response.body()));
        }
        if (body == null || !body.isObject()) {
            throw new ListingFailed("page " + page + ": not a JSON object");
        }
        return body;
    }

    /** Meta's {@code error{code,message}}, Twilio's {@code {code,message}}, 360dialog's {@code meta}; else the text. */
    static String providerError(JsonNode body, String text) {
        if (body != null && body.path("error").isObject()) {
            JsonNode error = body.path("error");
            return "(#" + error.path("code").asString("?") + ") " + error.path("message").asString("");
        }
        if (body != null && body.has("code") && body.has("message")) {
            return "(" + body.path("code").asString() + ") " + body.path("message").asString();
        }
        if (body != null && body.path("meta").has("developer_message")) {
            return body.path("meta").path("developer_message").asString();
        }
        String shown = text == null ? "" : text.strip();
        return shown.length() > 300 ? shown.substring(0, 300) + "…" : shown;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
