package dev.switchboard.sandbox.twilio;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.switchboard.sandbox.Answer;
import dev.switchboard.sandbox.SandboxSettings;
import dev.switchboard.sandbox.channel.Channel;
import dev.switchboard.sandbox.channel.Channels;
import dev.switchboard.sandbox.channel.Provider;
import dev.switchboard.sandbox.fault.Fault;
import dev.switchboard.sandbox.fault.Faults;
import dev.switchboard.sandbox.record.MessageLog;
import dev.switchboard.sandbox.record.RecordedMessage;
import dev.switchboard.sandbox.status.AcceptedSend;
import dev.switchboard.sandbox.status.SendFailure;
import dev.switchboard.sandbox.status.StatusSequence;
import dev.switchboard.sandbox.webhook.MessageIds;
import dev.switchboard.sandbox.window.CustomerWindows;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /2010-04-01/Accounts/{AccountSid}/Messages.json} as Twilio answers it for WhatsApp: Basic auth
 * (401, 20003), the form ({@link TwilioMessageCheck}), a {@code ContentSid} the account does not have
 * ({@link TwilioContent}: 21655), any injected fault, then the 24-hour rule (a free-form
 * message outside the window is accepted and then undelivered with 63016, or refused with 63016 when configured so).
 * Accepted: 201 with the message resource, status {@code queued}; its status callbacks follow, for a media message
 * once its {@code MediaUrl}s were fetched ({@link TwilioMedia}).
 */
public final class TwilioApi {

    private static final JsonMapper JSON = JsonMapper.shared();
    private static final DateTimeFormatter RFC_2822 = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private final Channels channels;
    private final Faults faults;
    private final CustomerWindows windows;
    private final MessageLog log;
    private final StatusSequence statuses;
    private final SandboxSettings.TwilioWindowError windowError;
    private final TwilioMedia media;
    private final TwilioContent content;
    private final Clock clock;

    public TwilioApi(Channels channels, Faults faults, CustomerWindows windows, MessageLog log,
                     StatusSequence statuses, SandboxSettings.TwilioWindowError windowError, TwilioMedia media,
                     TwilioContent content, Clock clock) {
        this.content = content;
        this.channels = channels;
        this.faults = faults;
        this.windows = windows;
        this.log = log;
        this.statuses = statuses;
        this.windowError = windowError;
        this.media = media;
        this.clock = clock;
    }

    /** @param form the form parameters, a repeated key (MediaUrl) with all its values */
    public Answer send(String accountSid, String authorization, Map<String, List<String>> form) {
        ObjectNode request = asJson(form);
        List<Channel> account = channels.twilioAccount(accountSid);
        if (!authenticated(accountSid, authorization, account)) {
            return refuse(null, request, TwilioErrors.of(20003), null)
                    .withHeaders(Map.of("WWW-Authenticate", "Basic realm=\"Twilio API\""));
        }
        TwilioMessageCheck.Message message;
        try {
            message = TwilioMessageCheck.check(form, account);
        } catch (TwilioMessageCheck.Invalid invalid) {
            String to = TwilioMessageCheck.first(form, "To");
            return refuse(senderChannel(form, account), request, invalid.error(), MessageLog.normalised(to));
        }
        Channel channel = message.channel();
        String contentSid = TwilioMessageCheck.first(form, "ContentSid");
        if (message.template() && !content.has(accountSid, contentSid)) {
            return refuse(channel, request, TwilioErrors.of(21655, "The ContentSid is Invalid: " + contentSid
                    + " is not a Content template of account " + accountSid), message.recipient());
        }
        SendFailure failure = null;
        Optional<Fault> fault = faults.strike(Provider.TWILIO, channel.id(), message.recipient());
        if (fault.isPresent()) {
            Fault f = fault.get();
            if (!f.reportedLater(TwilioErrors.ASYNCHRONOUS)) {
                return faulted(channel, request, message, f);
            }
            failure = new SendFailure(f.code(), null, f.details());
        } else if (!message.template() && !windows.isOpen(channel.id(), message.recipient())) {
            if (windowError == SandboxSettings.TwilioWindowError.RESPONSE) {
                return refuse(channel, request, TwilioErrors.of(63016), message.recipient());
            }
            failure = new SendFailure(63016, null, null);
        }
        boolean hasMedia = message.type().equals("media");
        String sid = MessageIds.twilioSid(hasMedia ? "MM" : "SM");
        RecordedMessage record = record(channel, request, message.recipient(), message.type(), sid, 201,
                failure == null ? null : failure.code());
        String statusUrl = message.statusCallback() != null ? message.statusCallback() : channel.twilioStatusUrl();
        if (hasMedia && failure == null) {
            // As Twilio: the MediaUrls are fetched after the message was queued; a failure is its undelivered status.
            List<String> links = form.get("MediaUrl").stream().filter(url -> !url.isBlank()).toList();
            media.byLinks(channel, sid, links).thenAccept(used -> {
                record.media().addAll(used.media());
                statuses.start(new AcceptedSend(channel, record, sid, message.recipient(), message.from(), false,
                        null, null, statusUrl, used.failure()));
            });
        } else {
            statuses.start(new AcceptedSend(channel, record, sid, message.recipient(), message.from(),
                    message.template(), null, null, statusUrl, failure));
        }
        return Answer.json(201, resource(accountSid, sid, message, form));
    }

