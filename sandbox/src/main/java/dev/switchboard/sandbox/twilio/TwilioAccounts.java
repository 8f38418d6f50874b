package dev.switchboard.sandbox.twilio;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.switchboard.sandbox.Answer;
import dev.switchboard.sandbox.channel.Channel;
import dev.switchboard.sandbox.channel.Channels;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Twilio calls an onboarding makes with an account SID and auth token: {@code GET /2010-04-01/Accounts/{sid}.json}
 * (the account, which checks the credentials) and the Senders API's {@code GET /v2/Channels/Senders?Channel=whatsapp}
 * (the account's WhatsApp senders, with their status, webhooks and Meta's quality and limit). Both need Basic auth
 * {@code AccountSid:auth-token} of a Twilio channel (else 401, 20003, with {@code WWW-Authenticate}).
 */
public final class TwilioAccounts {

    private static final JsonMapper JSON = JsonMapper.shared();
    private static final String CREATED = "Thu, 01 Jan 2026 00:00:00 +0000";

    private final Channels channels;

    public TwilioAccounts(Channels channels) {
        this.channels = channels;
    }

    /** {@code GET /2010-04-01/Accounts/{AccountSid}.json}: the account resource, as Twilio's. */
    public Answer account(String accountSid, String authorization) {
        List<Channel> account = channels.twilioAccount(accountSid);
        if (!TwilioApi.authenticated(accountSid, authorization, account)) {
            return unauthenticated();
        }
        String uri = "/2010-04-01/Accounts/" + accountSid;
        ObjectNode body = JSON.createObjectNode();
        body.put("auth_token", account.get(0).twilio().authToken());
        body.put("date_created", CREATED);
        body.put("date_updated", CREATED);
        body.put("friendly_name", "Switchboard Sandbox " + account.get(0).id());
        body.put("owner_account_sid", accountSid);
        body.put("sid", accountSid);
        body.put("status", "active");
        ObjectNode subresources = body.putObject("subresource_uris");
        for (String resource : List.of("addresses", "calls", "incoming_phone_numbers", "messages", "balance",
                "usage")) {
            String name = resource.equals("incoming_phone_numbers") ? "IncomingPhoneNumbers"
                    : Character.toUpperCase(resource.charAt(0)) + resource.substring(1);
            subresources.put(resource, uri + "/" + name + ".json");
        }
        body.put("type", "Full");
        body.put("uri", uri + ".json");
        return Answer.json(200, JSON.writeValueAsString(body));
    }

    /**
     * {@code GET /v2/Channels/Senders?Channel=whatsapp}: the {@code whatsapp:+…} senders of the account's channels
     * (a {@code MessagingServiceSid} among them is not a sender), one page with Twilio's {@code meta}.
     *
     * @param baseUrl where the sandbox is reached, for the resources' {@code url}s
     */
    public Answer senders(String authorization, String channel, String baseUrl) {
        String accountSid = basicUser(authorization);
        if (accountSid == null || !TwilioApi.authenticated(accountSid, authorization,
                channels.twilioAccount(accountSid))) {
            return unauthenticated();
        }
        String listUrl = baseUrl + "/v2/Channels/Senders?Channel=" + (channel == null ? "" : channel);
        ObjectNode body = JSON.createObjectNode();
        ArrayNode senders = body.putArray("senders");
        if (channel == null || channel.equalsIgnoreCase("whatsapp")) {
            for (Channel c : channels.twilioAccount(accountSid)) {
                c.twilio().senders().stream().filter(s -> s.startsWith("whatsapp:"))
                        .forEach(s -> senders.add(sender(c, s, baseUrl)));
            }
        }
        ObjectNode meta = body.putObject("meta");
        meta.put("page", 0);
        meta.put("page_size", 20);
        meta.put("first_page_url", listUrl + "&PageSize=20&Page=0");
        meta.putNull("previous_page_url");
        meta.put("url", listUrl + "&PageSize=20&Page=0");
        meta.putNull("next_page_url");
        meta.put("key", "senders");
        return Answer.json(200, JSON.writeValueAsString(body));
    }

    private static ObjectNode sender(Channel channel, String senderId, String baseUrl) {
        String sid = "XE" + UUID.nameUUIDFromBytes((channel.id() + senderId).getBytes(StandardCharsets.UTF_8))
                .toString().replace("-", "");
        ObjectNode sender = JSON.createObjectNode();
        sender.put("sid", sid);
        sender.put("status", "ONLINE");
        sender.put("sender_id", senderId);
        ObjectNode configuration = sender.putObject("configuration");
        configuration.putNull("waba_id");
        configuration.put("verification_method", "sms");
        configuration.putNull("verification_code");
        configuration.putNull("voice_application_sid");
        ObjectNode webhook = sender.putObject("webhook");
        if (channel.twilio().publicUrl() == null) {
            webhook.putNull("callback_url");
        } else {
            webhook.put("callback_url", channel.twilio().publicUrl().toString());
        }
        webhook.put("callback_method", "POST");
        webhook.putNull("fallback_url");
        webhook.putNull("fallback_method");
        if (channel.twilioStatusUrl() == null) {
            webhook.putNull("status_callback_url");
        } else {
            webhook.put("status_callback_url", channel.twilioStatusUrl());
        }
        webhook.put("status_callback_method", "POST");
        ObjectNode profile = sender.putObject("profile");
        profile.put("name", "Switchboard Sandbox " + channel.id());
        profile.putNull("about");
        ObjectNode properties = sender.putObject("properties");
        properties.put("quality_rating", "HIGH");
        properties.put("messaging_limit", "2K Customers/24hr");
        sender.putNull("offline_reasons");
        sender.put("url", baseUrl + "/v2/Channels/Senders/" + sid);
        return sender;
    }

    static Answer unauthenticated() {
        TwilioError error = TwilioErrors.of(20003);
        return Answer.json(error.httpStatus(), error.toJson())
                .withHeaders(Map.of("WWW-Authenticate", "Basic realm=\"Twilio API\""));
    }

    /** The user of {@code Authorization: Basic …}; null when there is none. */
    static String basicUser(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                    StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : decoded.substring(0, colon);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
