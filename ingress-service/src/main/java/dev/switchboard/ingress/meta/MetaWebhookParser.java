package dev.switchboard.ingress.meta;

import static dev.switchboard.ingress.meta.Json.bool;
import static dev.switchboard.ingress.meta.Json.decimal;
import static dev.switchboard.ingress.meta.Json.elements;
import static dev.switchboard.ingress.meta.Json.epochSeconds;
import static dev.switchboard.ingress.meta.Json.integer;
import static dev.switchboard.ingress.meta.Json.text;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import dev.switchboard.events.AccountEvent;
import dev.switchboard.events.AccountEventType;
import dev.switchboard.events.AdReferral;
import dev.switchboard.events.ButtonReply;
import dev.switchboard.events.Call;
import dev.switchboard.events.ContactAddress;
import dev.switchboard.events.ContactEmail;
import dev.switchboard.events.ContactName;
import dev.switchboard.events.ContactPhone;
import dev.switchboard.events.ContactUrl;
import dev.switchboard.events.ConversationInfo;
import dev.switchboard.events.Customer;
import dev.switchboard.events.DeliveryStatus;
import dev.switchboard.events.InboundMessage;
import dev.switchboard.events.InboundMessageType;
import dev.switchboard.events.InteractiveReply;
import dev.switchboard.events.InteractiveReplyKind;
import dev.switchboard.events.Location;
import dev.switchboard.events.Media;
import dev.switchboard.events.MessageContext;
import dev.switchboard.events.MessageStatus;
import dev.switchboard.events.Order;
import dev.switchboard.events.OrderItem;
import dev.switchboard.events.Pricing;
import dev.switchboard.events.Provider;
import dev.switchboard.events.ProviderError;
import dev.switchboard.events.Reaction;
import dev.switchboard.events.ReferredProduct;
import dev.switchboard.events.SharedContact;
import dev.switchboard.events.SystemChange;
import dev.switchboard.events.SystemChangeKind;
import dev.switchboard.ingress.webhook.ParsedWebhook;
import dev.switchboard.ingress.webhook.WebhookSource;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a verified Cloud API webhook body into typed events: every message and every status of every entry and
 * every change, not only the first, and every account-level change ({@link AccountChanges}). It never throws: a message it cannot map becomes an UNSUPPORTED event that
 * carries its raw JSON, and whatever cannot become an event at all is reported as a problem (the raw body is
 * recorded on the raw topic regardless).
 */
public final class MetaWebhookParser {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Voice calls: message-like, routed by their number, each connect and terminate a CALL message. */
    static final String CALLS = "calls";
    /** What Meta Business Agent sends while it handles a conversation: kept raw (see the README). */
    static final Set<String> BUSINESS_AGENT_FIELDS = Set.of("standby", "messaging_handovers");

    private final Provider provider;

    /** For Meta's own webhooks. */
    public MetaWebhookParser() {
        this(Provider.META);
    }

    /** @param provider who delivered the webhooks (META, or DIALOG360 for 360dialog's copies of Meta's): on every event */
    public MetaWebhookParser(Provider provider) {
        this.provider = provider;
    }

    /** Parses a webhook whose changes all belong to {@code source}'s channel; any other number is refused. */
    public ParsedWebhook parse(WebhookSource source, byte[] body) {
        return parse(source, NumberOwners.NONE, body);
    }

