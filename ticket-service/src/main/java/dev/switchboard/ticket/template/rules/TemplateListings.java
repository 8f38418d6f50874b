package dev.switchboard.ticket.template.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.switchboard.ticket.template.rules.Template.Source;
import tools.jackson.databind.JsonNode;

/** The providers' template listings, one page at a time, read into {@link Template}s. */
public final class TemplateListings {

    private TemplateListings() {
    }

    /**
     * One page of a listing.
     *
     * @param next Meta, Twilio: the next page's URL; 360dialog: the next page's query ({@code offset=…&limit=…});
     *             null on the last page
     */
    public record Page(List<Template> templates, String next) {
    }

    /**
     * Meta's {@code GET /{waba-id}/message_templates}:
     * {@code {"data":[{"id","name","language","status","category","components","parameter_format","rejected_reason"}],
     * "paging":{"cursors":{…},"next":"…"}}}.
     */
    public static Page meta(JsonNode page) {
        List<Template> templates = new ArrayList<>();
        for (JsonNode t : page.path("data")) {
            templates.add(cloud(t, Source.META));
        }
        String next = page.path("paging").path("next").asString(null);
        return new Page(templates, next == null || next.isBlank() ? null : next);
    }

    /**
     * 360dialog's {@code GET /v1/configs/templates}: {@code {"count","filters","limit","offset","sort","total",
     * "waba_templates":[{"name","language","status","category","components","namespace","rejected_reason"}]}};
     * the templates are Meta's (an {@code id} when 360dialog gives one).
     */
    public static Page dialog360(JsonNode page) {
        List<Template> templates = new ArrayList<>();
        for (JsonNode t : page.path("waba_templates")) {
            templates.add(cloud(t, Source.DIALOG360));
        }
        int offset = page.path("offset").asInt(0);
        int count = page.path("count").asInt(templates.size());
        int total = page.path("total").asInt(0);
        int limit = page.path("limit").asInt(Math.max(count, 1));
        boolean more = count > 0 && offset + count < total;
        return new Page(templates, more ? "offset=" + (offset + count) + "&limit=" + limit : null);
    }

    /**
     * Twilio's Content API {@code GET /v1/ContentAndApprovals}: {@code {"contents":[{"sid","friendly_name","language",
     * "variables":{"1":"…"},"types":{"twilio/text":{…}},"approval_requests":{"name","category","status",
     * "rejection_reason",…}}],"meta":{"next_page_url",…}}}. Content never submitted to WhatsApp is UNSUBMITTED.
     */
    public static Page twilio(JsonNode page) {
        List<Template> templates = new ArrayList<>();
        for (JsonNode content : page.path("contents")) {
            JsonNode approval = content.path("approval_requests");
            if (approval.has("whatsapp")) {
                approval = approval.path("whatsapp");
            }
            String status = text(approval, "status");
            String language = text(content, "language");
            templates.add(new Template(content.path("sid").asString(""), Source.TWILIO,
                    firstNonBlank(text(content, "friendly_name"), text(approval, "name"), content.path("sid").asString("")),
                    language == null ? "" : language,
                    upper(text(approval, "category")),
                    status == null ? "UNSUBMITTED" : upper(status),
                    text(approval, "rejection_reason"),
                    null,
                    content.path("types"),
                    content.path("variables").isObject() ? content.path("variables") : null));
        }
        String next = content(page.path("meta"), "next_page_url");
        return new Page(templates, next);
    }

    private static Template cloud(JsonNode t, Source source) {
        String name = t.path("name").asString("");
        String language = t.path("language").asString("");
        String id = text(t, "id");
        return new Template(id == null ? name + ":" + language : id, source, name, language,
                upper(text(t, "category")), upper(firstNonBlank(text(t, "status"), "UNKNOWN")),
                text(t, "rejected_reason"), text(t, "parameter_format"), t.path("components"), null);
    }

    private static String content(JsonNode node, String field) {
        String value = text(node, field);
        return value == null || value.isBlank() ? null : value;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    private static String upper(String value) {
        return value == null || value.isBlank() ? null : value.toUpperCase(Locale.ROOT);
    }
}