    private String resource(String accountSid, String sid, TwilioMessageCheck.Message message,
                            Map<String, List<String>> form) {
        String now = RFC_2822.format(clock.instant());
        String uri = "/2010-04-01/Accounts/" + accountSid + "/Messages/" + sid;
        ObjectNode answer = JSON.createObjectNode();
        answer.put("account_sid", accountSid);
        answer.put("api_version", "2010-04-01");
        String body = TwilioMessageCheck.first(form, "Body");
        answer.put("body", body == null ? "" : body);
        answer.put("date_created", now);
        answer.putNull("date_sent");
        answer.put("date_updated", now);
        answer.put("direction", "outbound-api");
        answer.putNull("error_code");
        answer.putNull("error_message");
        answer.put("from", message.from());
        String service = TwilioMessageCheck.first(form, "MessagingServiceSid");
        if (service == null) {
            answer.putNull("messaging_service_sid");
        } else {
            answer.put("messaging_service_sid", service);
        }
        answer.put("num_media", Integer.toString(form.getOrDefault("MediaUrl", List.of()).size()));
        answer.put("num_segments", "1");
        answer.putNull("price");
        answer.put("price_unit", "USD");
        answer.put("sid", sid);
        answer.put("status", "queued");
        answer.putObject("subresource_uris").put("media", uri + "/Media.json");
        answer.put("to", "whatsapp:+" + message.recipient());
        answer.put("uri", uri + ".json");
        return JSON.writeValueAsString(answer);
    }

    private Answer faulted(Channel channel, ObjectNode request, TwilioMessageCheck.Message message, Fault fault) {
        Answer answer;
        if (fault.code() == null) {
            answer = Answer.errorPage(fault.httpStatus());
        } else {
            TwilioError error = fault.details() != null ? TwilioErrors.of(fault.code(), fault.details())
                    : TwilioErrors.of(fault.code());
            int status = fault.httpStatus() != null ? fault.httpStatus() : error.httpStatus();
            answer = Answer.json(status, new TwilioError(status, error.code(), error.message()).toJson());
        }
        if (fault.retryAfterSeconds() != null) {
            answer = answer.withHeaders(Map.of("Retry-After", Integer.toString(fault.retryAfterSeconds())));
        }
        // Recorded now, as refused: a delayed send is never accepted, whether or not its client still waits.
        answer = answer.after(fault.delay());
        record(channel, request, message.recipient(), message.type(), null, answer.status(), fault.code());
        return answer;
    }

    private Answer refuse(Channel channel, ObjectNode request, TwilioError error, String recipient) {
        record(channel, request, recipient, null, null, error.httpStatus(), error.code());
        return Answer.json(error.httpStatus(), error.toJson());
    }

    private RecordedMessage record(Channel channel, ObjectNode request, String recipient, String type, String sid,
                                   int httpStatus, Integer errorCode) {
        RecordedMessage record = new RecordedMessage(log.nextSeq(), clock.instant(),
                channel == null ? null : channel.id(), Provider.TWILIO.label(), recipient, type, request, sid,
                httpStatus, errorCode, null, null);
        log.add(record);
        return record;
    }

    /** Basic auth as AccountSid : auth token of the account in the path. */
    static boolean authenticated(String accountSid, String authorization, List<Channel> account) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6) || account.isEmpty()) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0 || !decoded.substring(0, colon).equals(accountSid)) {
            return false;
        }
        String password = decoded.substring(colon + 1);
        return account.stream().anyMatch(c -> c.twilio().authToken().equals(password));
    }

    private static Channel senderChannel(Map<String, List<String>> form, List<Channel> account) {
        String from = TwilioMessageCheck.first(form, "From");
        return from == null ? null : account.stream().filter(c -> c.twilio().senders().contains(from.trim()))
                .findFirst().orElse(null);
    }

    /** The form as a JSON object: one value as a string, a repeated key as an array. */
    static ObjectNode asJson(Map<String, List<String>> form) {
        ObjectNode json = JSON.createObjectNode();
        form.forEach((key, values) -> {
            if (values.size() == 1) {
                json.put(key, values.get(0));
            } else {
                ArrayNode array = json.putArray(key);
                values.forEach(array::add);
            }
        });
        return json;
    }
}
