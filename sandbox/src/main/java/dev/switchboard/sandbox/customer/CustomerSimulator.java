package dev.switchboard.sandbox.customer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.switchboard.sandbox.SandboxSettings;
import dev.switchboard.sandbox.channel.Channel;
import dev.switchboard.sandbox.channel.Channels;
import dev.switchboard.sandbox.channel.Provider;
import dev.switchboard.sandbox.identity.CustomerIdentities;
import dev.switchboard.sandbox.media.GeneratedContent;
import dev.switchboard.sandbox.media.MediaFault;
import dev.switchboard.sandbox.media.MediaFile;
import dev.switchboard.sandbox.media.MediaStore;
import dev.switchboard.sandbox.media.MediaTypes;
import dev.switchboard.sandbox.media.MediaUpload;
import dev.switchboard.sandbox.record.MessageLog;
import dev.switchboard.sandbox.record.RecordedMessage;
import dev.switchboard.sandbox.webhook.MessageIds;
import dev.switchboard.sandbox.webhook.MetaWebhooks;
import dev.switchboard.sandbox.webhook.TwilioWebhooks;
import dev.switchboard.sandbox.webhook.Webhook;
import dev.switchboard.sandbox.webhook.WebhookRoutes;
import dev.switchboard.sandbox.webhook.WebhookSender;
import dev.switchboard.sandbox.window.CustomerWindows;
import tools.jackson.databind.node.ObjectNode;

/**
 * A customer writing on WhatsApp: builds the webhook the provider would send (Meta's JSON as in the fixtures, or
 * Twilio's form), signs it, posts it to where the channel's webhooks go ({@link WebhookRoutes}: ingress, a WABA's
 * verified override, a 360dialog webhook URL; retried like any webhook) and opens the customer's service window.
 * A media message's files are stored first, so that its media id (Meta) or {@code MediaUrl}s (Twilio) can be
 * downloaded as from the provider, with any {@link MediaFault} asked for. Answers with ingress's answer to the
 * first attempt.
 * <p>
 * On Meta a customer may be known by phone number, by business-scoped user id (BSUID) or both, as in Meta's 2026
 * webhooks: a BSUID-only message carries {@code from_user_id} and a contact with {@code user_id} and no
 * {@code wa_id}/{@code from}; with both, the message carries both. The ids a message carries are linked
 * ({@link CustomerIdentities}). A {@code system} message ({@code user_changed_number}, {@code user_changed_user_id},
 * Meta's August-2026 shape with {@code previous_user_id}/{@code previous_parent_user_id}, no contacts) links the new
 * ids with the old ones and opens no window; neither does a message written in a group ({@code group_id}).
 */
public final class CustomerSimulator {

    private static final Set<String> META_TYPES = Set.of("text", "image", "video", "audio", "document", "sticker",
            "location", "contacts", "button", "interactive_reply", "list_reply", "reaction", "system");
    private static final Set<String> SYSTEM_TYPES = Set.of("user_changed_number", "user_changed_user_id");
    /** A BSUID: a two-letter country code, a period and up to 128 letters and digits (a parent one has ENT.). */
    private static final Pattern BSUID = Pattern.compile("[A-Z]{2}\\.(ENT\\.)?[A-Za-z0-9]{1,128}");
    /** Twilio documents no inbound parameters for reactions, list replies or structured contacts. */
    private static final Set<String> TWILIO_TYPES = Set.of("text", "image", "video", "audio", "document", "sticker",
            "location", "button", "interactive_reply");
    private static final Map<String, String> MIME_TYPES = Map.of("image", "image/jpeg", "video", "video/mp4",
            "audio", "audio/ogg; codecs=opus", "document", "application/pdf", "sticker", "image/webp");
    /** The largest file a customer may send here: beyond WhatsApp's 100 MB, so that a test can exceed it. */
    static final long MAX_FILE_BYTES = 200 * MediaTypes.MB;
    /** The size of the generated file of a media message that gives none. */
    private static final long PLACEHOLDER_BYTES = 1024;

    private final Channels channels;
    private final WebhookRoutes routes;
    private final SandboxSettings settings;
    private final CustomerWindows windows;
    private final MessageLog log;
    private final WebhookSender sender;
    private final MediaStore store;
    private final CustomerIdentities identities;
    private final Clock clock;

