package dev.switchboard.outbound.sending;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.switchboard.events.Customer;
import dev.switchboard.events.Location;
import dev.switchboard.events.OutboundMedia;
import dev.switchboard.events.OutboundRequest;
import dev.switchboard.events.OutboundTemplate;
import dev.switchboard.events.OutboundText;
import dev.switchboard.events.OutboundType;
import tools.jackson.databind.json.JsonMapper;

/**
 * The form of Twilio's {@code POST /2010-04-01/Accounts/{AccountSid}/Messages.json} for an {@link OutboundRequest}
 * (parameter names from twilio-java's {@code MessageCreator}), in the order sent:
 * <ul>
 * <li>{@code To=whatsapp:+<wa_id>}, then {@code From=<sender>} (or {@code MessagingServiceSid=MG…} when the
 * channel's sender is a Messaging Service);</li>
 * <li>TEXT: {@code Body} (WhatsApp previews links itself; the preview flag has no Twilio equivalent);</li>
 * <li>IMAGE, VIDEO, DOCUMENT: {@code Body=<caption>}, {@code MediaUrl=<link>}; AUDIO, STICKER: {@code MediaUrl}
 * only. Twilio fetches media from a public URL: media by Meta id can't be sent. A document's filename comes from
 * its URL (Twilio has no filename parameter);</li>
 * <li>TEMPLATE: {@code ContentSid=HX…} and {@code ContentVariables={"1":"…"}} (JSON text). Since 2025-04-01 Twilio
 * delivers WhatsApp templates only by Content SID, so a template without one is refused here;</li>
 * <li>LOCATION: {@code Body=<name>} and {@code PersistentAction=geo:<lat>,<long>|<address>}, as in Twilio's "Location
 * Messages with WhatsApp" guide (twilio.com/docs/whatsapp/message-features);</li>
 * <li>{@code StatusCallback} last, when given.</li>
 * </ul>
 * Reactions, interactive messages (Twilio's are Content API templates), contact cards, sends to a customer known
 * only by a BSUID, and mark-as-read (no such Messages API call; {@link TwilioClient} skips it) throw
 * {@link UnsendableRequestException}. A quoted message ({@code replyToMessageId}) is not carried: the Messages API
 * has no parameter for it; the message goes out unquoted.
 */
public final class TwilioMessageForms {

    private static final JsonMapper JSON = JsonMapper.shared();
    private static final Pattern MESSAGING_SERVICE_SID = Pattern.compile("MG[0-9a-fA-F]{32}");
    private static final String NOT_ON_TWILIO = "not supported by the Twilio channel";
    /** "1", "2", … "10" in numeric order, then any named variables alphabetically. */
    private static final Comparator<CharSequence> VARIABLE_ORDER = Comparator
            .comparing((CharSequence key) -> !key.toString().matches("\\d{1,9}"))
            .thenComparing(key -> key.toString().matches("\\d{1,9}") ? Integer.parseInt(key.toString()) : 0)
            .thenComparing(CharSequence::toString);

    private TwilioMessageForms() {
    }

    /** The form, without a status callback. */
    public static List<Map.Entry<String, String>> of(OutboundRequest request, String from) {
        return of(request, from, null);
    }

    /**
     * @param from           the channel's sender: {@code whatsapp:+<number>}, or a Messaging Service SID
     * @param statusCallback the URL Twilio posts this message's statuses to, or null for the sender's own setting
     */
    public static List<Map.Entry<String, String>> of(OutboundRequest request, String from, String statusCallback) {
        OutboundType type = request.getType();
        List<Map.Entry<String, String>> form = new ArrayList<>();
        if (type == null || type == OutboundType.UNKNOWN) {
            throw new UnsendableRequestException("unknown message type", "request " + request.getRequestId()
                    + " has type " + type + ", which this service cannot send");
        }
        switch (type) {
            case REACTION, INTERACTIVE, CONTACTS, MARK_READ -> throw new UnsendableRequestException(NOT_ON_TWILIO,
                    "Twilio's Messages API cannot send a " + GraphMessageBodies.typeName(type).replace('_', '-')
                            + " message" + (type == OutboundType.INTERACTIVE
                            ? " (Twilio's interactive messages are Content API templates: send a template with its"
                            + " Content SID)" : ""));
            default -> {
            }
        }
        form.add(Map.entry("To", to(request.getRecipient())));
        if (from != null && MESSAGING_SERVICE_SID.matcher(from).matches()) {
            form.add(Map.entry("MessagingServiceSid", from));
        } else {
            form.add(Map.entry("From", from));
        }
        switch (type) {
            case TEXT -> text(form, request.getText());
            case TEMPLATE -> template(form, request.getTemplate());
            case IMAGE, AUDIO, VIDEO, DOCUMENT, STICKER -> media(form, type, request.getMedia());
            case LOCATION -> location(form, request.getLocation());
            default -> throw new IllegalStateException("unhandled type " + type);
        }
        if (statusCallback != null && !statusCallback.isBlank()) {
            form.add(Map.entry("StatusCallback", statusCallback));
        }
        return List.copyOf(form);
    }

