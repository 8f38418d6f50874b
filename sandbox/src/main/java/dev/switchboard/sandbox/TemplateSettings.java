package dev.switchboard.sandbox;

import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code switchboard.sandbox.templates.<channelId>}: the message templates of a Meta channel's WABA, as
 * {@code GET /{waba-id}/message_templates} lists them; a channel without an entry has {@code TemplateCatalogue}'s
 * defaults.
 *
 * @param templates per channel id, its templates
 */
@ConfigurationProperties("switchboard.sandbox")
public record TemplateSettings(Map<String, List<Template>> templates) {

    public TemplateSettings {
        templates = templates == null ? Map.of() : Map.copyOf(templates);
    }

    /**
     * One template.
     *
     * @param name       its name ({@code order_update})
     * @param language   its language code ({@code en_US})
     * @param status     APPROVED, PENDING, REJECTED, PAUSED, DISABLED, …
     * @param category   UTILITY, MARKETING or AUTHENTICATION
     * @param components its components as Meta's JSON array ({@code [{"type":"BODY","text":"…{{1}}…"}]})
     */
    public record Template(String name, String language, String status, String category, String components) {
    }
}