    public CustomerSimulator(Channels channels, WebhookRoutes routes, SandboxSettings settings,
                             CustomerWindows windows, MessageLog log,
                             WebhookSender sender, MediaStore store, CustomerIdentities identities, Clock clock) {
        this.channels = channels;
        this.routes = routes;
        this.settings = settings;
        this.windows = windows;
        this.log = log;
        this.sender = sender;
        this.store = store;
        this.identities = identities;
        this.clock = clock;
    }

    /**
     * Who writes: at least a phone number or a BSUID.
     *
     * @param waId         wa_id digits, or null (a BSUID-only customer)
     * @param userId       the BSUID, or null
     * @param parentUserId the parent BSUID, or null
     * @param username     the WhatsApp username, or null
     */
    record Identity(String waId, String userId, String parentUserId, String username) {
        /** The id messages are addressed by: the phone number, else the BSUID. */
        String key() {
            return waId != null ? waId : userId;
        }

        List<String> ids() {
            return Stream.of(waId, userId, parentUserId).filter(id -> id != null).toList();
        }
    }

    /**
     * The customer's ids, checked: {@code from} (a phone number) and/or {@code userId} (a BSUID), each as Meta
     * shapes them; BSUIDs, usernames and groups only on Meta channels (Twilio's BSUID parameters are not simulated).
     */
    static Identity identity(Channel channel, String from, String givenUserId, String givenParentUserId,
                             String givenUsername, String groupId) {
        String waId = blank(from) ? null : MessageLog.normalised(from);
        String userId = blank(givenUserId) ? null : givenUserId.trim();
        String parentUserId = blank(givenParentUserId) ? null : givenParentUserId.trim();
        String username = blank(givenUsername) ? null : givenUsername.trim();
        if (waId == null && userId == null) {
            throw new IllegalArgumentException("from (the customer's number, e.g. 4915112345678) or userId (their"
                    + " BSUID, e.g. US.13491208655302741918) is required");
        }
        if (waId != null && !waId.matches("[0-9]{5,15}")) {
            throw new IllegalArgumentException("from must be the customer's number in international format (digits,"
                    + " e.g. 4915112345678), not " + from);
        }
        if (channel.provider() != Provider.META && (userId != null || parentUserId != null || username != null
                || !blank(groupId))) {
            throw new IllegalArgumentException("userId, parentUserId, username and groupId are for Meta channels"
                    + " (Twilio's BSUID parameters are not simulated)");
        }
        checkBsuid("userId", userId);
        checkBsuid("parentUserId", parentUserId);
        if (parentUserId != null && userId == null) {
            throw new IllegalArgumentException("parentUserId goes with userId (Meta sends a parent BSUID only with"
                    + " the customer's own)");
        }
        return new Identity(waId, userId, parentUserId, username);
    }