    /** {@code application/x-www-form-urlencoded}, UTF-8, in the given order. */
    public static String encode(List<Map.Entry<String, String>> form) {
        return form.stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static String to(Customer customer) {
        String waId = customer == null ? null : customer.getWaId();
        if (waId == null || waId.isBlank()) {
            throw new UnsendableRequestException("no phone number", "the Twilio channel needs the customer's phone"
                    + " number (wa_id); sending to a business-scoped user id through Twilio is not documented");
        }
        String digits = waId.startsWith("+") ? waId.substring(1) : waId;
        return "whatsapp:+" + digits;
    }

    private static void text(List<Map.Entry<String, String>> form, OutboundText text) {
        if (text == null || text.getBody() == null || text.getBody().isEmpty()) {
            throw new UnsendableRequestException("no text", "a text message needs a body");
        }
        form.add(Map.entry("Body", text.getBody()));
    }

    private static void template(List<Map.Entry<String, String>> form, OutboundTemplate template) {
        if (template == null || template.getContentSid() == null || template.getContentSid().isBlank()) {
            throw new UnsendableRequestException("template without Content SID", "Twilio sends WhatsApp templates only"
                    + " by Content SID (HX…) since 2025-04-01; template "
                    + (template == null ? null : template.getName()) + " has none");
        }
        form.add(Map.entry("ContentSid", template.getContentSid()));
        Map<String, String> variables = template.getContentVariables();
        if (variables != null && !variables.isEmpty()) {
            Map<String, String> ordered = new LinkedHashMap<>();
            variables.entrySet().stream()
                    .sorted(Map.Entry.comparingByKey(VARIABLE_ORDER))
                    .forEach(e -> ordered.put(String.valueOf(e.getKey()), String.valueOf(e.getValue())));
            form.add(Map.entry("ContentVariables", JSON.writeValueAsString(ordered)));
        }
    }

    private static void media(List<Map.Entry<String, String>> form, OutboundType type, OutboundMedia media) {
        if (media == null || media.getLink() == null || media.getLink().isBlank()) {
            boolean byId = media != null && media.getId() != null && !media.getId().isBlank();
            throw new UnsendableRequestException(byId ? "media by id " + NOT_ON_TWILIO : "no media",
                    byId ? "Twilio sends media from a public URL only; media id " + media.getId() + " can't be sent"
                            : "a " + GraphMessageBodies.typeName(type) + " message needs a media link");
        }
        boolean captioned = type == OutboundType.IMAGE || type == OutboundType.VIDEO || type == OutboundType.DOCUMENT;
        if (captioned && media.getCaption() != null && !media.getCaption().isBlank()) {
            form.add(Map.entry("Body", media.getCaption()));
        }
        form.add(Map.entry("MediaUrl", media.getLink()));
    }

    private static void location(List<Map.Entry<String, String>> form, Location location) {
        if (location == null) {
            throw new UnsendableRequestException("no location", "a location message needs its coordinates");
        }
        String coordinates = plain(location.getLatitude()) + "," + plain(location.getLongitude());
        String name = blankToNull(location.getName());
        String address = blankToNull(location.getAddress());
        // Twilio wants a Body (the place's name); the label under it is free text: the address.
        form.add(Map.entry("Body", name != null ? name : address != null ? address : coordinates));
        form.add(Map.entry("PersistentAction", "geo:" + coordinates + (name != null && address != null ? "|" + address : "")));
    }

    private static String plain(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
