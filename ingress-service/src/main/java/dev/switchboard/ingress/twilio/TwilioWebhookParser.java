package dev.switchboard.ingress.twilio;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.switchboard.events.AdReferral;
import dev.switchboard.events.ButtonReply;
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
import dev.switchboard.events.Provider;
import dev.switchboard.events.ProviderError;
import dev.switchboard.ingress.webhook.ParsedWebhook;
import dev.switchboard.ingress.webhook.WebhookSource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a verified Twilio WhatsApp webhook (form parameters, see {@link FormBody}) into the same typed events the
 * Meta parser produces. One body holds one message or one status. It never throws: a message it cannot map becomes
 * an UNSUPPORTED event that carries the form parameters as JSON, and whatever cannot become an event at all is
 * reported as a problem (the raw body is recorded on the raw topic regardless).
 *
 * <p>Mapping decisions, where Twilio and the schema don't line up one to one:
 * <ul>
 *   <li>Twilio sends no timestamp with a message or a status: {@code sentAt} and {@code statusAt} are the time of
 *       receipt, as the schema says.</li>
 *   <li>The schema carries one {@link Media} per message, WhatsApp sends one attachment per message too, but a Twilio
 *       body may list several ({@code MediaUrl0..N}). Each becomes its own event, like separate WhatsApp messages:
 *       the first keeps the MessageSid (and the Body as caption, and the ad referral), the k-th further one gets
 *       {@code <MessageSid>/<k>}, so every event still has a stable, redelivery-proof id.</li>
 *   <li>A shared contact reaches us as a vCard attachment ({@code MessageType=contacts}, {@code text/vcard}) whose
 *       content sits behind Twilio's authenticated media URL: it becomes a CONTACTS event whose {@code media} is the
 *       vCard (the schema's Media documents exactly that) and whose {@code contacts} list stays empty.</li>
 *   <li>{@code MessageType=interactive} with ButtonPayload/ButtonText is a reply button: INTERACTIVE with a
 *       BUTTON_REPLY (id = ButtonPayload, title = ButtonText), like Meta's {@code interactive.button_reply};
 *       {@code MessageType=button} (or no MessageType, as in older bodies) is a template quick-reply: BUTTON.</li>
 *   <li>Without MessageType (older bodies) the type is inferred: attachments by their content type (image/*,
 *       video/*, audio/*, vCard, else document; image/webp stays an image, since Twilio documents no sticker
 *       signal), then Latitude/Longitude, then ButtonPayload/ButtonText, then a non-empty Body as text.</li>
 *   <li>A repeated parameter counts with its first value; the raw JSON keeps all of them.</li>
 * </ul>
 */
public final class TwilioWebhookParser {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern PHONE_ADDRESS = Pattern.compile("whatsapp:\\+(\\d{1,15})", Pattern.CASE_INSENSITIVE);
    private static final Pattern MEDIA_URL = Pattern.compile("MediaUrl(\\d{1,4})");
    private static final String WHATSAPP_PREFIX = "whatsapp:";
    /** Statuses Twilio gives inbound messages: a body with one of these is a message, not a receipt. */
    private static final Set<String> INBOUND_STATUSES = Set.of("received", "receiving");

    /**
     * @param form           decoded form parameters in body order (a parameter may repeat)
     * @param statusCallback true for POST /webhooks/twilio/{channelId}/status
     */
    public ParsedWebhook parse(WebhookSource source, Map<String, List<String>> form, boolean statusCallback) {
        List<InboundMessage> messages = new ArrayList<>();
        List<MessageStatus> statuses = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        try {
            if (form == null || form.isEmpty()) {
                problems.add("form body has no parameters");
            } else {
                Form f = new Form(form);
                String messageStatus = f.get("MessageStatus");
                // The inbound URL may also be set as a status callback: a receipt there is still a receipt.
                boolean isStatus = statusCallback || (messageStatus != null
                        && !INBOUND_STATUSES.contains(messageStatus.trim().toLowerCase(Locale.ROOT)));
                if (isStatus) {
                    MessageStatus status = status(source, f, problems);
                    if (status != null) {
                        statuses.add(status);
                    }
                } else {
                    messages.addAll(messages(source, f, problems));
                }
            }
        } catch (RuntimeException e) {
            problems.add("form body could not be mapped: " + e);
        }
        return new ParsedWebhook(messages, statuses, problems);
    }

    // ------------------------------------------------------------------------------------------------ messages

    private List<InboundMessage> messages(WebhookSource source, Form f, List<String> problems) {
        String messageId = messageId(f);
        if (messageId == null) {
            problems.add("inbound message names no MessageSid (nor SmsSid, SmsMessageSid)");
            return List.of();
        }
        String business = business(source, f.get("To"), "message " + messageId, problems);
        if (business == null) {
            return List.of();
        }
        Customer customer = customer(f);
        if (customer.getWaId() == null && customer.getUserId() == null) {
            problems.add("message " + messageId + " names no sender (neither From, WaId nor ExternalUserId)");
            return List.of();
        }
        String messageType = f.nonBlank("MessageType");
        InboundMessage.Builder base = InboundMessage.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setProvider(Provider.TWILIO)
                .setChannelId(source.channelId())
                .setBusinessNumberId(business)
                .setBusinessDisplayNumber(phoneDigits(business))
                .setBusinessAccountId(f.nonBlank("AccountSid"))
                .setMessageId(messageId)
                .setCustomer(customer)
                .setSentAt(source.receivedAt())
                .setReceivedAt(source.receivedAt())
                .setRawWebhookId(source.rawWebhookId())
                .setProviderType(messageType);
        try {
            base.setErrors(errors(f)).setContext(context(f)).setReferral(referral(f));
            return content(base, f, messageType, problems);
        } catch (RuntimeException e) {
            problems.add("message " + messageId + " of type " + messageType + " kept as unsupported: " + reason(e));
            return List.of(base.setType(InboundMessageType.UNSUPPORTED).setRawJson(f.json()).build());
        }
    }

    private static List<InboundMessage> content(InboundMessage.Builder base, Form f, String messageType,
                                                List<String> problems) {
        List<MediaItem> media = mediaItems(f, problems);
        String type = messageType != null ? messageType.trim().toLowerCase(Locale.ROOT) : inferredType(f, media);
        InboundMessage.Builder event = InboundMessage.newBuilder(base);
        switch (type) {
            case "text" -> event.setType(InboundMessageType.TEXT).setText(required(f.get("Body"), "Body"));
            case "image", "video", "audio", "document", "sticker", "contacts" -> {
                return mediaMessages(base, f, media, mediaType(type));
            }
            case "" -> {
                // No MessageType and attachments: each attachment's own content type decides.
                return mediaMessages(base, f, media, null);
            }
            case "location" -> event.setType(InboundMessageType.LOCATION).setLocation(location(f));
            case "button" -> event.setType(InboundMessageType.BUTTON).setButton(ButtonReply.newBuilder()
                    .setPayload(f.get("ButtonPayload"))
                    .setText(firstNonBlank(f.get("ButtonText"), f.get("Body")))
                    .build());
            case "interactive" -> {
                InteractiveReply.Builder reply = InteractiveReply.newBuilder().setKind(InteractiveReplyKind.UNKNOWN);
                if (f.get("ButtonPayload") != null || f.get("ButtonText") != null) {
                    reply.setKind(InteractiveReplyKind.BUTTON_REPLY)
                            .setId(f.get("ButtonPayload"))
                            .setTitle(firstNonBlank(f.get("ButtonText"), f.get("Body")));
                } else {
                    // A list row, a flow or whatever comes next: the parameters go with the event.
                    event.setRawJson(f.json());
                }
                event.setType(InboundMessageType.INTERACTIVE).setInteractive(reply.build());
            }
            // reaction, order, … and every type we do not know yet: Twilio documents no parameters for them.
            default -> event.setType(InboundMessageType.UNSUPPORTED).setRawJson(f.json());
        }
        return List.of(event.build());
    }

    /** The type of a message without MessageType; "" for attachments. */
    private static String inferredType(Form f, List<MediaItem> media) {
        if (!media.isEmpty()) {
            return "";
        }
        if (f.get("Latitude") != null || f.get("Longitude") != null) {
            return "location";
        }
        if (f.get("ButtonPayload") != null || f.get("ButtonText") != null) {
            return "button";
        }
        if (f.nonBlank("Body") != null) {
            return "text";
        }
        // WhatsApp has no empty text message: this is something Twilio could not describe to us.
        throw new IllegalArgumentException("no MessageType and no Body, media, location or button to infer one from");
    }

    private static List<InboundMessage> mediaMessages(InboundMessage.Builder base, Form f, List<MediaItem> items,
                                                      InboundMessageType type) {
        if (items.isEmpty()) {
            throw new IllegalArgumentException("MediaUrl0 is missing");
        }
        String caption = f.nonBlank("Body");
        List<InboundMessage> events = new ArrayList<>();
        for (int k = 0; k < items.size(); k++) {
            MediaItem item = items.get(k);
            InboundMessage.Builder event = InboundMessage.newBuilder(base)
                    .setType(type != null ? type : mediaTypeOf(item.mimeType()))
                    .setMedia(Media.newBuilder()
                            .setUrl(item.url())
                            .setMimeType(item.mimeType())
                            .setCaption(k == 0 ? caption : null)
                            .build());
            if (k > 0) {
                // One message, several events: each needs its own id and event id; the ad came with the first only.
                event.setEventId(UUID.randomUUID().toString())
                        .setMessageId(base.getMessageId() + "/" + k)
                        .setReferral(null);
            }
            events.add(event.build());
        }
        return events;
    }

    private static InboundMessageType mediaType(String messageType) {
        return switch (messageType) {
            case "image" -> InboundMessageType.IMAGE;
            case "video" -> InboundMessageType.VIDEO;
            case "audio" -> InboundMessageType.AUDIO;
            case "sticker" -> InboundMessageType.STICKER;
            case "contacts" -> InboundMessageType.CONTACTS;
            default -> InboundMessageType.DOCUMENT;
        };
    }

    private static InboundMessageType mediaTypeOf(String mimeType) {
        String mime = mimeType == null ? "" : mimeType.trim().toLowerCase(Locale.ROOT);
        if (mime.startsWith("image/")) {
            return InboundMessageType.IMAGE;
        }
        if (mime.startsWith("video/")) {
            return InboundMessageType.VIDEO;
        }
        if (mime.startsWith("audio/")) {
            return InboundMessageType.AUDIO;
        }
        if (mime.equals("text/vcard") || mime.equals("text/x-vcard")) {
            return InboundMessageType.CONTACTS;
        }
        return InboundMessageType.DOCUMENT;
    }

    private record MediaItem(int index, String url, String mimeType) {
    }

    /** Every MediaUrlN in index order, whatever NumMedia says: the URLs are what we can use; a mismatch is reported. */
    private static List<MediaItem> mediaItems(Form f, List<String> problems) {
        List<MediaItem> items = new ArrayList<>();
        for (String key : f.keys()) {
            if (key == null) {
                continue;
            }
            Matcher m = MEDIA_URL.matcher(key);
            String url = f.nonBlank(key);
            if (m.matches() && url != null) {
                int index = Integer.parseInt(m.group(1));
                items.add(new MediaItem(index, url, f.nonBlank("MediaContentType" + index)));
            }
        }
        items.sort(Comparator.comparingInt(MediaItem::index));
        String numMedia = f.get("NumMedia");
        if (numMedia != null) {
            try {
                int declared = Integer.parseInt(numMedia.trim());
                if (declared != items.size()) {
                    problems.add("message " + messageId(f) + ": NumMedia=" + declared + " but " + items.size()
                            + " MediaUrl parameter(s); mapped what is there");
                }
            } catch (NumberFormatException e) {
                problems.add("message " + messageId(f) + ": NumMedia '" + numMedia + "' is not a number; mapped the "
                        + items.size() + " MediaUrl parameter(s)");
            }
        }
        return items;
    }

    private static Location location(Form f) {
        return Location.newBuilder()
                .setLatitude(coordinate(f, "Latitude"))
                .setLongitude(coordinate(f, "Longitude"))
                .setName(f.nonBlank("Label"))
                .setAddress(f.nonBlank("Address"))
                .build();
    }

    private static double coordinate(Form f, String key) {
        String text = required(f.nonBlank(key), key);
        double value;
        try {
            value = Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " '" + text + "' is not a number");
        }
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(key + " '" + text + "' is not a number");
        }
        return value;
    }

    /** Swipe-to-reply and forwarding; null when the message says nothing about either. */
    private static MessageContext context(Form f) {
        String repliedTo = f.nonBlank("OriginalRepliedMessageSid");
        String repliedToFrom = f.nonBlank("OriginalRepliedMessageSender");
        boolean forwarded = "true".equalsIgnoreCase(f.get("Forwarded"));
        boolean frequentlyForwarded = "true".equalsIgnoreCase(f.get("FrequentlyForwarded"));
        if (repliedTo == null && repliedToFrom == null && !forwarded && !frequentlyForwarded) {
            return null;
        }
        return MessageContext.newBuilder()
                .setRepliedToMessageId(repliedTo)
                .setRepliedToFrom(repliedToFrom)
                .setForwarded(forwarded)
                .setFrequentlyForwarded(frequentlyForwarded)
                .build();
    }

    /** Click-to-WhatsApp ad attribution; ReferralNumMedia=0 alone (sent on every message by some senders) is none. */
    private static AdReferral referral(Form f) {
        String mediaUrl = f.nonBlank("ReferralMediaUrl");
        String mediaContentType = f.nonBlank("ReferralMediaContentType");
        String mediaType = mediaContentType == null ? null
                : mediaContentType.toLowerCase(Locale.ROOT).startsWith("image/") ? "image"
                : mediaContentType.toLowerCase(Locale.ROOT).startsWith("video/") ? "video" : null;
        AdReferral referral = AdReferral.newBuilder()
                .setSourceUrl(f.nonBlank("ReferralSourceUrl"))
                .setSourceId(f.nonBlank("ReferralSourceId"))
                .setSourceType(f.nonBlank("ReferralSourceType"))
                .setBody(f.nonBlank("ReferralBody"))
                .setHeadline(f.nonBlank("ReferralHeadline"))
                .setMediaType(mediaType)
                .setImageUrl("video".equals(mediaType) ? null : mediaUrl)
                .setVideoUrl("video".equals(mediaType) ? mediaUrl : null)
                .setCtwaClid(f.nonBlank("ReferralCtwaClid"))
                .build();
        boolean any = referral.getSourceUrl() != null || referral.getSourceId() != null
                || referral.getSourceType() != null || referral.getBody() != null || referral.getHeadline() != null
                || mediaUrl != null || referral.getCtwaClid() != null;
        return any ? referral : null;
    }

    /**
     * The customer. From is {@code whatsapp:+<digits>}, or {@code whatsapp:<BSUID>} for a user known only by a
     * username; ExternalUserId/ParentExternalUserId carry the BSUIDs when Twilio sends them.
     */
    private static Customer customer(Form f) {
        String from = f.nonBlank("From");
        return Customer.newBuilder()
                .setWaId(firstNonBlank(f.nonBlank("WaId"), phoneDigits(from)))
                .setUserId(firstNonBlank(withoutPrefix(f.nonBlank("ExternalUserId")), bsuid(from)))
                .setParentUserId(withoutPrefix(f.nonBlank("ParentExternalUserId")))
                .setUsername(firstNonBlank(f.nonBlank("ProfileUsername"), f.nonBlank("Username")))
                .setName(f.nonBlank("ProfileName"))
                .build();
    }

    // ------------------------------------------------------------------------------------------------ statuses

    private static MessageStatus status(WebhookSource source, Form f, List<String> problems) {
        String messageId = messageId(f);
        if (messageId == null) {
            problems.add("status names no MessageSid (nor SmsSid, SmsMessageSid)");
            return null;
        }
        // A receipt is about a message we sent: the business is From, the customer To.
        String business = business(source, f.get("From"), "status of " + messageId, problems);
        if (business == null) {
            return null;
        }
        String to = f.nonBlank("To");
        Customer recipient = Customer.newBuilder().setWaId(phoneDigits(to)).setUserId(bsuid(to)).build();
        if (recipient.getWaId() == null && recipient.getUserId() == null) {
            problems.add("status of " + messageId + " names no recipient (To)");
            return null;
        }
        try {
            String providerStatus = firstNonBlank(f.nonBlank("MessageStatus"), f.nonBlank("SmsStatus"));
            providerStatus = providerStatus == null ? "" : providerStatus.trim();
            return MessageStatus.newBuilder()
                    .setEventId(UUID.randomUUID().toString())
                    .setProvider(Provider.TWILIO)
                    .setChannelId(source.channelId())
                    .setBusinessNumberId(business)
                    .setBusinessAccountId(f.nonBlank("AccountSid"))
                    .setMessageId(messageId)
                    .setRecipient(recipient)
                    .setStatus(deliveryStatus(providerStatus))
                    .setProviderStatus(providerStatus)
                    .setStatusAt(source.receivedAt())
                    .setReceivedAt(source.receivedAt())
                    .setRawWebhookId(source.rawWebhookId())
                    .setErrors(errors(f))
                    .build();
        } catch (RuntimeException e) {
            problems.add("status of " + messageId + " could not be mapped: " + reason(e));
            return null;
        }
    }

    /** Twilio's message status values; the raw value always travels as providerStatus. */
    private static DeliveryStatus deliveryStatus(String providerStatus) {
        return switch (providerStatus.toLowerCase(Locale.ROOT)) {
            case "accepted", "scheduled", "queued", "sending" -> DeliveryStatus.QUEUED;
            case "sent" -> DeliveryStatus.SENT;
            case "delivered" -> DeliveryStatus.DELIVERED;
            case "read" -> DeliveryStatus.READ;
            // canceled: a scheduled message that will never be sent, which for the ticket is a failed article.
            case "failed", "undelivered", "canceled" -> DeliveryStatus.FAILED;
            // receiving/received describe inbound messages, not the delivery of ours.
            default -> DeliveryStatus.UNKNOWN;
        };
    }

    /** ErrorCode/ErrorMessage; a code that is not a number travels as code 0 with the code kept in the message. */
    private static List<ProviderError> errors(Form f) {
        String code = f.nonBlank("ErrorCode");
        String message = f.nonBlank("ErrorMessage");
        if (code == null && message == null) {
            return List.of();
        }
        Integer numeric = null;
        if (code != null) {
            try {
                numeric = Integer.valueOf(code.trim());
            } catch (NumberFormatException e) {
                message = "ErrorCode " + code + (message == null ? "" : ": " + message);
            }
        }
        return List.of(ProviderError.newBuilder().setCode(numeric == null ? 0 : numeric).setMessage(message).build());
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static String messageId(Form f) {
        return firstNonBlank(f.nonBlank("MessageSid"), firstNonBlank(f.nonBlank("SmsSid"), f.nonBlank("SmsMessageSid")));
    }

    /**
     * The channel's own spelling of the business address, or null (and a problem) when the address is missing or
     * belongs to another channel. A channel without configured addresses accepts any.
     */
    private static String business(WebhookSource source, String address, String what, List<String> problems) {
        if (address == null || address.isBlank()) {
            problems.add(what + " names no business address");
            return null;
        }
        if (source.businessNumberIds().isEmpty()) {
            return address;
        }
        for (String own : source.businessNumberIds()) {
            if (own.equalsIgnoreCase(address)) {
                return own;
            }
        }
        problems.add("business address " + address + " does not belong to channel " + source.channelId()
                + ": refused " + what);
        return null;
    }

    /** "whatsapp:+15550001111" -> "15550001111"; null for anything else. */
    private static String phoneDigits(String address) {
        Matcher m = address == null ? null : PHONE_ADDRESS.matcher(address.trim());
        return m != null && m.matches() ? m.group(1) : null;
    }

    /** "whatsapp:US.123" -> "US.123": a WhatsApp address that is not a phone number is a BSUID. */
    private static String bsuid(String address) {
        if (address == null || phoneDigits(address) != null
                || !address.regionMatches(true, 0, WHATSAPP_PREFIX, 0, WHATSAPP_PREFIX.length())) {
            return null;
        }
        String id = address.substring(WHATSAPP_PREFIX.length()).trim();
        return id.isEmpty() || id.startsWith("+") ? null : id;
    }

    private static String withoutPrefix(String value) {
        if (value == null) {
            return null;
        }
        String id = value.regionMatches(true, 0, WHATSAPP_PREFIX, 0, WHATSAPP_PREFIX.length())
                ? value.substring(WHATSAPP_PREFIX.length()) : value;
        return id.isBlank() ? null : id.trim();
    }

    private static String firstNonBlank(String first, String second) {
        return first != null && !first.isBlank() ? first : second != null && !second.isBlank() ? second : null;
    }

    private static <T> T required(T value, String what) {
        if (value == null) {
            throw new IllegalArgumentException(what + " is missing");
        }
        return value;
    }

    /** Lenient reads from the form: a missing key, an empty list and a null value all read as null. */
    private static final class Form {

        private final Map<String, List<String>> params;

        Form(Map<String, List<String>> params) {
            this.params = params;
        }

        Set<String> keys() {
            return params.keySet();
        }

        /** The first value, as sent. */
        String get(String key) {
            List<String> values = params.get(key);
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        String nonBlank(String key) {
            String value = get(key);
            return value == null || value.isBlank() ? null : value;
        }

        /** Every parameter as a JSON object in body order; a repeated key becomes an array. */
        String json() {
            ObjectNode node = JSON.createObjectNode();
            params.forEach((key, values) -> {
                if (key == null) {
                    return;
                }
                if (values == null || values.isEmpty()) {
                    node.putNull(key);
                } else if (values.size() == 1) {
                    node.put(key, values.get(0));
                } else {
                    ArrayNode array = node.putArray(key);
                    values.forEach(array::add);
                }
            });
            return node.toString();
        }
    }

    /**
     * Why a part was not mapped. Missing or malformed input is reported by an IllegalArgumentException with a
     * message for people; anything else is a bug and is named by its class (the fuzz tests look for those).
     */
    private static String reason(RuntimeException e) {
        return e instanceof IllegalArgumentException ? e.getMessage() : "unexpected " + e;
    }
}
