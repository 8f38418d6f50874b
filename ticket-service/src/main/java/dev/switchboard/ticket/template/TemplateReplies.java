package dev.switchboard.ticket.template;

import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

import dev.switchboard.ticket.content.FieldProblem;
import dev.switchboard.ticket.template.rules.Template;
import dev.switchboard.ticket.template.rules.TemplateCheck;
import tools.jackson.databind.JsonNode;

/**
 * Checks an agent's template message against its channel's catalogue before it is stored or sent
 * ({@link TemplateCheck}). A channel without a catalogue (never synced, no credentials to list with, or the provider
 * lists none) is not checked: WhatsApp's own answer then tells.
 */
@Component
public class TemplateReplies {

    private final TemplateCatalogue catalogue;

    TemplateReplies(TemplateCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    /**
     * What is wrong with the content's template on this channel; empty for other content, a channel without a
     * catalogue, or a template that matches an approved one.
     *
     * @param content outbound content that passed {@code OutboundContent.validate}
     */
    public List<FieldProblem> check(String channelId, JsonNode content) {
        JsonNode template = content == null ? null : content.get("template");
        if (!"template".equals(content == null ? null : content.path("type").asString(null)) || template == null
                || !template.isObject() || !catalogue.has(channelId)) {
            return List.of();
        }
        String sid = TemplateCheck.contentSid(template);
        if (sid != null) {
            return TemplateCheck.twilio(template, catalogue.byId(channelId, sid).orElse(null));
        }
        return TemplateCheck.cloud(template, catalogue.named(channelId, TemplateCheck.name(template)));
    }

    /**
     * The category (MARKETING, UTILITY, AUTHENTICATION, …, upper case) of the content's template in the channel's
     * catalogue; empty for other content, a channel without a catalogue, or a template it does not list (or lists
     * without a category): then nobody can tell whether it is marketing.
     */
    public Optional<String> category(String channelId, JsonNode content) {
        JsonNode template = content == null ? null : content.get("template");
        if (!"template".equals(content == null ? null : content.path("type").asString(null)) || template == null
                || !template.isObject()) {
            return Optional.empty();
        }
        String sid = TemplateCheck.contentSid(template);
        Optional<Template> listed = sid != null ? catalogue.byId(channelId, sid)
                : catalogue.named(channelId, TemplateCheck.name(template)).stream()
                        .filter(t -> t.language().equals(TemplateCheck.language(template))).findFirst();
        return listed.map(Template::category).filter(c -> !c.isBlank());
    }
}