    /**
     * Parses a webhook posted to {@code source}'s channel. A change for a number of another channel that shares the
     * verifying app secret becomes that channel's events ({@code otherChannels}); any other number is refused.
     */
    public ParsedWebhook parse(WebhookSource source, NumberOwners otherChannels, byte[] body) {
        Found found = new Found();
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            found.problems.add("body is not JSON: " + e.getOriginalMessage());
            return found.parsed();
        }
        if (root == null || !root.isObject()) {
            found.problems.add("body is not a JSON object");
            return found.parsed();
        }
        try {
            parseEntries(source, otherChannels, root, found);
        } catch (RuntimeException e) {
            // A safety net, not a path: the mapping is lenient, so this means a bug; what was mapped so far is kept.
            found.problems.add("parser failure, the rest of this body is on the raw topic only: " + e);
        }
        return found.parsed();
    }

    /** What a body yields, gathered while its entries and changes are read. */
    private static final class Found {
        final List<InboundMessage> messages = new ArrayList<>();
        final List<MessageStatus> statuses = new ArrayList<>();
        final List<AccountEvent> accountEvents = new ArrayList<>();
        final List<String> problems = new ArrayList<>();
        final List<ParsedWebhook.KeptRaw> keptRaw = new ArrayList<>();

        ParsedWebhook parsed() {
            return new ParsedWebhook(messages, statuses, accountEvents, problems, keptRaw);
        }

        /** An account event; an untyped one (OTHER) is kept raw, counted by its field. */
        void account(AccountEvent event) {
            accountEvents.add(event);
            if (event.getType() == AccountEventType.OTHER) {
                keptRaw.add(new ParsedWebhook.KeptRaw(event.getChannelId(), event.getField(),
                        BUSINESS_AGENT_FIELDS.contains(event.getField()) ? ParsedWebhook.Reason.BUSINESS_AGENT
                                : ParsedWebhook.Reason.NOT_TYPED));
            }
        }
    }

    private void parseEntries(WebhookSource urlSource, NumberOwners otherChannels, JsonNode root, Found found) {
        for (JsonNode entry : elements(root.path("entry"))) {
            String accountId = text(entry, "id");
            Instant entryTime = epochSeconds(entry, "time");
            for (JsonNode change : elements(entry.path("changes"))) {
                String field = text(change, "field");
                JsonNode value = change.path("value");
                String numberId = text(value.path("metadata"), "phone_number_id");
                if (AccountChanges.USER_PREFERENCES.equals(field)) {
                    // An account-level field about one customer: the channel of its number, else the URL's.
                    WebhookSource source = Objects.requireNonNullElse(routed(urlSource, otherChannels, numberId),
                            urlSource);
                    AccountChanges.userPreferences(provider, source, accountId, entryTime, value, found.problems)
                            .forEach(found::account);
                    continue;
                }
                // smb_message_echoes: what the business sent from the WhatsApp Business app (coexistence).
                boolean echoes = "smb_message_echoes".equals(field);
                boolean calls = CALLS.equals(field);
                if (field != null && !"messages".equals(field) && !echoes && !calls) {
                    // Account-level (templates, quality, limits, account_update, …): the URL's channel's.
                    try {
                        found.account(AccountChanges.event(provider, urlSource, accountId, entryTime, field, value,
                                found.problems));
                    } catch (RuntimeException e) {
                        found.problems.add("change of field '" + field + "' could not be mapped, kept on the raw topic"
                                + " only: " + reason(e));
                    }
                    continue;
                }
                List<JsonNode> valueMessages = elements(value.path(
                        echoes ? "message_echoes" : calls ? CALLS : "messages"));
                List<JsonNode> valueStatuses = elements(value.path("statuses"));
                WebhookSource source = routed(urlSource, otherChannels, numberId);
                if (source == null) {
                    if (!valueMessages.isEmpty() || !valueStatuses.isEmpty()) {
                        NumberOwners.Owner owner = numberId == null ? null : otherChannels.ownerOf(numberId).orElse(null);
                        found.problems.add("phone_number_id " + numberId + " does not belong to channel "
                                + urlSource.channelId() + notRoutedBecause(owner) + ": refused "
                                + valueMessages.size() + (calls ? " call event(s)" : " message(s)") + " and "
                                + valueStatuses.size() + " status(es)");
                    }
                    continue;
                }
                Business business = new Business(numberId, text(value.path("metadata"), "display_phone_number"), accountId);
                List<JsonNode> contacts = elements(value.path("contacts"));
                if (calls) {
                    for (JsonNode call : valueMessages) {
                        addIfMapped(found.messages, call(source, business, contacts, call, found.problems));
                    }
                    // The statuses of a business-initiated call (ringing, accepted, rejected): not typed yet.
                    for (int i = 0; i < valueStatuses.size(); i++) {
                        found.keptRaw.add(new ParsedWebhook.KeptRaw(source.channelId(), CALLS,
                                ParsedWebhook.Reason.NOT_TYPED));
                    }
                } else {
                    for (JsonNode message : valueMessages) {
                        if (!refusedAsGroupMessage(source, echoes ? field : "messages", message, found)) {
                            addIfMapped(found.messages, message(source, business, contacts, message, echoes,
                                    found.problems));
                        }
                    }
                    for (JsonNode status : valueStatuses) {
                        try {
                            found.statuses.add(status(source, business, status));
                        } catch (RuntimeException e) {
                            found.problems.add("status " + text(status, "id") + " could not be mapped: " + reason(e));
                        }
                    }
                }
                for (JsonNode error : elements(value.path("errors"))) {
                    found.problems.add("webhook error " + text(error, "code") + " " + text(error, "title") + ": "
                            + text(error.path("error_data"), "details"));
                }
            }
        }
    }

    private static <T> void addIfMapped(List<T> events, T event) {
        if (event != null) {
            events.add(event);
        }
    }

    /**
     * A message to or in a WhatsApp group ({@code group_id}) is no customer's: filed under its sender it would be
     * misfiled. It yields no event: it is reported, counted and kept on the raw topic only.
     */
    private static boolean refusedAsGroupMessage(WebhookSource source, String field, JsonNode message, Found found) {
        String groupId = text(message, "group_id");
        if (groupId == null) {
            return false;
        }
        found.problems.add("message " + text(message, "id") + " of group " + groupId
                + " refused: group messages are not supported, it is kept on the raw topic only");
        found.keptRaw.add(new ParsedWebhook.KeptRaw(source.channelId(), field, ParsedWebhook.Reason.GROUP_MESSAGE));
        return true;
    }

    /**
     * The channel a change for {@code numberId} belongs to: the URL's own if the number is one of its, else the channel
     * that has the number and shares the app secret that verified the body; null if neither.
     */
    private static WebhookSource routed(WebhookSource urlSource, NumberOwners otherChannels, String numberId) {
        if (numberId == null) {
            return null;
        }
        if (urlSource.businessNumberIds().contains(numberId)) {
            return urlSource;
        }
        return otherChannels.ownerOf(numberId).filter(NumberOwners.Owner::sameAppSecret)
                .map(owner -> new WebhookSource(owner.channelId(), owner.businessNumberIds(), urlSource.rawWebhookId(),
                        urlSource.receivedAt()))
                .orElse(null);
    }

    private static String notRoutedBecause(NumberOwners.Owner owner) {
        return owner == null ? " nor to any other Meta channel"
                : " but to channel " + owner.channelId() + ", whose app secret did not sign this webhook, so it is not"
                        + " routed there";
    }

    private record Business(String numberId, String displayNumber, String accountId) {
    }

    // ------------------------------------------------------------------------------------------------ messages

    /** {@code echo}: the business sent {@code m} (smb_message_echoes), so the customer is its recipient. */
    private InboundMessage message(WebhookSource source, Business business, List<JsonNode> contacts, JsonNode m,
                                   boolean echo, List<String> problems) {
        String waId = text(m, echo ? "to" : "from");
        String userId = text(m, echo ? "to_user_id" : "from_user_id");
        if (!echo && waId == null && userId == null && "system".equals(text(m, "type"))) {
            // user_changed_user_id may name no sender: the conversation is the one of the customer's previous id.
            userId = text(m.path("system"), "previous_user_id");
        }
        Customer customer = customer(waId, userId, text(m, echo ? "to_parent_user_id" : "from_parent_user_id"),
                contacts, true);
        if (customer.getWaId() == null && customer.getUserId() == null) {
            problems.add("message " + text(m, "id") + (echo ? " names no recipient (neither to nor to_user_id)"
                    : " names no sender (neither from nor from_user_id)"));
            return null;
        }
        String type = text(m, "type");
        InboundMessage.Builder event = inbound(source, business, messageId(m), customer, epochSeconds(m, "timestamp"))
                .setEcho(echo)
                .setProviderType(type)
                .setErrors(errors(m.path("errors")));
        try {
            event.setContext(context(m.path("context")));
            event.setReferral(referral(m.path("referral")));
            mapContent(event, type == null ? "" : type, m);
            return event.build();
        } catch (RuntimeException e) {
            problems.add("message " + event.getMessageId() + " of type " + type + " kept as unsupported: " + reason(e));
            return event.setType(InboundMessageType.UNSUPPORTED).setRawJson(m.toString())
                    .setText(null).setMedia(null).setLocation(null).setContacts(List.of()).setInteractive(null)
                    .setButton(null).setReaction(null).setOrder(null).setSystem(null)
                    .build();
        }
    }

    /** A message of {@code customer} on {@code business}'s number, sent at {@code sentAt} (else when it arrived). */
    private InboundMessage.Builder inbound(WebhookSource source, Business business, String messageId, Customer customer,
                                           Instant sentAt) {
        return InboundMessage.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setProvider(provider)
                .setChannelId(source.channelId())
                .setBusinessNumberId(business.numberId())
                .setBusinessDisplayNumber(business.displayNumber())
                .setBusinessAccountId(business.accountId())
                .setMessageId(messageId)
                .setCustomer(customer)
                .setSentAt(Objects.requireNonNullElse(sentAt, source.receivedAt()))
                .setReceivedAt(source.receivedAt())
                .setRawWebhookId(source.rawWebhookId());
    }

    private static void mapContent(InboundMessage.Builder event, String type, JsonNode m) {
        JsonNode content = m.path(type);
        switch (type) {
            case "text" -> event.setType(InboundMessageType.TEXT).setText(required(text(content, "body"), "text.body"));
            case "image" -> event.setType(InboundMessageType.IMAGE).setMedia(media(content));
            case "audio" -> event.setType(InboundMessageType.AUDIO).setMedia(media(content));
            case "video" -> event.setType(InboundMessageType.VIDEO).setMedia(media(content));
            case "document" -> event.setType(InboundMessageType.DOCUMENT).setMedia(media(content));
            case "sticker" -> event.setType(InboundMessageType.STICKER).setMedia(media(content));
            case "location" -> event.setType(InboundMessageType.LOCATION).setLocation(location(content));
            case "contacts" -> event.setType(InboundMessageType.CONTACTS).setContacts(contacts(content));
            case "interactive" -> event.setType(InboundMessageType.INTERACTIVE).setInteractive(interactive(content));
            case "button" -> event.setType(InboundMessageType.BUTTON).setButton(ButtonReply.newBuilder()
                    .setPayload(text(content, "payload")).setText(text(content, "text")).build());
            case "reaction" -> event.setType(InboundMessageType.REACTION).setReaction(reaction(content));
            case "order" -> event.setType(InboundMessageType.ORDER).setOrder(order(content));
            case "system" -> event.setType(InboundMessageType.SYSTEM).setSystem(system(content, m.path("identity")));
            default -> {
                // "unsupported" (older: "unknown") and every type we do not know yet.
                String subtype = text(content, "type");
                event.setType(InboundMessageType.UNSUPPORTED)
                        .setProviderType(subtype != null ? subtype : type)
                        .setRawJson(m.toString());
            }
        }
        if (event.getType() == InboundMessageType.INTERACTIVE
                && event.getInteractive().getKind() == InteractiveReplyKind.UNKNOWN) {
            event.setRawJson(m.toString());
        }
    }

    /** The wamid; a message without one gets an id derived from its content, so redeliveries still dedupe. */
    private static String messageId(JsonNode m) {
        String id = text(m, "id");
        if (id != null && !id.isBlank()) {
            return id;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(m.toString().getBytes(StandardCharsets.UTF_8));
            return "unidentified:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /**
     * The customer, completed from value.contacts: the contact with the same wa_id or BSUID, else a lone contact
     * when {@code loneContact} says a lone contact is this customer. An id given here is never replaced.
     */
    static Customer customer(String waId, String userId, String parentUserId, List<JsonNode> contacts,
                             boolean loneContact) {
        JsonNode contact = contacts.stream()
                .filter(c -> (waId != null && waId.equals(text(c, "wa_id")))
                        || (userId != null && userId.equals(text(c, "user_id"))))
                .findFirst()
                .orElse(loneContact && contacts.size() == 1 ? contacts.get(0) : null);
        Customer.Builder customer = Customer.newBuilder().setWaId(waId).setUserId(userId).setParentUserId(parentUserId);
        if (contact != null) {
            if (customer.getWaId() == null) {
                customer.setWaId(text(contact, "wa_id"));
            }
            if (customer.getUserId() == null) {
                customer.setUserId(text(contact, "user_id"));
            }
            if (customer.getParentUserId() == null) {
                customer.setParentUserId(text(contact, "parent_user_id"));
            }
            customer.setUsername(text(contact.path("profile"), "username"))
                    .setName(text(contact.path("profile"), "name"));
        }
        return customer.build();
    }

    private static MessageContext context(JsonNode c) {
        if (!c.isObject()) {
            return null;
        }
        JsonNode product = c.path("referred_product");
        return MessageContext.newBuilder()
                .setRepliedToMessageId(text(c, "id"))
                .setRepliedToFrom(text(c, "from"))
                .setForwarded(Boolean.TRUE.equals(bool(c, "forwarded")))
                .setFrequentlyForwarded(Boolean.TRUE.equals(bool(c, "frequently_forwarded")))
                .setReferredProduct(product.isObject() ? ReferredProduct.newBuilder()
                        .setCatalogId(text(product, "catalog_id"))
                        .setProductRetailerId(text(product, "product_retailer_id")).build() : null)
                .build();
    }

    private static AdReferral referral(JsonNode r) {
        if (!r.isObject()) {
            return null;
        }
        return AdReferral.newBuilder()
                .setSourceUrl(text(r, "source_url"))
                .setSourceId(text(r, "source_id"))
                .setSourceType(text(r, "source_type"))
                .setBody(text(r, "body"))
                .setHeadline(text(r, "headline"))
                .setMediaType(text(r, "media_type"))
                .setImageUrl(text(r, "image_url"))
                .setVideoUrl(text(r, "video_url"))
                .setThumbnailUrl(text(r, "thumbnail_url"))
                .setCtwaClid(text(r, "ctwa_clid"))
                .setWelcomeMessageText(text(r.path("welcome_message"), "text"))
                .build();
    }

    private static Media media(JsonNode m) {
        if (!m.isObject()) {
            throw new IllegalArgumentException("media object missing");
        }
        return Media.newBuilder()
                .setId(text(m, "id"))
                .setUrl(text(m, "url"))
                .setMimeType(text(m, "mime_type"))
                .setSha256(text(m, "sha256"))
                .setCaption(text(m, "caption"))
                .setFilename(text(m, "filename"))
                .setVoice(bool(m, "voice"))
                .setAnimated(bool(m, "animated"))
                .build();
    }

    private static Location location(JsonNode l) {
        return Location.newBuilder()
                .setLatitude(required(decimal(l, "latitude"), "location.latitude"))
                .setLongitude(required(decimal(l, "longitude"), "location.longitude"))
                .setName(text(l, "name"))
                .setAddress(text(l, "address"))
                .setUrl(text(l, "url"))
                .build();
    }

    private static List<SharedContact> contacts(JsonNode list) {
        List<SharedContact> contacts = new ArrayList<>();
        for (JsonNode c : elements(list)) {
            JsonNode name = c.path("name");
            JsonNode org = c.path("org");
            contacts.add(SharedContact.newBuilder()
                    .setName(ContactName.newBuilder()
                            .setFormattedName(text(name, "formatted_name"))
                            .setFirstName(text(name, "first_name"))
                            .setLastName(text(name, "last_name"))
                            .setMiddleName(text(name, "middle_name"))
                            .setPrefix(text(name, "prefix"))
                            .setSuffix(text(name, "suffix"))
                            .build())
                    .setPhones(elements(c.path("phones")).stream().map(p -> ContactPhone.newBuilder()
                            .setPhone(text(p, "phone")).setWaId(text(p, "wa_id")).setType(text(p, "type")).build()).toList())
                    .setEmails(elements(c.path("emails")).stream().map(e -> ContactEmail.newBuilder()
                            .setEmail(text(e, "email")).setType(text(e, "type")).build()).toList())
                    .setUrls(elements(c.path("urls")).stream().map(u -> ContactUrl.newBuilder()
                            .setUrl(text(u, "url")).setType(text(u, "type")).build()).toList())
                    .setAddresses(elements(c.path("addresses")).stream().map(a -> ContactAddress.newBuilder()
                            .setStreet(text(a, "street")).setCity(text(a, "city")).setState(text(a, "state"))
                            .setZip(text(a, "zip")).setCountry(text(a, "country"))
                            .setCountryCode(text(a, "country_code")).setType(text(a, "type")).build()).toList())
                    .setCompany(text(org, "company"))
                    .setDepartment(text(org, "department"))
                    .setTitle(text(org, "title"))
                    .setBirthday(text(c, "birthday"))
                    .build());
        }
        if (contacts.isEmpty()) {
            throw new IllegalArgumentException("contacts message without contacts");
        }
        return contacts;
    }

    private static InteractiveReply interactive(JsonNode i) {
        String kind = text(i, "type");
        InteractiveReply.Builder reply = InteractiveReply.newBuilder().setKind(InteractiveReplyKind.UNKNOWN);
        JsonNode content = i.path(kind == null ? "" : kind);
        switch (kind == null ? "" : kind) {
            case "button_reply" -> reply.setKind(InteractiveReplyKind.BUTTON_REPLY)
                    .setId(text(content, "id")).setTitle(text(content, "title"));
            case "list_reply" -> reply.setKind(InteractiveReplyKind.LIST_REPLY)
                    .setId(text(content, "id")).setTitle(text(content, "title"))
                    .setDescription(text(content, "description"));
            case "nfm_reply" -> reply.setKind(InteractiveReplyKind.FLOW_REPLY)
                    .setFlowName(text(content, "name")).setFlowBody(text(content, "body"))
                    .setFlowResponseJson(text(content, "response_json"));
            default -> {
                // An interactive reply of a kind we don't know: the raw JSON goes with the event.
            }
        }
        return reply.build();
    }

    private static Reaction reaction(JsonNode r) {
        String messageId = text(r, "message_id");
        if (messageId == null) {
            messageId = text(r, "messsage_id"); // a typo seen in one BSP's copy of Meta's docs
        }
        String emoji = text(r, "emoji");
        return Reaction.newBuilder()
                .setMessageId(required(messageId, "reaction.message_id"))
                .setEmoji(emoji == null || emoji.isEmpty() ? null : emoji)
                .build();
    }

    private static Order order(JsonNode o) {
        return Order.newBuilder()
                .setCatalogId(text(o, "catalog_id"))
                .setText(text(o, "text"))
                .setItems(elements(o.path("product_items")).stream().map(i -> OrderItem.newBuilder()
                        .setProductRetailerId(text(i, "product_retailer_id"))
                        .setQuantity(integer(i, "quantity"))
                        .setItemPrice(text(i, "item_price"))
                        .setCurrency(text(i, "currency"))
                        .build()).toList())
                .build();
    }

    private static SystemChange system(JsonNode s, JsonNode identity) {
        String type = text(s, "type");
        SystemChangeKind kind = switch (type == null ? "" : type) {
            case "user_changed_number" -> SystemChangeKind.USER_CHANGED_NUMBER;
            case "customer_identity_changed" -> SystemChangeKind.CUSTOMER_IDENTITY_CHANGED;
            case "user_changed_user_id" -> SystemChangeKind.USER_CHANGED_USER_ID;
            default -> SystemChangeKind.UNKNOWN;
        };
        return SystemChange.newBuilder()
                .setKind(kind)
                .setBody(text(s, "body"))
                .setNewWaId(text(s, "wa_id"))
                .setNewUserId(text(s, "user_id"))
                .setNewParentUserId(text(s, "parent_user_id"))
                .setPreviousUserId(text(s, "previous_user_id"))
                .setPreviousParentUserId(text(s, "previous_parent_user_id"))
                .setIdentityHash(text(identity, "hash"))
                .setIdentityAcknowledged(bool(identity, "acknowledged"))
                .setIdentityCreatedAt(epochSeconds(identity, "created_timestamp"))
                .build();
    }

    private static List<ProviderError> errors(JsonNode list) {
        return elements(list).stream().map(MetaWebhookParser::error).toList();
    }

    static ProviderError error(JsonNode e) {
        return ProviderError.newBuilder()
                .setCode(Objects.requireNonNullElse(integer(e, "code"), 0))
                .setSubcode(integer(e, "error_subcode"))
                .setTitle(text(e, "title"))
                .setMessage(text(e, "message"))
                .setDetails(text(e.path("error_data"), "details"))
                .setHref(text(e, "href"))
                .setTraceId(text(e, "fbtrace_id"))
                .build();
    }

    // ------------------------------------------------------------------------------------------------ calls

    /**
     * One event of a voice call ({@code calls[]}: connect, terminate) as a CALL message of the customer's
     * conversation: the caller of a USER_INITIATED call, the callee of a BUSINESS_INITIATED one. Its message id is the
     * call id and the event, so that connect and terminate are two messages, each deduplicated on redelivery.
     */
    private InboundMessage call(WebhookSource source, Business business, List<JsonNode> contacts, JsonNode c,
                                List<String> problems) {
        String callId = text(c, "id");
        if (callId == null || callId.isBlank()) {
            problems.add("call event without id: kept on the raw topic only");
            return null;
        }
        String direction = text(c, "direction");
        boolean businessInitiated = "BUSINESS_INITIATED".equalsIgnoreCase(direction);
        String side = businessInitiated ? "to" : "from";
        Customer customer = customer(text(c, side), text(c, side + "_user_id"), text(c, side + "_parent_user_id"),
                contacts, true);
        if (customer.getWaId() == null && customer.getUserId() == null) {
            problems.add("call " + callId + " names no customer (neither " + side + " nor " + side + "_user_id)");
            return null;
        }
        String event = text(c, "event");
        Instant at = epochSeconds(c, "timestamp");
        Instant startedAt = epochSeconds(c, "start_time");
        Instant endedAt = epochSeconds(c, "end_time");
        if (startedAt == null && "connect".equals(event)) {
            startedAt = at;
        }
        if (endedAt == null && "terminate".equals(event)) {
            endedAt = at;
        }
        Long duration = Json.wholeNumber(c, "duration");
        if (duration == null && startedAt != null && endedAt != null && "terminate".equals(event)) {
            duration = Duration.between(startedAt, endedAt).toSeconds();
        }
        return inbound(source, business, callId + ":" + Objects.requireNonNullElse(event, "call"), customer, at)
                .setType(InboundMessageType.CALL)
                .setProviderType(CALLS)
                .setCall(Call.newBuilder()
                        .setCallId(callId)
                        .setEvent(event)
                        .setDirection(direction)
                        .setStatus(text(c, "status"))
                        .setStartedAt(startedAt)
                        .setEndedAt(endedAt)
                        .setDurationSeconds(duration)
                        .build())
                .setErrors(errors(c.path("errors")))
                .build();
    }

    // ------------------------------------------------------------------------------------------------ statuses

    private MessageStatus status(WebhookSource source, Business business, JsonNode s) {
        String providerStatus = Objects.requireNonNullElse(text(s, "status"), "");
        JsonNode pricing = s.path("pricing");
        JsonNode conversation = s.path("conversation");
        return MessageStatus.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setProvider(provider)
                .setChannelId(source.channelId())
                .setBusinessNumberId(business.numberId())
                .setBusinessAccountId(business.accountId())
                .setMessageId(required(text(s, "id"), "status.id"))
                .setRecipient(Customer.newBuilder()
                        .setWaId(text(s, "recipient_id"))
                        .setUserId(text(s, "recipient_user_id"))
                        .setParentUserId(text(s, "recipient_parent_user_id"))
                        .build())
                .setStatus(switch (providerStatus) {
                    case "sent" -> DeliveryStatus.SENT;
                    case "delivered" -> DeliveryStatus.DELIVERED;
                    case "read" -> DeliveryStatus.READ;
                    case "played" -> DeliveryStatus.PLAYED;
                    case "failed" -> DeliveryStatus.FAILED;
                    default -> DeliveryStatus.UNKNOWN;
                })
                .setProviderStatus(providerStatus)
                .setStatusAt(Objects.requireNonNullElse(epochSeconds(s, "timestamp"), source.receivedAt()))
                .setReceivedAt(source.receivedAt())
                .setRawWebhookId(source.rawWebhookId())
                .setErrors(errors(s.path("errors")))
                .setPricing(pricing.isObject() ? Pricing.newBuilder()
                        .setBillable(bool(pricing, "billable"))
                        .setModel(text(pricing, "pricing_model"))
                        .setCategory(text(pricing, "category"))
                        .setType(text(pricing, "type"))
                        .build() : null)
                .setConversation(conversation.isObject() ? ConversationInfo.newBuilder()
                        .setId(text(conversation, "id"))
                        .setExpiresAt(epochSeconds(conversation, "expiration_timestamp"))
                        .setOriginType(text(conversation.path("origin"), "type"))
                        .build() : null)
                .setCallbackData(text(s, "biz_opaque_callback_data"))
                .build();
    }

    private static <T> T required(T value, String what) {
        if (value == null) {
            throw new IllegalArgumentException(what + " is missing");
        }
        return value;
    }

    /**
     * Why a part was not mapped. Missing or malformed input is reported by an IllegalArgumentException with a
     * message for people; anything else is a bug and is named by its class (the fuzz tests look for those).
     */
    private static String reason(RuntimeException e) {
        return e instanceof IllegalArgumentException ? e.getMessage() : "unexpected " + e;
    }
}
