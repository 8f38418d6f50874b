package dev.switchboard.sandbox.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.switchboard.sandbox.Answer;
import dev.switchboard.sandbox.TemplateSettings;
import dev.switchboard.sandbox.channel.Channel;
import dev.switchboard.sandbox.channel.Channels;
import dev.switchboard.sandbox.channel.Provider;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The message templates of each Meta channel's (and Meta or 360dialog account's) WABA:
 * {@code GET /{waba-id}/message_templates} (paged, filtered by {@code name} and {@code status}), 360dialog's listing,
 * the send check's verdict on a template a send names, and status changes ({@code POST /sandbox/templates/status}).
 * Checked at start: every entry names a Meta channel or account and has a name, language, status, category and a
 * JSON array of components.
 */
public final class TemplateCatalogue {

    /** Every channel's templates when the settings name none for it. */
    static final List<TemplateSettings.Template> DEFAULTS = List.of(
            new TemplateSettings.Template("order_update", "en_US", "APPROVED", "UTILITY",
                    "[{\"type\":\"BODY\",\"text\":\"Your order {{1}} has been updated. Reply to this message if you"
                            + " have a question.\",\"example\":{\"body_text\":[[\"#12345\"]]}}]"),
            new TemplateSettings.Template("hello_world", "en_US", "APPROVED", "UTILITY",
                    "[{\"type\":\"HEADER\",\"format\":\"TEXT\",\"text\":\"Hello World\"},{\"type\":\"BODY\",\"text\":"
                            + "\"Welcome and congratulations!! This message demonstrates your ability to send a"
                            + " WhatsApp message notification from the Cloud API, hosted by Meta. Thank you for"
                            + " taking the time to test with us.\"},{\"type\":\"FOOTER\",\"text\":\"WhatsApp Business"
                            + " Platform sample message\"}]"),
            new TemplateSettings.Template("spring_sale", "en_US", "PAUSED", "MARKETING",
                    "[{\"type\":\"BODY\",\"text\":\"Hi {{1}}, our spring sale starts today: 20% off everything.\","
                            + "\"example\":{\"body_text\":[[\"Ana\"]]}},{\"type\":\"BUTTONS\",\"buttons\":[{\"type\":"
                            + "\"QUICK_REPLY\",\"text\":\"Stop promotions\"}]}]"),
            new TemplateSettings.Template("win_back", "en_US", "REJECTED", "MARKETING",
                    "[{\"type\":\"BODY\",\"text\":\"We miss you, {{1}}! Come back for a gift.\",\"example\":"
                            + "{\"body_text\":[[\"Ana\"]]}}]"));

    private static final JsonMapper JSON = JsonMapper.shared();

    private final Channels channels;
    private final Map<String, List<ObjectNode>> byChannel;

    public TemplateCatalogue(Channels channels, TemplateSettings settings) {
        this.channels = channels;
        List<String> problems = new ArrayList<>();
        settings.templates().keySet().stream()
                .filter(id -> channels.find(id).filter(c -> c.provider() == Provider.META).isEmpty())
                .forEach(id -> problems.add("switchboard.sandbox.templates." + id + ": not a Meta channel or account"));
        Map<String, List<ObjectNode>> templates = new HashMap<>();
        for (Channel channel : channels.all()) {
            if (channel.provider() != Provider.META) {
                continue;
            }
            List<TemplateSettings.Template> configured = settings.templates().getOrDefault(channel.id(), DEFAULTS);
            List<ObjectNode> nodes = new ArrayList<>();
            for (int i = 0; i < configured.size(); i++) {
                String at = "switchboard.sandbox.templates." + channel.id() + "[" + i + "]";
                nodes.add(template(channel, configured.get(i), at, problems));
            }
            templates.put(channel.id(), List.copyOf(nodes));
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("The sandbox's templates are not usable:\n  " + String.join("\n  ",
                    problems));
        }
        this.byChannel = new ConcurrentHashMap<>(templates);
    }

    private static ObjectNode template(Channel channel, TemplateSettings.Template t, String at,
                                       List<String> problems) {
        ObjectNode node = JSON.createObjectNode();
        for (String[] field : new String[][] {{"name", t.name()}, {"language", t.language()},
                {"status", t.status()}, {"category", t.category()}}) {
            if (field[1] == null || field[1].isBlank()) {
                problems.add(at + "." + field[0] + ": required");
            }
        }
        node.put("name", t.name());
        node.put("parameter_format", "POSITIONAL");
        try {
            JsonNode components = t.components() == null ? null : JSON.readTree(t.components());
            if (components == null || !components.isArray()) {
                problems.add(at + ".components: a JSON array of components, such as [{\"type\":\"BODY\","
                        + "\"text\":\"Hello {{1}}\"}]");
            } else {
                node.set("components", components);
            }
        } catch (JacksonException e) {
            problems.add(at + ".components: not JSON (" + e.getOriginalMessage() + ")");
        }
        node.put("language", t.language());
        node.put("status", t.status() == null ? null : t.status().toUpperCase(Locale.ROOT));
        node.put("category", t.category() == null ? null : t.category().toUpperCase(Locale.ROOT));
        node.put("id", id(channel.id() + "/" + t.name() + "/" + t.language()));
        return node;
    }