    private static void checkBsuid(String field, String value) {
        if (value != null && !BSUID.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " must be a business-scoped user id: two capital letters, a"
                    + " period and up to 128 letters and digits (US.13491208655302741918; a parent one"
                    + " US.ENT.11815799212886844830), not " + value);
        }
    }

    /**
     * What was sent and how ingress answered.
     *
     * @param messageId     the wamid or SID of the customer's message
     * @param ingressStatus ingress's HTTP status to the first attempt; 0 when it could not be reached
     * @param ingressBody   its body
     * @param retrying      true when the first attempt failed and the webhook is being retried
     * @param url           where it was posted
     * @param contentType   its content type
     * @param webhook       the body posted, as signed
     * @param media         the files of a media message, as stored (empty for other types)
     */
    public record Sent(String messageId, String channelId, String provider, int ingressStatus, String ingressBody,
                       boolean retrying, String url, String contentType, String webhook, List<SentMedia> media) {
    }

    /**
     * A file the customer sent.
     *
     * @param id       Meta's media id or Twilio's media SID
     * @param mimeType its MIME type
     * @param filename its file name, or null
     * @param sha256   the lowercase hex SHA-256 of its bytes (the real one, whatever a fault announces)
     * @param size     their length
     * @param url      Twilio: its {@code MediaUrl}; Meta: null (look it up with {@code GET /{version}/{id}})
     */
    public record SentMedia(String id, String mimeType, String filename, String sha256, long size, String url) {
    }

    /**
     * @param uploads the files of a media message given as multipart parts (empty: {@code content},
     *                {@code contentSize} or a small generated file)
     * @param baseUrl the sandbox's base URL, for Twilio's {@code MediaUrl}s
     */
    public Sent send(CustomerMessage message, List<MediaUpload> uploads, String baseUrl) {
        Channel channel = channelOf(channels, message.channelId(), message.phoneNumberId());
        String phoneNumberId = channel.provider() == Provider.META ? blank(message.phoneNumberId())
                ? channel.meta().phoneNumberIds().get(0) : message.phoneNumberId() : null;
        Identity customer = identity(channel, message.from(), message.userId(), message.parentUserId(),
                message.username(), message.groupId());
        String type = message.type() == null ? "text" : message.type();
        Set<String> supported = channel.provider() == Provider.META ? META_TYPES : TWILIO_TYPES;
        if (!supported.contains(type)) {
            throw new IllegalArgumentException("type " + type + " is not supported on " + channel.provider().label()
                    + " channels; use one of " + supported.stream().sorted().toList());
        }
        String name = blank(message.name()) ? "Sandbox Customer" : message.name();
        boolean media = MIME_TYPES.containsKey(type);
        MediaFault fault = media ? MediaFault.parse(message.mediaFault(), message.mediaFaultCount()) : null;
        if (!media && (!uploads.isEmpty() || message.content() != null || message.contentSize() != null)) {
            throw new IllegalArgumentException("files are for image, video, audio, document and sticker messages,"
                    + " not " + type);
        }
        if (fault != null && fault.kind() == MediaFault.Kind.HASH_MISMATCH && channel.provider() != Provider.META) {
            throw new IllegalArgumentException("mediaFault hash_mismatch is for Meta channels: Twilio's webhooks"
                    + " carry no hash");
        }
        if (channel.provider() == Provider.META && uploads.size() > 1) {
            throw new IllegalArgumentException("a WhatsApp message on Meta carries one file; send them one by one"
                    + " (Twilio channels take several)");
        }
        Optional<WebhookRoutes.Route> route = channel.provider() == Provider.META ? routes.meta(channel)
                : Optional.ofNullable(channel.twilio().publicUrl()).map(url -> new WebhookRoutes.Route(url.toString(),
                        null, Map.of()));
        if (route.isEmpty()) {
            return new Sent(null, channel.id(), channel.label(), 0, routes.whyNone(channel), false, null, null, null,
                    List.of());
        }
        Webhook webhook;
        String messageId;
        List<MediaFile> files;
        boolean system = type.equals("system");
        SystemChange change = system ? systemChange(message, customer) : null;
        if (system && !blank(message.groupId())) {
            throw new IllegalArgumentException("system messages are not written in groups");
        }
        if (channel.provider() == Provider.META) {
            messageId = MessageIds.wamid(customer.key(), false);
            files = media ? storeFiles(type, message, uploads, fault, MediaStore.Incoming.meta(channel.id(),
                    phoneNumberId, null, null, "customer", null, MAX_FILE_BYTES)) : List.of();
            webhook = system ? metaSystem(route.get(), channel, phoneNumberId, customer, name, messageId, change)
                    : meta(route.get(), channel, phoneNumberId, customer, name, type, messageId, message, files);
        } else {
            messageId = MessageIds.twilioSid(media ? "MM" : "SM");
            files = media ? storeFiles(type, message, uploads, fault, MediaStore.Incoming.twilio(channel.id(),
                    messageId, null, null, "customer", null, MAX_FILE_BYTES)) : List.of();
            webhook = twilio(channel, customer.waId(), name, type, messageId, message, files, baseUrl);
        }
        List<SentMedia> sentMedia = files.stream().map(f -> new SentMedia(f.id(), f.mimeType(), f.filename(),
                f.sha256(), f.size(), f.provider() == Provider.TWILIO ? twilioMediaUrl(baseUrl, channel, f) : null))
                .toList();
        if (system) {
            List<String> ids = new ArrayList<>(customer.ids());
            ids.addAll(change.newIds());
            identities.link(channel.id(), ids);
        } else {
            identities.link(channel.id(), customer.ids());
            if (blank(message.groupId())) {
                // A message in a group is not one to the business: it opens no service window.
                windows.customerWrote(channel.id(), customer.key());
            }
        }
        WebhookSender.Sending sending = sender.send(webhook);
        WebhookSender.Attempt first = sending.awaitFirst(settings.webhooks().timeout().plusSeconds(2));
        return new Sent(messageId, channel.id(), channel.label(), first.status(), first.body(),
                !first.delivered() && settings.webhooks().maxAttempts() > 1, webhook.url(), webhook.contentType(),
                webhook.bodyText(), sentMedia);
    }

    /** The channel of {@code phoneNumberId} (a Meta or 360dialog number), else of {@code channelId}. */
    static Channel channelOf(Channels channels, String channelId, String phoneNumberId) {
        if (!blank(phoneNumberId)) {
            Channel channel = channels.byPhoneNumberId(phoneNumberId).orElseThrow(() ->
                    new IllegalArgumentException("unknown phoneNumberId " + phoneNumberId + "; known: "
                            + channels.all().stream().filter(c -> c.provider() == Provider.META)
                            .flatMap(c -> c.meta().phoneNumberIds().stream()).sorted().toList()));
            if (!blank(channelId) && !channelId.equals(channel.id())) {
                throw new IllegalArgumentException("phoneNumberId " + phoneNumberId + " is "
                        + channel.id() + "'s, not " + channelId + "'s; give one of them");
            }
            return channel;
        }
        return channels.find(channelId).orElseThrow(() -> new IllegalArgumentException(
                channelId == null ? "channelId or phoneNumberId is required" : "unknown channelId "
                        + channelId + "; configured: " + channels.all().stream().map(Channel::id).toList()));
    }

    // ------------------------------------------------------------------ files

    /**
     * Stores the message's files: the multipart parts, else {@code content} (base64), else {@code contentSize}
     * generated bytes, else a small generated file. No WhatsApp limit is applied (a test may send an oversized
     * image to see it refused downstream); only {@link #MAX_FILE_BYTES}, to keep the disk.
     */
    private List<MediaFile> storeFiles(String type, CustomerMessage m, List<MediaUpload> uploads, MediaFault fault,
                                       MediaStore.Incoming owner) {
        List<MediaUpload> sources = uploads;
        if (sources.isEmpty()) {
            if (m.content() != null) {
                byte[] bytes;
                try {
                    bytes = Base64.getMimeDecoder().decode(m.content());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("content must be the file in base64: " + e.getMessage());
                }
                sources = List.of(new MediaUpload(m.filename(), null, () -> new ByteArrayInputStream(bytes)));
            } else {
                long size = m.contentSize() == null ? PLACEHOLDER_BYTES : m.contentSize();
                if (size < 1 || size > MAX_FILE_BYTES) {
                    throw new IllegalArgumentException("contentSize must be 1 to " + MAX_FILE_BYTES + ", not " + size);
                }
                sources = List.of(new MediaUpload(m.filename(), null, () -> new GeneratedContent(size)));
            }
        } else if (m.content() != null || m.contentSize() != null) {
            throw new IllegalArgumentException("give the file either as multipart parts or as content/contentSize,"
                    + " not both");
        }
        List<MediaFile> files = new ArrayList<>();
        for (MediaUpload source : sources) {
            String mimeType = !blank(m.mimeType()) ? m.mimeType()
                    : !blank(source.contentType()) && !source.contentType().startsWith("application/octet-stream")
                    ? source.contentType() : MIME_TYPES.get(type);
            String filename = !blank(source.filename()) ? source.filename() : m.filename();
            if (type.equals("document") && blank(filename)) {
                filename = "document.pdf";
            }
            MediaStore.Incoming what = new MediaStore.Incoming(owner.provider(), owner.channelId(),
                    owner.phoneNumberId(), owner.messageSid(), mimeType, filename, owner.source(), null,
                    owner.maxBytes(), fault);
            try (InputStream in = source.content().open()) {
                files.add(store.store(in, what));
            } catch (MediaStore.TooLarge e) {
                throw new IllegalArgumentException("a file may have at most " + MAX_FILE_BYTES + " bytes here");
            } catch (IOException e) {
                throw new UncheckedIOException("the file could not be stored", e);
            }
        }
        return files;
    }

    private static String twilioMediaUrl(String baseUrl, Channel channel, MediaFile file) {
        return baseUrl + "/2010-04-01/Accounts/" + channel.twilio().accountSid() + "/Messages/" + file.messageSid()
                + "/Media/" + file.id();
    }

    // ------------------------------------------------------------------ Meta

    private Webhook meta(WebhookRoutes.Route route, Channel channel, String phoneNumberId, Identity customer,
                         String name, String type, String messageId, CustomerMessage m, List<MediaFile> files) {
        String addressed = customer.key();
        ObjectNode value = MetaWebhooks.value(channel, phoneNumberId);
        ObjectNode contact = value.putArray("contacts").addObject();
        ObjectNode profile = contact.putObject("profile").put("name", name);
        if (customer.username() != null) {
            profile.put("username", customer.username());
        }
        putIfGiven(contact, "wa_id", customer.waId());
        putIfGiven(contact, "user_id", customer.userId());
        putIfGiven(contact, "parent_user_id", customer.parentUserId());
        ObjectNode msg = value.putArray("messages").addObject();
        Optional<String> quoted = quoted(channel, addressed, type, m);
        quoted.ifPresent(id -> {
            ObjectNode context = msg.putObject("context");
            context.put("from", channel.businessDigits(phoneNumberId));
            context.put("id", id);
        });
        putIfGiven(msg, "from", customer.waId());
        putIfGiven(msg, "from_user_id", customer.userId());
        if (!blank(m.groupId())) {
            msg.put("group_id", m.groupId().trim());
        }
        msg.put("id", messageId);
        msg.put("timestamp", MetaWebhooks.timestamp(clock.instant()));
        switch (type) {
            case "text" -> {
                msg.put("type", "text");
                msg.putObject("text").put("body", required(m.text(), "text"));
            }
            case "image", "video", "audio", "document", "sticker" -> {
                msg.put("type", type);
                ObjectNode media = msg.putObject(type);
                if (!blank(m.caption()) && Set.of("image", "video", "document").contains(type)) {
                    media.put("caption", m.caption());
                }
                MediaFile file = files.get(0);
                if (type.equals("document")) {
                    media.put("filename", file.filename());
                }
                media.put("mime_type", file.mimeType());
                // Recent webhooks carry the hash in base64 (older ones in hex).
                media.put("sha256", Base64.getEncoder().encodeToString(HexFormat.of().parseHex(
                        file.announcedSha256())));
                media.put("id", file.id());
                if (type.equals("audio")) {
                    media.put("voice", Boolean.TRUE.equals(m.voice()));
                }
                if (type.equals("sticker")) {
                    media.put("animated", Boolean.TRUE.equals(m.animated()));
                }
            }
            case "location" -> {
                msg.put("type", "location");
                ObjectNode location = msg.putObject("location");
                location.put("latitude", coordinate(m.latitude(), "latitude", 90));
                location.put("longitude", coordinate(m.longitude(), "longitude", 180));
                if (!blank(m.locationName())) {
                    location.put("name", m.locationName());
                }
                if (!blank(m.address())) {
                    location.put("address", m.address());
                }
            }
            case "contacts" -> {
                msg.put("type", "contacts");
                ObjectNode shared = msg.putArray("contacts").addObject();
                String contactName = required(m.contactName(), "contactName");
                shared.putObject("name").put("formatted_name", contactName).put("first_name", contactName);
                String phone = required(m.contactPhone(), "contactPhone");
                ObjectNode entry = shared.putArray("phones").addObject();
                entry.put("phone", phone);
                String phoneDigits = phone.replaceAll("[^0-9]", "");
                if (!phoneDigits.isEmpty()) {
                    entry.put("wa_id", phoneDigits);
                }
                entry.put("type", "MOBILE");
            }
            case "button" -> {
                msg.put("type", "button");
                String text = required(m.text(), "text");
                msg.putObject("button").put("payload", blank(m.payload()) ? text : m.payload()).put("text", text);
            }
            case "interactive_reply", "list_reply" -> {
                msg.put("type", "interactive");
                String title = required(m.text(), "text");
                String kind = type.equals("list_reply") ? "list_reply" : "button_reply";
                ObjectNode interactive = msg.putObject("interactive");
                interactive.put("type", kind);
                ObjectNode reply = interactive.putObject(kind);
                reply.put("id", blank(m.replyId()) ? title : m.replyId());
                reply.put("title", title);
                if (kind.equals("list_reply") && !blank(m.description())) {
                    reply.put("description", m.description());
                }
            }
            case "reaction" -> {
                msg.put("type", "reaction");
                String target = !blank(m.messageId()) ? m.messageId()
                        : log.lastAcceptedTo(channel.id(), addressed).map(RecordedMessage::messageId)
                        .orElseThrow(() -> new IllegalArgumentException("reaction: give messageId (nothing was sent"
                                + " to " + addressed + " on " + channel.id() + " to react to)"));
                msg.putObject("reaction").put("message_id", target).put("emoji", m.emoji() == null ? "" : m.emoji());
            }
            default -> throw new IllegalStateException("unhandled type " + type);
        }
        return MetaWebhooks.webhook(route, channel, value,
                "customer " + type + " " + messageId + " on " + channel.id());
    }

    /**
     * What a system message says changed.
     *
     * @param type            user_changed_number or user_changed_user_id
     * @param newWaId         the new number (user_changed_number)
     * @param newUserId       the new BSUID (required for user_changed_user_id)
     * @param newParentUserId the new parent BSUID
     */
    record SystemChange(String type, String newWaId, String newUserId, String newParentUserId) {
        List<String> newIds() {
            return Stream.of(newWaId, newUserId, newParentUserId).filter(id -> id != null).toList();
        }
    }

    private static SystemChange systemChange(CustomerMessage m, Identity customer) {
        String type = blank(m.systemType()) ? null : m.systemType().trim();
        if (type == null || !SYSTEM_TYPES.contains(type)) {
            throw new IllegalArgumentException("systemType must be one of " + SYSTEM_TYPES.stream().sorted().toList()
                    + ", not " + m.systemType());
        }
        String newWaId = blank(m.newWaId()) ? null : MessageLog.normalised(m.newWaId());
        String newUserId = blank(m.newUserId()) ? null : m.newUserId().trim();
        String newParentUserId = blank(m.newParentUserId()) ? null : m.newParentUserId().trim();
        checkBsuid("newUserId", newUserId);
        checkBsuid("newParentUserId", newParentUserId);
        if (type.equals("user_changed_number")) {
            if (customer.waId() == null || newWaId == null || !newWaId.matches("[0-9]{5,15}")) {
                throw new IllegalArgumentException("user_changed_number needs from (the old number) and newWaId (the"
                        + " new one, digits)");
            }
        } else if (customer.userId() == null || newUserId == null || newWaId != null) {
            throw new IllegalArgumentException("user_changed_user_id needs userId (the BSUID before) and newUserId"
                    + " (the one after), and carries no number (no newWaId)");
        }
        return new SystemChange(type, newWaId, newUserId, newParentUserId);
    }

    /**
     * Meta's system message (reference "System messages webhook", Aug 11, 2026): no contacts array;
     * {@code user_changed_number} from the old number with the new one in {@code system.wa_id},
     * {@code user_changed_user_id} without any number; both with the ids before the change in
     * {@code previous_user_id}/{@code previous_parent_user_id} and the new ones in {@code user_id}/{@code parent_user_id}.
     */
    private Webhook metaSystem(WebhookRoutes.Route route, Channel channel, String phoneNumberId, Identity customer,
                               String name, String messageId, SystemChange change) {
        ObjectNode value = MetaWebhooks.value(channel, phoneNumberId);
        ObjectNode msg = value.putArray("messages").addObject();
        boolean numberChanged = change.type().equals("user_changed_number");
        if (numberChanged) {
            msg.put("from", customer.waId());
        }
        msg.put("id", messageId);
        msg.put("timestamp", MetaWebhooks.timestamp(clock.instant()));
        msg.put("type", "system");
        ObjectNode system = msg.putObject("system");
        if (numberChanged) {
            system.put("body", "User " + name + " changed from " + customer.waId() + " to " + change.newWaId());
            system.put("wa_id", change.newWaId());
        }
        system.put("type", change.type());
        putIfGiven(system, "user_id", change.newUserId());
        putIfGiven(system, "parent_user_id", change.newParentUserId());
        putIfGiven(system, "previous_user_id", customer.userId());
        putIfGiven(system, "previous_parent_user_id", customer.parentUserId());
        return MetaWebhooks.webhook(route, channel, value,
                "customer system " + change.type() + " " + messageId + " on " + channel.id());
    }

    static void putIfGiven(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    /** The message quoted: the one named, or for buttons the newest sent to the customer (what was tapped). */
    private Optional<String> quoted(Channel channel, String waId, String type, CustomerMessage m) {
        if (!blank(m.replyTo())) {
            return Optional.of(m.replyTo());
        }
        if (Set.of("button", "interactive_reply", "list_reply").contains(type)) {
            return log.lastAcceptedTo(channel.id(), waId).map(RecordedMessage::messageId);
        }
        return Optional.empty();
    }

    // ------------------------------------------------------------------ Twilio

    private Webhook twilio(Channel channel, String waId, String name, String type, String sid, CustomerMessage m,
                           List<MediaFile> files, String baseUrl) {
        String accountSid = channel.twilio().accountSid();
        String business = channel.twilio().senders().get(0);
        List<Map.Entry<String, String>> form = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            form.add(Map.entry("MediaContentType" + i, files.get(i).mimeType()));
        }
        form.add(Map.entry("SmsMessageSid", sid));
        form.add(Map.entry("NumMedia", Integer.toString(files.size())));
        form.add(Map.entry("ProfileName", name));
        form.add(Map.entry("MessageType", switch (type) {
            case "interactive_reply" -> "interactive";
            default -> type;
        }));
        form.add(Map.entry("SmsSid", sid));
        form.add(Map.entry("WaId", waId));
        form.add(Map.entry("SmsStatus", "received"));
        switch (type) {
            case "text" -> form.add(Map.entry("Body", required(m.text(), "text")));
            case "image", "video", "audio", "document", "sticker" -> {
                form.add(Map.entry("Body", blank(m.caption()) ? "" : m.caption()));
                for (int i = 0; i < files.size(); i++) {
                    form.add(Map.entry("MediaUrl" + i, twilioMediaUrl(baseUrl, channel, files.get(i))));
                }
            }
            case "location" -> {
                form.add(Map.entry("Body", ""));
                form.add(Map.entry("Latitude", Double.toString(coordinate(m.latitude(), "latitude", 90))));
                form.add(Map.entry("Longitude", Double.toString(coordinate(m.longitude(), "longitude", 180))));
                if (!blank(m.address())) {
                    form.add(Map.entry("Address", m.address()));
                }
                if (!blank(m.locationName())) {
                    form.add(Map.entry("Label", m.locationName()));
                }
            }
            case "button", "interactive_reply" -> {
                String text = required(m.text(), "text");
                String payload = type.equals("button") ? m.payload() : m.replyId();
                form.add(Map.entry("Body", text));
                form.add(Map.entry("ButtonText", text));
                form.add(Map.entry("ButtonPayload", blank(payload) ? text : payload));
            }
            default -> throw new IllegalStateException("unhandled type " + type);
        }
        quoted(channel, waId, type, m).ifPresent(id -> {
            form.add(Map.entry("OriginalRepliedMessageSender", business));
            form.add(Map.entry("OriginalRepliedMessageSid", id));
        });
        form.add(Map.entry("To", business));
        form.add(Map.entry("NumSegments", "1"));
        form.add(Map.entry("ReferralNumMedia", "0"));
        form.add(Map.entry("MessageSid", sid));
        form.add(Map.entry("AccountSid", accountSid));
        form.add(Map.entry("From", "whatsapp:+" + waId));
        form.add(Map.entry("ApiVersion", "2010-04-01"));
        String url = channel.twilio().publicUrl().toString();
        return TwilioWebhooks.webhook(url, channel.twilio().authToken(), form,
                "customer " + type + " " + sid + " on " + channel.id());
    }

    // ------------------------------------------------------------------ helpers

    private static double coordinate(Double value, String field, double limit) {
        if (value == null || !(Math.abs(value) <= limit)) {
            throw new IllegalArgumentException(field + " is required, between -" + (int) limit + " and " + (int) limit);
        }
        return value;
    }

    private static String required(String value, String field) {
        if (blank(value)) {
            throw new IllegalArgumentException(field + " is required for this type");
        }
        return value;
    }

    static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
