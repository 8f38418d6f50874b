package dev.switchboard.ticket.template.rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.switchboard.ticket.content.FieldProblem;
import dev.switchboard.ticket.template.rules.TemplateParameters.Button;
import dev.switchboard.ticket.template.rules.TemplateParameters.Header;
import tools.jackson.databind.JsonNode;

/**
 * An agent's template message against the channel's catalogue, before anything is sent: the template must exist in
 * that language and be APPROVED, and its parameters must be the ones the approved template takes (body count or
 * names, the header's media or text, the buttons' dynamic parts). Problems name the agent's JSON
 * ({@code template.components[1].parameters}) and what the approved template expects.
 *
 * <p>The content has passed {@code OutboundContent.validate} (WhatsApp's own rules) before: this only compares.
 */
public final class TemplateCheck {

    private TemplateCheck() {
    }

    /** The name of a Cloud API template message, or null. */
    public static String name(JsonNode template) {
        JsonNode name = template.get("name");
        return name != null && name.isString() ? name.stringValue() : null;
    }

    /** Its language code: {@code "en_US"} or {@code {"code":"en_US"}}; null when none. */
    public static String language(JsonNode template) {
        JsonNode language = template.get("language");
        if (language == null) {
            return null;
        }
        JsonNode code = language.isObject() ? language.get("code") : language;
        return code != null && code.isString() ? code.stringValue() : null;
    }

    /** Twilio's Content SID of a template message, or null. */
    public static String contentSid(JsonNode template) {
        JsonNode sid = template.get("contentSid");
        return sid != null && sid.isString() ? sid.stringValue() : null;
    }

    /**
     * A Cloud API template ({@code name}, {@code language}, {@code components}).
     *
     * @param sameName the catalogue's templates of that name, in every language
     */
    public static List<FieldProblem> cloud(JsonNode template, List<Template> sameName) {
        String name = name(template);
        String language = language(template);
        List<FieldProblem> problems = new ArrayList<>();
        Template approved = sameName.stream().filter(t -> t.language().equals(language)).findFirst().orElse(null);
        if (approved == null) {
            String languages = sameName.stream().map(Template::language).sorted().collect(Collectors.joining(", "));
            problems.add(new FieldProblem(sameName.isEmpty() ? "template.name" : "template.language",
                    sameName.isEmpty()
                            ? "no template " + name + " in the channel's catalogue"
                            : "template " + name + " has no " + language + " translation (it has: " + languages + ")"));
            return problems;
        }
        if (!approved.approved()) {
            problems.add(new FieldProblem("template.name", status(approved)));
            return problems;
        }
        TemplateParameters parameters = approved.parameters();
        if (parameters.checked()) {
            new Comparison(parameters, template.get("components"), problems).run();
        }
        return problems;
    }

    /**
     * A Twilio template ({@code contentSid}, {@code contentVariables}).
     *
     * @param content the catalogue's content of that SID, or null
     */
    public static List<FieldProblem> twilio(JsonNode template, Template content) {
        List<FieldProblem> problems = new ArrayList<>();
        if (content == null) {
            problems.add(new FieldProblem("template.contentSid",
                    "no Content template " + contentSid(template) + " in the channel's catalogue"));
            return problems;
        }
        if (!content.approved()) {
            problems.add(new FieldProblem("template.contentSid", status(content)));
            return problems;
        }
        List<String> expected = content.parameters().body().names();
        Set<String> given = new LinkedHashSet<>();
        JsonNode variables = template.get("contentVariables");
        if (variables != null && variables.isObject()) {
            variables.properties().forEach(variable -> given.add(variable.getKey()));
        }
        List<String> missing = expected.stream().filter(name -> !given.contains(name)).toList();
        if (!missing.isEmpty()) {
            problems.add(new FieldProblem("template.contentVariables", "missing " + String.join(", ", missing)
                    + ": the template's variables are " + String.join(", ", expected)));
        }
        for (String name : given) {
            if (!expected.contains(name)) {
                problems.add(new FieldProblem("template.contentVariables." + name,
                        expected.isEmpty() ? "the template has no variables"
                                : "the template has no variable " + name + " (its variables: "
                                + String.join(", ", expected) + ")"));
            }
        }
        return problems;
    }

