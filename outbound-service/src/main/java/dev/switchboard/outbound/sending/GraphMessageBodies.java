package dev.switchboard.outbound.sending;

import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;

import dev.switchboard.events.ContactAddress;
import dev.switchboard.events.ContactEmail;
import dev.switchboard.events.ContactName;
import dev.switchboard.events.ContactPhone;
import dev.switchboard.events.ContactUrl;
import dev.switchboard.events.Customer;
import dev.switchboard.events.Location;
import dev.switchboard.events.MarkRead;
import dev.switchboard.events.OutboundMedia;
import dev.switchboard.events.OutboundRequest;
import dev.switchboard.events.OutboundTemplate;
import dev.switchboard.events.OutboundText;
import dev.switchboard.events.OutboundType;
import dev.switchboard.events.Reaction;
import dev.switchboard.events.SharedContact;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Cloud API body of {@code POST /{version}/{phone-number-id}/messages} for an {@link OutboundRequest}, as in
 * Meta's OpenAPI examples (business-messaging-api_v23.0.yaml; copies in {@code test/resources/fixtures/meta}).
 *
 * <p>Every message carries {@code messaging_product}, {@code recipient_type: "individual"}, the recipient, its
 * {@code type}, {@code context.message_id} when it quotes a message, and {@code biz_opaque_callback_data} = the request
 * id (Meta echoes it in every status webhook of the message: a correlation that does not depend on the wamid). The
 * recipient is {@code "to": <wa_id>}; a customer known only by a business-scoped user id (BSUID) is addressed with
 * {@code "recipient": <BSUID>}, the field Meta added for usernames (see {@code package-info}). A mark-as-read
 * is not a message: {@code {"messaging_product","status":"read","message_id"}} plus {@code typing_indicator}.
 *
 * <p>Plain Java; throws {@link UnsendableRequestException} for a request that can't become a valid body.
 */
public final class GraphMessageBodies {

    /** Meta's limit for {@code biz_opaque_callback_data}; a longer request id is left out rather than cut. */
    public static final int MAX_CALLBACK_DATA = 512;

    private static final JsonMapper JSON = JsonMapper.shared();

    private GraphMessageBodies() {
    }

    /** The body as JSON text (UTF-8 when encoded), what {@link GraphClient} sends. */
    public static String json(OutboundRequest request) {
        return JSON.writeValueAsString(of(request));
    }

