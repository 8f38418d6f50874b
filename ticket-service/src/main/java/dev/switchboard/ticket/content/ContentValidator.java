package dev.switchboard.ticket.content;

import static dev.switchboard.ticket.content.Problems.present;

import java.util.List;
import java.util.function.Consumer;

import tools.jackson.databind.JsonNode;

/**
 * Collects every {@link FieldProblem} of one outbound content: the checks every content has (an object with a
 * known {@code type}, {@code previewUrl}, {@code replyToMessageId}), then the rule of its type. Never throws on
 * malformed input: each check looks at the node's JSON type before reading it (see {@link Problems}).
 */
final class ContentValidator {

    static final String ROOT = "$";

    /** The content types of the agent API, in the order problems name them. */
    static final List<String> TYPES = List.of("text", "template", "interactive", "image", "audio", "video",
            "document", "sticker", "location", "contacts", "reaction");

    private ContentValidator() {
    }

    static List<FieldProblem> check(JsonNode content) {
        Problems problems = new Problems();
        if (content == null || !content.isObject()) {
            problems.add(ROOT, "must be a JSON object");
            return problems.list();
        }
        String type = problems.string(content, "", "type", true);
        if (type != null) {
            switch (type) {
                case "text" -> new TextRule(problems).check(content);
                case "template" -> checkPart(problems.object(content, "", type, true), new TemplateRule(problems)::check);
                case "interactive" -> checkPart(problems.object(content, "", type, true), new InteractiveRule(problems)::check);
                case "image", "audio", "video", "document", "sticker" -> new MediaRule(problems).check(content, type);
                case "location" -> checkPart(problems.object(content, "", type, true), new LocationRule(problems)::check);
                case "contacts" -> checkPart(problems.array(content, "", type, true), new ContactsRule(problems)::check);
                case "reaction" -> checkPart(problems.object(content, "", type, true), new ReactionRule(problems)::check);
                default -> problems.add("type", "must be one of: " + String.join(", ", TYPES));
            }
        }
        if (!"text".equals(type) && present(content.get("previewUrl"))) {
            problems.add("previewUrl", "only applies to type text");
        }
        problems.nonBlank(content, "", "replyToMessageId", false);
        return problems.list();
    }

    /** Runs a type's rule on its part of the content, named like the type ({@code "template":{…}}), when it is there. */
    private static void checkPart(JsonNode part, Consumer<JsonNode> rule) {
        if (part != null) {
            rule.accept(part);
        }
    }
}