    private static String status(Template template) {
        return "template " + template.label() + " is " + template.status()
                + (template.reason() == null || template.reason().isBlank() || template.reason().equals("NONE")
                ? "" : " (" + template.reason() + ")")
                + ": only APPROVED templates can be sent";
    }

    /** The agent's components against the approved template's parameters. */
    private static final class Comparison {

        private final TemplateParameters expected;
        private final JsonNode components;
        private final List<FieldProblem> problems;

        Comparison(TemplateParameters expected, JsonNode components, List<FieldProblem> problems) {
            this.expected = expected;
            this.components = components != null && components.isArray() ? components : null;
            this.problems = problems;
        }

        void run() {
            Integer header = null;
            Integer body = null;
            Map<Integer, Integer> buttons = new HashMap<>();
            if (components != null) {
                for (int i = 0; i < components.size(); i++) {
                    JsonNode component = components.get(i);
                    switch (component.path("type").asString("")) {
                        case "header" -> header = header == null ? i : header;
                        case "body" -> body = body == null ? i : body;
                        case "button" -> {
                            Integer index = buttonIndex(component.get("index"));
                            if (index != null) {
                                buttons.putIfAbsent(index, i);
                            }
                        }
                        default -> {
                        }
                    }
                }
            }
            header(header);
            body(body);
            buttons(buttons);
        }

        private void header(Integer at) {
            Header header = expected.header();
            List<JsonNode> given = parameters(at);
            if (header == null || header.count() == 0) {
                if (!given.isEmpty()) {
                    add(at, ".parameters", header == null ? "the template has no header"
                            : "the template's " + header.format() + " header has no parameter (" + given.size() + " given)");
                }
                return;
            }
            String type = header.parameterType();
            if (at == null) {
                problems.add(new FieldProblem("template.components", "the template's header is "
                        + article(header.format()) + ": add {\"type\":\"header\",\"parameters\":[{\"type\":\""
                        + type + "\",…}]}"));
                return;
            }
            if (given.size() != 1) {
                add(at, ".parameters", "the template's " + header.format() + " header takes 1 " + type
                        + " parameter (" + given.size() + " given)");
                return;
            }
            String givenType = given.get(0).path("type").asString("");
            if (!givenType.equals(type)) {
                add(at, ".parameters[0].type", "must be " + type + ": the template's header is "
                        + article(header.format()));
            } else if (!header.names().isEmpty()) {
                names(at, given, header.names(), "header");
            }
        }

        private void body(Integer at) {
            int count = expected.body().count();
            List<JsonNode> given = parameters(at);
            if (count == 0) {
                if (!given.isEmpty()) {
                    add(at, ".parameters", "the template's body has no parameters (" + given.size() + " given)");
                }
                return;
            }
            List<String> names = expected.body().names();
            String variables = names.isEmpty() ? positional(count) : names.stream().map(n -> "{{" + n + "}}")
                    .collect(Collectors.joining(", "));
            if (at == null) {
                problems.add(new FieldProblem("template.components", "the template's body has " + count
                        + (count == 1 ? " parameter" : " parameters") + " (" + variables
                        + "): add {\"type\":\"body\",\"parameters\":[…]} with " + count));
                return;
            }
            if (given.size() != count) {
                add(at, ".parameters", "the template's body has " + count + (count == 1 ? " parameter" : " parameters")
                        + " (" + variables + "), " + given.size() + " given");
                return;
            }
            if (!names.isEmpty()) {
                names(at, given, names, "body");
            }
        }