    /** The body as a JSON tree. */
    public static ObjectNode of(OutboundRequest request) {
        OutboundType type = request.getType();
        if (type == null || type == OutboundType.UNKNOWN) {
            throw new UnsendableRequestException("unknown message type", "request " + request.getRequestId()
                    + " has type " + type + ", which this service cannot send");
        }
        if (type == OutboundType.MARK_READ) {
            return markRead(request.getMarkRead());
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("messaging_product", "whatsapp");
        body.put("recipient_type", "individual");
        recipient(body, request.getRecipient());
        body.put("type", typeName(type));
        if (present(request.getReplyToMessageId()) && type != OutboundType.REACTION) {
            body.putObject("context").put("message_id", request.getReplyToMessageId());
        }
        switch (type) {
            case TEXT -> text(body, request.getText());
            case TEMPLATE -> template(body, request.getTemplate());
            case INTERACTIVE -> body.set("interactive", interactive(request.getInteractiveJson()));
            case IMAGE, AUDIO, VIDEO, DOCUMENT, STICKER -> media(body, type, request.getMedia());
            case LOCATION -> location(body, request.getLocation());
            case CONTACTS -> contacts(body, request.getContacts());
            case REACTION -> reaction(body, request.getReaction());
            default -> throw new IllegalStateException("unhandled type " + type);
        }
        String callbackData = request.getRequestId();
        if (present(callbackData) && callbackData.length() <= MAX_CALLBACK_DATA) {
            body.put("biz_opaque_callback_data", callbackData);
        }
        return body;
    }

    /** The Cloud API's name of a message type: "text", "image", … */
    static String typeName(OutboundType type) {
        return type.name().toLowerCase(Locale.ROOT);
    }

    // ------------------------------------------------------------------ parts

    private static void recipient(ObjectNode body, Customer customer) {
        if (customer != null && present(customer.getWaId())) {
            body.put("to", customer.getWaId());
        } else if (customer != null && present(customer.getUserId())) {
            body.put("recipient", customer.getUserId());
        } else if (customer != null && present(customer.getParentUserId())) {
            body.put("recipient", customer.getParentUserId());
        } else {
            throw new UnsendableRequestException("no recipient", "the recipient has neither a wa_id nor a user id");
        }
    }

    private static void text(ObjectNode body, OutboundText text) {
        if (text == null || text.getBody() == null || text.getBody().isEmpty()) {
            throw new UnsendableRequestException("no text", "a text message needs a body");
        }
        ObjectNode node = body.putObject("text");
        node.put("preview_url", text.getPreviewUrl());
        node.put("body", text.getBody());
    }

    private static void template(ObjectNode body, OutboundTemplate template) {
        if (template == null || !present(template.getName())) {
            throw new UnsendableRequestException("no template", "a template message needs the template's name");
        }
        if (!present(template.getLanguage())) {
            throw new UnsendableRequestException("no template language",
                    "template " + template.getName() + " needs a language code (e.g. en_US) on the Cloud API");
        }
        ObjectNode node = body.putObject("template");
        node.put("name", template.getName());
        node.putObject("language").put("code", template.getLanguage());
        if (present(template.getComponentsJson())) {
            JsonNode components = parse(template.getComponentsJson(), "template components");
            if (!components.isArray()) {
                throw new UnsendableRequestException("invalid template components",
                        "template components must be a JSON array, not " + components.getNodeType());
            }
            if (!components.isEmpty()) {
                node.set("components", components);
            }
        }
    }

    private static JsonNode interactive(String json) {
        if (!present(json)) {
            throw new UnsendableRequestException("no interactive content", "an interactive message needs its object");
        }
        JsonNode interactive = parse(json, "interactive object");
        if (!interactive.isObject()) {
            throw new UnsendableRequestException("invalid interactive content",
                    "the interactive message must be a JSON object, not " + interactive.getNodeType());
        }
        return interactive;
    }

    private static void media(ObjectNode body, OutboundType type, OutboundMedia media) {
        if (media == null || !present(media.getId()) && !present(media.getLink())) {
            throw new UnsendableRequestException("no media", "a " + typeName(type) + " message needs a media id or link");
        }
        ObjectNode node = body.putObject(typeName(type));
        // By id (uploaded to Meta) or by link, never both: the id wins.
        if (present(media.getId())) {
            node.put("id", media.getId());
        } else {
            node.put("link", media.getLink());
        }
        // Audio and stickers have no caption on the Cloud API; only documents have a filename.
        boolean captioned = type == OutboundType.IMAGE || type == OutboundType.VIDEO || type == OutboundType.DOCUMENT;
        if (captioned && present(media.getCaption())) {
            node.put("caption", media.getCaption());
        }
        if (type == OutboundType.DOCUMENT && present(media.getFilename())) {
            node.put("filename", media.getFilename());
        }
    }

    private static void location(ObjectNode body, Location location) {
        if (location == null) {
            throw new UnsendableRequestException("no location", "a location message needs its coordinates");
        }
        ObjectNode node = body.putObject("location");
        node.put("latitude", location.getLatitude());
        node.put("longitude", location.getLongitude());
        putIfPresent(node, "name", location.getName());
        putIfPresent(node, "address", location.getAddress());
    }

    private static void contacts(ObjectNode body, List<SharedContact> contacts) {
        if (contacts == null || contacts.isEmpty()) {
            throw new UnsendableRequestException("no contacts", "a contacts message needs at least one contact");
        }
        ArrayNode array = body.putArray("contacts");
        for (SharedContact contact : contacts) {
            array.add(contact(contact));
        }
    }

    /** A {@link SharedContact} as the Cloud API's contact object; absent fields are left out. */
    static ObjectNode contact(SharedContact contact) {
        ObjectNode node = JSON.createObjectNode();
        ContactName name = contact.getName();
        if (name == null || !present(name.getFormattedName())) {
            throw new UnsendableRequestException("contact without name", "every shared contact needs name.formatted_name");
        }
        ObjectNode nameNode = node.putObject("name");
        putIfPresent(nameNode, "formatted_name", name.getFormattedName());
        putIfPresent(nameNode, "first_name", name.getFirstName());
        putIfPresent(nameNode, "last_name", name.getLastName());
        putIfPresent(nameNode, "middle_name", name.getMiddleName());
        putIfPresent(nameNode, "prefix", name.getPrefix());
        putIfPresent(nameNode, "suffix", name.getSuffix());
        array(node, "phones", contact.getPhones(), (ContactPhone phone, ObjectNode out) -> {
            putIfPresent(out, "phone", phone.getPhone());
            putIfPresent(out, "type", phone.getType());
            putIfPresent(out, "wa_id", phone.getWaId());
        });
        array(node, "emails", contact.getEmails(), (ContactEmail email, ObjectNode out) -> {
            putIfPresent(out, "email", email.getEmail());
            putIfPresent(out, "type", email.getType());
        });
        array(node, "urls", contact.getUrls(), (ContactUrl url, ObjectNode out) -> {
            putIfPresent(out, "url", url.getUrl());
            putIfPresent(out, "type", url.getType());
        });
        array(node, "addresses", contact.getAddresses(), (ContactAddress address, ObjectNode out) -> {
            putIfPresent(out, "street", address.getStreet());
            putIfPresent(out, "city", address.getCity());
            putIfPresent(out, "state", address.getState());
            putIfPresent(out, "zip", address.getZip());
            putIfPresent(out, "country", address.getCountry());
            putIfPresent(out, "country_code", address.getCountryCode());
            putIfPresent(out, "type", address.getType());
        });
        if (present(contact.getCompany()) || present(contact.getDepartment()) || present(contact.getTitle())) {
            ObjectNode org = node.putObject("org");
            putIfPresent(org, "company", contact.getCompany());
            putIfPresent(org, "department", contact.getDepartment());
            putIfPresent(org, "title", contact.getTitle());
        }
        putIfPresent(node, "birthday", contact.getBirthday());
        return node;
    }

    private static void reaction(ObjectNode body, Reaction reaction) {
        if (reaction == null || !present(reaction.getMessageId())) {
            throw new UnsendableRequestException("no reaction", "a reaction needs the id of the message reacted to");
        }
        ObjectNode node = body.putObject("reaction");
        node.put("message_id", reaction.getMessageId());
        // An empty emoji removes our reaction.
        node.put("emoji", reaction.getEmoji() == null ? "" : reaction.getEmoji());
    }

    private static ObjectNode markRead(MarkRead markRead) {
        if (markRead == null || !present(markRead.getMessageId())) {
            throw new UnsendableRequestException("nothing to mark read", "a mark-as-read needs the inbound message id");
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("messaging_product", "whatsapp");
        body.put("status", "read");
        body.put("message_id", markRead.getMessageId());
        if (markRead.getTypingIndicator()) {
            body.putObject("typing_indicator").put("type", "text");
        }
        return body;
    }

    // ------------------------------------------------------------------ helpers

    private static <T> void array(ObjectNode node, String field, List<T> items, BiConsumer<T, ObjectNode> fill) {
        if (items == null || items.isEmpty()) {
            return;
        }
        ArrayNode array = node.putArray(field);
        for (T item : items) {
            ObjectNode out = JSON.createObjectNode();
            fill.accept(item, out);
            array.add(out);
        }
    }

    private static JsonNode parse(String json, String what) {
        try {
            return JSON.readTree(json);
        } catch (JacksonException e) {
            throw new UnsendableRequestException("invalid " + what, "the " + what + " is not valid JSON: "
                    + e.getOriginalMessage());
        }
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (present(value)) {
            node.put(field, value);
        }
    }

    static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