    /** A template id as Meta's: 16 digits, stable for a channel, name and language. */
    private static String id(String key) {
        return GraphIds.of(key, 16);
    }

    /** {@code GET /{waba-id}/message_templates[?name=&status=&limit=&after=]} with the channel's token. */
    public Answer list(String wabaId, String authorization, String name, String status, Integer limit, String after,
                       String edgeUrl) {
        Optional<Channel> channel = GraphAuth.channelOf(channels, GraphAuth.bearer(authorization));
        if (channel.isEmpty()) {
            return GraphErrors.invalidToken().toAnswer();
        }
        String waba = channel.get().meta().wabaId();
        if (waba == null || !waba.equals(wabaId)) {
            return GraphErrors.unknownObject(wabaId, "get").toAnswer();
        }
        return listFor(channel.get(), name, status, limit, after, edgeUrl);
    }

    /** The listing for a caller already authenticated (360dialog's {@code GET /message_templates}: its API key). */
    public Answer listFor(Channel channel, String name, String status, Integer limit, String after, String edgeUrl) {
        List<ObjectNode> templates = byChannel.get(channel.id()).stream()
                .filter(t -> name == null || name.isBlank() || t.get("name").asString().contains(name))
                .filter(t -> status == null || status.isBlank() || t.get("status").asString()
                        .equalsIgnoreCase(status))
                .toList();
        ObjectNode page = GraphPaging.page(templates, limit, after, edgeUrl);
        return page == null ? GraphErrors.invalidParameter("Invalid cursor: " + after).toAnswer()
                : Answer.json(200, JSON.writeValueAsString(page));
    }

    /**
     * A template's new status, as Meta's review or quality rating sets it.
     *
     * @param status APPROVED, REJECTED, PAUSED, DISABLED, …
     * @return the template as it is now, or empty when no channel of the WABA lists it
     */
    public synchronized Optional<ObjectNode> changeStatus(String wabaId, String name, String language,
                                                          String status) {
        Optional<ObjectNode> changed = Optional.empty();
        for (Channel channel : channels.byWaba(wabaId)) {
            List<ObjectNode> now = new ArrayList<>(byChannel.getOrDefault(channel.id(), List.of()));
            for (int i = 0; i < now.size(); i++) {
                ObjectNode t = now.get(i);
                if (t.get("name").asString().equals(name) && t.get("language").asString().equals(language)) {
                    ObjectNode copy = t.deepCopy();
                    copy.put("status", status);
                    now.set(i, copy);
                    changed = changed.or(() -> Optional.of(copy));
                }
            }
            byChannel.put(channel.id(), List.copyOf(now));
        }
        return changed;
    }

    /** A channel's (or account's) templates as they are now. */
    public List<ObjectNode> of(String channelId) {
        return byChannel.getOrDefault(channelId, List.of());
    }

    /**
     * The template's category as its priced ({@code marketing}, {@code utility}, {@code authentication}); empty
     * for one the catalogue does not list.
     */
    public Optional<String> category(String channelId, String name, String language) {
        return byChannel.getOrDefault(channelId, List.of()).stream()
                .filter(t -> t.get("name").asString().equals(name) && t.get("language").asString().equals(language))
                .findFirst()
                .map(t -> t.path("category").asString(""))
                .filter(category -> !category.isBlank())
                .map(category -> category.toLowerCase(Locale.ROOT));
    }

    /**
     * Why a send of this template is refused, as Meta answers it: 132015 for a paused one, 132016 for a disabled
     * one, 132001 for one not approved (pending, rejected, …); empty for an approved one and for one the catalogue
     * does not list (the sandbox then takes the send's word for it).
     */
    public Optional<GraphError> refusal(String channelId, String name, String language) {
        return byChannel.getOrDefault(channelId, List.of()).stream()
                .filter(t -> t.get("name").asString().equals(name) && t.get("language").asString().equals(language))
                .findFirst()
                .map(t -> t.get("status").asString())
                .flatMap(status -> switch (status) {
                    case "APPROVED" -> Optional.empty();
                    case "PAUSED" -> Optional.of(GraphErrors.of(132015));
                    case "DISABLED" -> Optional.of(GraphErrors.of(132016));
                    default -> Optional.of(GraphErrors.of(132001).withDetails("template name (" + name
                            + ") does not exist in " + language));
                });
    }
}
