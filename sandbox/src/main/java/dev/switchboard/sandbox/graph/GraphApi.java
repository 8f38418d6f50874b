package dev.switchboard.sandbox.graph;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.switchboard.sandbox.Answer;
import dev.switchboard.sandbox.channel.Channel;
import dev.switchboard.sandbox.channel.Channels;
import dev.switchboard.sandbox.channel.Provider;
import dev.switchboard.sandbox.consent.MarketingPreferences;
import dev.switchboard.sandbox.fault.Fault;
import dev.switchboard.sandbox.fault.Faults;
import dev.switchboard.sandbox.record.MessageLog;
import dev.switchboard.sandbox.record.RecordedMessage;
import dev.switchboard.sandbox.status.AcceptedSend;
import dev.switchboard.sandbox.status.SendFailure;
import dev.switchboard.sandbox.status.StatusSequence;
import dev.switchboard.sandbox.webhook.MessageIds;
import dev.switchboard.sandbox.window.CustomerWindows;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * {@code POST /{version}/{phone-number-id}/messages} as Meta answers it, in Meta's order: the bearer token (401,
 * 190), the phone_number_id (100, subcode 33), the body ({@link GraphMessageCheck}), a template that the
 * {@link TemplateCatalogue} lists as not approved (132015, 132016, 132001), then any injected fault, then a
 * marketing template to a customer who stopped marketing messages ({@link MarketingPreferences}: accepted, then
 * fails with 131050), then the 24-hour rule: a free-form message to a customer whose window is closed is accepted
 * and fails afterwards with 131047, as on the real Cloud API. A send to a BSUID ({@code recipient}) is a send to
 * the customer known by it, whatever other ids the customer has. Each accepted send is priced by Meta's
 * per-message pricing: a template by its catalogue category (unlisted ones as utility), anything else as service.
 * A media message's file is looked up by id, or fetched from its link after the send was accepted; an unusable one
 * makes the send fail with 131053 ({@link GraphMedia}). Every request is recorded in the {@link MessageLog}.
 */
public final class GraphApi {

    private static final JsonMapper JSON = JsonMapper.shared();
    private static final Set<String> MEDIA = Set.of("image", "audio", "video", "document", "sticker");

    private final Channels channels;
    private final Faults faults;
    private final CustomerWindows windows;
    private final MessageLog log;
    private final StatusSequence statuses;
    private final GraphMedia media;
    private final TemplateCatalogue templates;
    private final MarketingPreferences marketing;
    private final Clock clock;

    public GraphApi(Channels channels, Faults faults, CustomerWindows windows, MessageLog log, StatusSequence statuses,
                    GraphMedia media, TemplateCatalogue templates, MarketingPreferences marketing, Clock clock) {
        this.channels = channels;
        this.faults = faults;
        this.windows = windows;
        this.log = log;
        this.statuses = statuses;
        this.media = media;
        this.templates = templates;
        this.marketing = marketing;
        this.clock = clock;
    }

    public Answer send(String phoneNumberId, String authorization, byte[] body) {
        JsonNode request = parse(body);
        Channel channel = channels.byPhoneNumberId(phoneNumberId).orElse(null);
        String token = GraphAuth.bearer(authorization);
        if (GraphAuth.channelOf(channels, token).isEmpty()) {
            return refuse(channel, request, GraphErrors.invalidToken());
        }
        if (channel == null || !token.equals(channel.meta().accessToken())) {
            return refuse(channel, request, GraphErrors.unknownObject(phoneNumberId));
        }
        return checked(channel, phoneNumberId, request);
    }

    /**
     * {@code POST /360dialog/messages}: 360dialog passes the Cloud API's JSON to Meta, so the same checks, answers
     * and statuses as Graph's, from the account's number.
     *
     * @param account the 360dialog account of the request's {@code D360-API-KEY}
     */
    public Answer sendFrom(Channel account, byte[] body) {
        return checked(account, account.meta().phoneNumberIds().get(0), parse(body));
    }

    /** Records a request whose credentials named no account (its refusal is the caller's). */
    public void recordRefused(String provider, byte[] body, int httpStatus, Integer errorCode) {
        JsonNode request = parse(body);
        log.add(new RecordedMessage(log.nextSeq(), clock.instant(), null, provider, recipientOf(request),
                typeOf(request), request, null, httpStatus, errorCode, null, null));
    }

