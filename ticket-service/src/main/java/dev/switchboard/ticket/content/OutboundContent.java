package dev.switchboard.ticket.content;

import static dev.switchboard.ticket.content.Problems.present;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.switchboard.events.ContactAddress;
import dev.switchboard.events.ContactEmail;
import dev.switchboard.events.ContactName;
import dev.switchboard.events.ContactPhone;
import dev.switchboard.events.ContactUrl;
import dev.switchboard.events.Location;
import dev.switchboard.events.OutboundMedia;
import dev.switchboard.events.OutboundRequest;
import dev.switchboard.events.OutboundTemplate;
import dev.switchboard.events.OutboundText;
import dev.switchboard.events.OutboundType;
import dev.switchboard.events.Reaction;
import dev.switchboard.events.SharedContact;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The agent API's "Outbound content" (docs/public-surface.md, Agent API): what an agent may send, WhatsApp's rules
 * for it, and how it becomes an {@link OutboundRequest}.
 *
 * <pre>
 * {"type":"text","text":"…","previewUrl":true}
 * {"type":"template","template":{"name":"order_update","language":"en_US","components":[…Cloud API…]}}
 * {"type":"template","template":{"contentSid":"HX…","contentVariables":{"1":"Jane"}}}      (Twilio channels)
 * {"type":"interactive","interactive":{…Cloud API interactive object…}}
 * {"type":"image"|"audio"|"video"|"document"|"sticker","media":{"link"|"id","caption","filename"}}
 * {"type":"location","location":{"latitude","longitude","name","address"}}
 * {"type":"contacts","contacts":[…Cloud API contact objects…]}
 * {"type":"reaction","reaction":{"messageId","emoji"}}                        ("" removes the reaction)
 * </pre>
 * Any of them may carry {@code "replyToMessageId"} to quote a message. The template language may be a code
 * ({@code "en_US"}) or the Cloud API's object ({@code {"code":"en_US","policy":"deterministic"}}).
 *
 * <p>Plain Java, no Spring: {@link #validate} reports every problem at once and never throws, whatever
 * JSON it is given. Limits and their sources are in {@link ContentLimits}.
 */
public final class OutboundContent {

    private static final JsonMapper JSON = JsonMapper.shared();

    private OutboundContent() {
    }

    /**
     * Every reason WhatsApp would refuse this content; empty when it can be sent.
     *
     * @param content the parsed request body (any JSON, or null)
     */
    public static List<FieldProblem> validate(JsonNode content) {
        return ContentValidator.check(content);
    }

    /** The content's {@code type} ("text", "template", …) as given, or null when there is none. */
    public static String type(JsonNode content) {
        if (content == null || !content.isObject()) {
            return null;
        }
        JsonNode type = content.get("type");
        return type != null && type.isString() ? type.stringValue() : null;
    }

    /** Whether this is a template: the only content WhatsApp delivers outside the customer service window. */
    public static boolean isTemplate(JsonNode content) {
        return "template".equals(type(content));
    }

    /**
     * Fills the request's {@code type}, its content fields and {@code replyToMessageId} from valid content.
     * The other content fields are cleared, so a reused builder carries one kind of content only; the
     * request's identity, recipient and timing fields are left to the caller.
     *
     * @throws IllegalArgumentException when the content is not valid (see {@link #validate})
     */
    public static void applyTo(JsonNode content, OutboundRequest.Builder request) {
        Objects.requireNonNull(request, "request");
        List<FieldProblem> problems = validate(content);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("content can't be sent: " + problems);
        }
        request.setText(null)
                .setTemplate(null)
                .setInteractiveJson(null)
                .setMedia(null)
                .setLocation(null)
                .setContacts(new ArrayList<>())
                .setReaction(null)
                .setReplyToMessageId(string(content, "replyToMessageId"));
        String type = type(content);
        switch (type) {
            case "text" -> request.setType(OutboundType.TEXT)
                    .setText(OutboundText.newBuilder()
                            .setBody(content.get("text").stringValue())
                            .setPreviewUrl(present(content.get("previewUrl")) && content.get("previewUrl").booleanValue())
                            .build());
            case "template" -> request.setType(OutboundType.TEMPLATE).setTemplate(template(content.get("template")));
            case "interactive" -> request.setType(OutboundType.INTERACTIVE)
                    .setInteractiveJson(JSON.writeValueAsString(content.get("interactive")));
            case "image", "audio", "video", "document", "sticker" -> {
                JsonNode media = content.get("media");
                request.setType(OutboundType.valueOf(type.toUpperCase(Locale.ROOT)))
                        .setMedia(OutboundMedia.newBuilder()
                                .setId(string(media, "id"))
                                .setLink(string(media, "link"))
                                .setCaption(string(media, "caption"))
                                .setFilename(string(media, "filename"))
                                .build());
            }
            case "location" -> {
                JsonNode location = content.get("location");
                request.setType(OutboundType.LOCATION)
                        .setLocation(Location.newBuilder()
                                .setLatitude(LocationRule.number(location.get("latitude")))
                                .setLongitude(LocationRule.number(location.get("longitude")))
                                .setName(string(location, "name"))
                                .setAddress(string(location, "address"))
                                .build());
            }
            case "contacts" -> {
                List<SharedContact> contacts = new ArrayList<>();
                content.get("contacts").values().forEach(contact -> contacts.add(contact(contact)));
                request.setType(OutboundType.CONTACTS).setContacts(contacts);
            }
            case "reaction" -> {
                JsonNode reaction = content.get("reaction");
                request.setType(OutboundType.REACTION)
                        .setReaction(Reaction.newBuilder()
                                .setMessageId(string(reaction, "messageId"))
                                .setEmoji(string(reaction, "emoji"))
                                .build());
            }
            default -> throw new IllegalStateException("validated content of unknown type " + type);
        }
    }

    /**
     * One line for the helpdesk (the article's text): the text body, the caption, "template &lt;name&gt;", the
     * interactive body text, "location &lt;name | lat,long&gt;", the reaction emoji, the contact names… Line
     * breaks become spaces. Never throws; invalid content gets a best effort ("" when there is nothing).
     */
    public static String summary(JsonNode content) {
        String type = type(content);
        if (type == null) {
            return "";
        }
        String summary = switch (type) {
            case "text" -> string(content, "text");
            case "template" -> templateSummary(content.get("template"));
            case "interactive" -> interactiveSummary(content.get("interactive"));
            case "image", "audio", "video", "document", "sticker" -> mediaSummary(content.get("media"), type);
            case "location" -> locationSummary(content.get("location"));
            case "contacts" -> contactsSummary(content.get("contacts"));
            case "reaction" -> reactionSummary(content.get("reaction"));
            default -> "[" + type + "]";
        };
        return oneLine(summary == null ? "[" + type + "]" : summary);
    }

    // ------------------------------------------------------------------ mapping

    private static OutboundTemplate template(JsonNode template) {
        String contentSid = string(template, "contentSid");
        String name = string(template, "name");
        JsonNode components = template.get("components");
        Map<String, String> variables = new LinkedHashMap<>();
        JsonNode contentVariables = template.get("contentVariables");
        if (present(contentVariables)) {
            contentVariables.properties().forEach(v -> variables.put(v.getKey(), v.getValue().stringValue()));
        }
        return OutboundTemplate.newBuilder()
                // a Twilio template needs no name: the Content SID names it
                .setName(name != null ? name : contentSid)
                .setLanguage(Objects.requireNonNullElse(languageCode(template), ""))
                .setComponentsJson(present(components) && !components.isEmpty()
                        ? JSON.writeValueAsString(components) : null)
                .setContentSid(contentSid)
                .setContentVariables(variables)
                .build();
    }

    private static String languageCode(JsonNode template) {
        JsonNode language = template.get("language");
        if (!present(language)) {
            return null;
        }
        return language.isObject() ? string(language, "code") : language.isString() ? language.stringValue() : null;
    }

    private static SharedContact contact(JsonNode contact) {
        JsonNode name = contact.get("name");
        JsonNode org = contact.get("org");
        return SharedContact.newBuilder()
                .setName(ContactName.newBuilder()
                        .setFormattedName(string(name, "formatted_name"))
                        .setFirstName(string(name, "first_name"))
                        .setLastName(string(name, "last_name"))
                        .setMiddleName(string(name, "middle_name"))
                        .setPrefix(string(name, "prefix"))
                        .setSuffix(string(name, "suffix"))
                        .build())
                .setPhones(list(contact.get("phones"), p -> ContactPhone.newBuilder()
                        .setPhone(string(p, "phone")).setWaId(string(p, "wa_id")).setType(string(p, "type")).build()))
                .setEmails(list(contact.get("emails"), e -> ContactEmail.newBuilder()
                        .setEmail(string(e, "email")).setType(string(e, "type")).build()))
                .setUrls(list(contact.get("urls"), u -> ContactUrl.newBuilder()
                        .setUrl(string(u, "url")).setType(string(u, "type")).build()))
                .setAddresses(list(contact.get("addresses"), a -> ContactAddress.newBuilder()
                        .setStreet(string(a, "street"))
                        .setCity(string(a, "city"))
                        .setState(string(a, "state"))
                        .setZip(string(a, "zip"))
                        .setCountry(string(a, "country"))
                        .setCountryCode(string(a, "country_code"))
                        .setType(string(a, "type"))
                        .build()))
                .setCompany(string(org, "company"))
                .setDepartment(string(org, "department"))
                .setTitle(string(org, "title"))
                .setBirthday(string(contact, "birthday"))
                .build();
    }

    private static <T> List<T> list(JsonNode array, Function<JsonNode, T> mapper) {
        List<T> result = new ArrayList<>();
        if (present(array) && array.isArray()) {
            array.values().forEach(element -> result.add(mapper.apply(element)));
        }
        return result;
    }

    // ------------------------------------------------------------------ summaries

    private static String templateSummary(JsonNode template) {
        String name = string(template, "name");
        String label = name != null ? name : string(template, "contentSid");
        return label == null ? null : "template " + label;
    }

    private static String interactiveSummary(JsonNode interactive) {
        String body = string(interactive == null ? null : interactive.get("body"), "text");
        if (body != null && !body.isBlank()) {
            return body;
        }
        String type = string(interactive, "type");
        return type == null ? "[interactive]" : "[interactive " + type + "]";
    }

    private static String mediaSummary(JsonNode media, String type) {
        String caption = string(media, "caption");
        if (caption != null && !caption.isBlank()) {
            return caption;
        }
        String filename = string(media, "filename");
        return filename != null && !filename.isBlank() ? filename : "[" + type + "]";
    }

    private static String locationSummary(JsonNode location) {
        String name = string(location, "name");
        if (name != null && !name.isBlank()) {
            return "location " + name;
        }
        if (location == null || !location.isObject()) {
            return null;
        }
        Double latitude = coordinate(location.get("latitude"));
        Double longitude = coordinate(location.get("longitude"));
        if (latitude == null || longitude == null) {
            return "[location]";
        }
        return "location " + BigDecimal.valueOf(latitude).toPlainString() + ","
                + BigDecimal.valueOf(longitude).toPlainString();
    }

    private static Double coordinate(JsonNode node) {
        return present(node) ? LocationRule.number(node) : null;
    }

    private static String contactsSummary(JsonNode contacts) {
        if (contacts == null || !contacts.isArray() || contacts.isEmpty()) {
            return null;
        }
        String names = contacts.values().stream()
                .map(contact -> string(contact.isObject() ? contact.get("name") : null, "formatted_name"))
                .filter(name -> name != null && !name.isBlank())
                .collect(Collectors.joining(", "));
        String label = contacts.size() == 1 ? "contact" : "contacts";
        return names.isEmpty() ? "[" + label + "]" : label + " " + names;
    }

    private static String reactionSummary(JsonNode reaction) {
        if (reaction == null || !reaction.isObject()) {
            return null;
        }
        String emoji = string(reaction, "emoji");
        return emoji == null || emoji.isEmpty() ? "reaction removed" : emoji;
    }

    private static String oneLine(String value) {
        return value.replaceAll("\\s*\\R\\s*", " ").strip();
    }

    /** The named string field of an object node; null for anything else. */
    private static String string(JsonNode node, String name) {
        if (node == null || !node.isObject()) {
            return null;
        }
        JsonNode value = node.get(name);
        return value != null && value.isString() ? value.stringValue() : null;
    }
}