        /** Named parameters: each given one names a variable of the template, and every variable is given. */
        private void names(int at, List<JsonNode> given, List<String> names, String part) {
            Set<String> seen = new LinkedHashSet<>();
            boolean wrong = false;
            for (int p = 0; p < given.size(); p++) {
                String name = given.get(p).path("parameter_name").asString("");
                wrong |= !names.contains(name);
                if (name.isEmpty()) {
                    add(at, ".parameters[" + p + "].parameter_name", "is required: the template's " + part
                            + " has named parameters (" + String.join(", ", names) + ")");
                } else if (!names.contains(name)) {
                    add(at, ".parameters[" + p + "].parameter_name", "the template's " + part + " has no parameter "
                            + name + " (its parameters: " + String.join(", ", names) + ")");
                } else {
                    seen.add(name);
                }
            }
            List<String> missing = names.stream().filter(n -> !seen.contains(n)).toList();
            if (!missing.isEmpty() && !wrong) {
                add(at, ".parameters", "missing " + String.join(", ", missing));
            }
        }

        private void buttons(Map<Integer, Integer> given) {
            for (Button button : expected.buttons()) {
                Integer at = given.remove(button.index());
                if (button.parameter() == null) {
                    if (at != null) {
                        add(at, "", "the template's button " + button.index() + " (" + button.type()
                                + ") takes no parameter");
                    }
                    continue;
                }
                if (at == null) {
                    if (button.required()) {
                        problems.add(new FieldProblem("template.components", "the template's button " + button.index()
                                + " (" + button.type() + ") needs its parameter: add {\"type\":\"button\",\"sub_type\":\""
                                + button.subType() + "\",\"index\":" + button.index() + ",\"parameters\":[{\"type\":\""
                                + button.parameter() + "\",…}]}"));
                    }
                    continue;
                }
                JsonNode component = components.get(at);
                String subType = component.path("sub_type").asString("");
                if (!subType.equals(button.subType())) {
                    add(at, ".sub_type", "must be " + button.subType() + ": the template's button " + button.index()
                            + " is of type " + button.type());
                }
                List<JsonNode> parameters = parameters(at);
                if (parameters.size() != 1) {
                    add(at, ".parameters", "the template's button " + button.index() + " takes 1 " + button.parameter()
                            + " parameter (" + parameters.size() + " given)");
                } else if (!parameters.get(0).path("type").asString("").equals(button.parameter())) {
                    add(at, ".parameters[0].type", "must be " + button.parameter() + " for the template's "
                            + button.type() + " button " + button.index());
                }
            }
            given.forEach((index, at) -> add(at, ".index", "the template has no button " + index
                    + " (it has " + expected.buttons().size() + ")"));
        }

        private List<JsonNode> parameters(Integer at) {
            if (at == null) {
                return List.of();
            }
            JsonNode parameters = components.get(at).get("parameters");
            return parameters == null || !parameters.isArray() ? List.of() : parameters.valueStream().toList();
        }

        private void add(Integer at, String suffix, String problem) {
            problems.add(new FieldProblem(path(at, suffix), problem));
        }

        private String path(Integer at, String suffix) {
            return at == null ? "template.components" : "template.components[" + at + "]" + suffix;
        }

        private static Integer buttonIndex(JsonNode index) {
            if (index == null) {
                return null;
            }
            if (index.isIntegralNumber() && index.canConvertToInt()) {
                return index.intValue();
            }
            if (index.isString() && index.stringValue().matches("\\d{1,2}")) {
                return Integer.parseInt(index.stringValue());
            }
            return null;
        }

        private static String positional(int count) {
            return count == 1 ? "{{1}}" : count == 2 ? "{{1}}, {{2}}" : "{{1}} … {{" + count + "}}";
        }

        private static String article(String word) {
            return (!word.isEmpty() && "AEIOUaeiou".indexOf(word.charAt(0)) >= 0 ? "an " : "a ") + word;
        }
    }
}