    private Answer checked(Channel channel, String phoneNumberId, JsonNode request) {
        if (request == null || !request.isObject()) {
            return refuse(channel, request, GraphErrors.invalidParameter("Request body must be a JSON object"));
        }
        if (GraphMessageCheck.isMarkRead(request)) {
            return markRead(channel, request);
        }
        GraphMessageCheck.Message message;
        try {
            message = GraphMessageCheck.message(request);
        } catch (GraphMessageCheck.Invalid invalid) {
            return refuse(channel, request, invalid.error(), recipientOf(request), typeOf(request));
        }
        if (message.recipient().equals(channel.businessDigits(phoneNumberId))) {
            return refuse(channel, request, GraphErrors.of(131021), message.recipient(), message.type());
        }
        String category = "service";
        if (message.template()) {
            JsonNode template = request.get("template");
            String name = template.get("name").asString();
            String language = template.at("/language/code").asString();
            Optional<GraphError> refusal = templates.refusal(channel.id(), name, language);
            if (refusal.isPresent()) {
                return refuse(channel, request, refusal.get(), message.recipient(), message.type());
            }
            category = templates.category(channel.id(), name, language).orElse("utility");
        }
        SendFailure failure = null;
        Optional<Fault> fault = faults.strike(Provider.META, channel.id(), message.recipient());
        if (fault.isPresent()) {
            Fault f = fault.get();
            if (!f.reportedLater(GraphErrors.ASYNCHRONOUS)) {
                return faulted(channel, request, message, f);
            }
            GraphError error = GraphErrors.of(f.code());
            failure = new SendFailure(f.code(), error.title(), f.details() != null ? f.details() : error.details());
        } else if (category.equals("marketing") && marketing.stopped(channel.id(), message.recipient())) {
            GraphError error = GraphErrors.of(131050);
            failure = new SendFailure(131050, error.title(), error.details());
        } else if (!message.template() && !windows.isOpen(channel.id(), message.recipient())) {
            GraphError error = GraphErrors.of(131047);
            failure = new SendFailure(131047, error.title(), error.details());
        }
        JsonNode file = MEDIA.contains(message.type()) ? request.get(message.type()) : null;
        String mediaId = file == null ? null : GraphMessageCheck.text(file, "id");
        String link = file == null || mediaId != null ? null : GraphMessageCheck.text(file, "link");
        GraphMedia.Used used = null;
        if (failure == null && mediaId != null) {
            used = media.byId(channel, message.type(), mediaId);
            failure = used.failure();
        }
        String wamid = MessageIds.wamid(message.recipient(), true);
        ObjectNode answer = JSON.createObjectNode();
        answer.put("messaging_product", "whatsapp");
        ObjectNode contact = answer.putArray("contacts").addObject();
        contact.put("input", message.input());
        contact.put(message.recipient().matches("[0-9]+") ? "wa_id" : "user_id", message.recipient());
        ObjectNode id = answer.putArray("messages").addObject();
        id.put("id", wamid);
        if (message.template()) {
            id.put("message_status", "accepted");
        }
        RecordedMessage record = record(channel, request, message.recipient(), message.type(), wamid, 200,
                failure == null ? null : failure.code());
        if (used != null) {
            record.media().add(used.media());
        }
        String pricedAs = category;
        if (failure == null && link != null) {
            // As WhatsApp: the link is fetched after the send was accepted; a failure is the send's failed status.
            media.byLink(channel, phoneNumberId, message.type(), link, GraphMessageCheck.text(file, "filename"))
                    .thenAccept(fetched -> {
                        record.media().add(fetched.media());
                        statuses.start(accepted(channel, record, wamid, message, phoneNumberId, pricedAs,
                                fetched.failure()));
                    });
        } else {
            statuses.start(accepted(channel, record, wamid, message, phoneNumberId, category, failure));
        }
        return Answer.json(200, JSON.writeValueAsString(answer));
    }

    private static AcceptedSend accepted(Channel channel, RecordedMessage record, String wamid,
                                         GraphMessageCheck.Message message, String phoneNumberId, String category,
                                         SendFailure failure) {
        return new AcceptedSend(channel, record, wamid, message.recipient(), phoneNumberId, message.template(),
                category, message.callbackData(), null, failure);
    }

    private Answer markRead(Channel channel, JsonNode request) {
        String messageId;
        try {
            messageId = GraphMessageCheck.markRead(request);
        } catch (GraphMessageCheck.Invalid invalid) {
            return refuse(channel, request, invalid.error(), null, "read");
        }
        record(channel, request, null, "read", messageId, 200, null);
        return Answer.json(200, "{\"success\":true}");
    }

    private Answer faulted(Channel channel, JsonNode request, GraphMessageCheck.Message message, Fault fault) {
        Answer answer;
        if (fault.code() == null) {
            answer = Answer.errorPage(fault.httpStatus());
        } else {
            GraphError error = GraphErrors.of(fault.code());
            if (fault.details() != null) {
                error = error.withDetails(fault.details());
            }
            int status = fault.httpStatus() != null ? fault.httpStatus() : error.httpStatus();
            answer = Answer.json(status, JSON.writeValueAsString(error.toJson()));
        }
        if (fault.retryAfterSeconds() != null) {
            answer = answer.withHeaders(Map.of("Retry-After", Integer.toString(fault.retryAfterSeconds())));
        }
        // Recorded now, as refused: a delayed send is never accepted, whether or not its client still waits.
        answer = answer.after(fault.delay());
        record(channel, request, message.recipient(), message.type(), null, answer.status(), fault.code());
        return answer;
    }

    private Answer refuse(Channel channel, JsonNode request, GraphError error) {
        return refuse(channel, request, error, recipientOf(request), typeOf(request));
    }

    private Answer refuse(Channel channel, JsonNode request, GraphError error, String recipient, String type) {
        record(channel, request, recipient, type, null, error.httpStatus(), error.code());
        return Answer.json(error.httpStatus(), JSON.writeValueAsString(error.toJson()));
    }

    private RecordedMessage record(Channel channel, JsonNode request, String recipient, String type, String messageId,
                                   int httpStatus, Integer errorCode) {
        RecordedMessage record = new RecordedMessage(log.nextSeq(), clock.instant(), channel == null ? null : channel.id(),
                channel == null ? Provider.META.label() : channel.label(), recipient, type, request, messageId, httpStatus, errorCode, null, null);
        log.add(record);
        return record;
    }

    private static String recipientOf(JsonNode request) {
        String to = request == null ? null : GraphMessageCheck.text(request, "to");
        return to == null ? null : MessageLog.normalised(to);
    }

    private static String typeOf(JsonNode request) {
        if (request == null || !request.isObject()) {
            return null;
        }
        if (GraphMessageCheck.isMarkRead(request)) {
            return "read";
        }
        String type = GraphMessageCheck.text(request, "type");
        return type == null ? "text" : type;
    }

    /** The body as JSON; a body that is not JSON as a JSON string (so the log still shows it). */
    private static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (JacksonException e) {
            return StringNode.valueOf(new String(body, StandardCharsets.UTF_8));
        }
    }
}
