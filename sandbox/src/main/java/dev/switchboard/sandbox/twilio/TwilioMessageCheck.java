package dev.switchboard.sandbox.twilio;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import dev.switchboard.sandbox.channel.Channel;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks the form of {@code POST /2010-04-01/Accounts/{AccountSid}/Messages.json} as Twilio does for WhatsApp, in
 * Twilio's order: From (21603, 63007), To (21604, 21211, 21910, 21266), the content: ContentSid (21655) with
 * ContentVariables (21656), or Body (at most 1600 characters, 21617) and/or MediaUrl (21620), else 21602; then
 * StatusCallback (21609). Plain Java; throws {@link Invalid}.
 */
public final class TwilioMessageCheck {

    private static final JsonMapper JSON = JsonMapper.shared();
    private static final Pattern WHATSAPP_ADDRESS = Pattern.compile("whatsapp:\\+([0-9]{6,15})");
    private static final Pattern CONTENT_SID = Pattern.compile("HX[0-9a-fA-F]{32}");

    private TwilioMessageCheck() {
    }

    public static final class Invalid extends RuntimeException {
        private final transient TwilioError error;

        Invalid(TwilioError error) {
            super(error.message(), null, false, false);
            this.error = error;
        }

        public TwilioError error() {
            return error;
        }
    }

    /**
     * A message that passed.
     *
     * @param channel        the channel of its sender
     * @param from           the sender ({@code whatsapp:+…})
     * @param recipient      the customer's digits
     * @param type           template, media, location or text
     * @param statusCallback the StatusCallback given, or null
     */
    public record Message(Channel channel, String from, String recipient, String type, String statusCallback) {
        public boolean template() {
            return type.equals("template");
        }
    }

    /** @param accountChannels the Twilio channels of the account the request authenticated as */
    public static Message check(Map<String, List<String>> form, List<Channel> accountChannels) {
        String from = first(form, "From");
        String service = first(form, "MessagingServiceSid");
        String sender = blank(from) ? service : from;
        if (blank(sender)) {
            throw new Invalid(TwilioErrors.of(21603));
        }
        Channel channel = accountChannels.stream().filter(c -> c.twilio().senders().contains(sender.trim()))
                .findFirst().orElseThrow(() -> new Invalid(TwilioErrors.of(63007,
                        "Twilio could not find a Channel with the specified From address: " + sender)));
        String to = first(form, "To");
        if (blank(to)) {
            throw new Invalid(TwilioErrors.of(21604));
        }
        var address = WHATSAPP_ADDRESS.matcher(to.trim());
        if (!address.matches()) {
            throw new Invalid(to.trim().toLowerCase(Locale.ROOT).startsWith("whatsapp:")
                    ? TwilioErrors.of(21211, "Invalid 'To' Phone Number: " + to)
                    : TwilioErrors.of(21910));
        }
        if (to.trim().equals(sender.trim())) {
            throw new Invalid(TwilioErrors.of(21266));
        }
        String type = content(form);
        String statusCallback = first(form, "StatusCallback");
        if (statusCallback != null && !httpUrl(statusCallback)) {
            throw new Invalid(TwilioErrors.of(21609, "Invalid StatusCallback: " + statusCallback));
        }
        return new Message(channel, sender.trim(), address.group(1), type,
                blank(statusCallback) ? null : statusCallback.trim());
    }

    private static String content(Map<String, List<String>> form) {
        String contentSid = first(form, "ContentSid");
        if (!blank(contentSid)) {
            if (!CONTENT_SID.matcher(contentSid.trim()).matches()) {
                throw new Invalid(TwilioErrors.of(21655, "The ContentSid is Invalid: " + contentSid));
            }
            String variables = first(form, "ContentVariables");
            if (!blank(variables) && !variablesValid(variables)) {
                throw new Invalid(TwilioErrors.of(21656));
            }
            return "template";
        }
        String body = first(form, "Body");
        List<String> media = form.getOrDefault("MediaUrl", List.of());
        if (blank(body) && media.stream().allMatch(TwilioMessageCheck::blank)) {
            throw new Invalid(TwilioErrors.of(21602));
        }
        if (body != null && body.codePointCount(0, body.length()) > 1600) {
            throw new Invalid(TwilioErrors.of(21617));
        }
        for (String url : media) {
            if (!httpUrl(url)) {
                throw new Invalid(TwilioErrors.of(21620, "Invalid media URL(s): " + url));
            }
        }
        if (!media.isEmpty()) {
            return "media";
        }
        String action = first(form, "PersistentAction");
        return action != null && action.startsWith("geo:") ? "location" : "text";
    }

    /** A JSON object of up to 100 variables, keys of at most 16 characters, values text of at most 1600. */
    private static boolean variablesValid(String variables) {
        JsonNode json;
        try {
            json = JSON.readTree(variables);
        } catch (JacksonException e) {
            return false;
        }
        if (json == null || !json.isObject() || json.size() > 100) {
            return false;
        }
        for (Map.Entry<String, JsonNode> e : json.properties()) {
            if (e.getKey().length() > 16 || !e.getValue().isValueNode() || e.getValue().asString("").length() > 1600) {
                return false;
            }
        }
        return true;
    }

    private static boolean httpUrl(String value) {
        try {
            URI uri = URI.create(value.trim());
            return uri.getScheme() != null && uri.getHost() != null
                    && List.of("http", "https").contains(uri.getScheme().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static String first(Map<String, List<String>> form, String key) {
        List<String> values = form.get(key);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
