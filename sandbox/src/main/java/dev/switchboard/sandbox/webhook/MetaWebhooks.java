package dev.switchboard.sandbox.webhook;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.switchboard.sandbox.channel.Channel;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Cloud API webhooks ({@code object: whatsapp_business_account}, one entry, one change of field {@code messages},
 * or of an account-level field such as {@code message_template_status_update}) as Meta posts them: written the way Meta writes JSON (non-ASCII as {@code \u00e9} with lowercase hex, {@code /}
 * as {@code \/}), so that whoever checks the signature over other bytes than those received finds out here, and
 * signed with the channel's app secret.
 */
public final class MetaWebhooks {

    /** Meta's JSON: escaped as described above. */
    public static final JsonMapper META_JSON = JsonMapper.builder()
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII, JsonWriteFeature.ESCAPE_FORWARD_SLASHES)
            .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
            .build();

    public static final String SIGNATURE_HEADER = "X-Hub-Signature-256";

    private MetaWebhooks() {
    }

    /** The {@code value} of a change: product and metadata of the business number. */
    public static ObjectNode value(Channel channel, String phoneNumberId) {
        ObjectNode value = META_JSON.createObjectNode();
        value.put("messaging_product", "whatsapp");
        ObjectNode metadata = value.putObject("metadata");
        metadata.put("display_phone_number", channel.businessDigits(phoneNumberId));
        metadata.put("phone_number_id", phoneNumberId);
        return value;
    }

    /** The {@code messages} webhook around a value, to where the channel's webhooks go, signed as the route says. */
    public static Webhook webhook(WebhookRoutes.Route route, Channel channel, ObjectNode value, String description) {
        return webhook(route, channel.meta().wabaId(), "messages", value, null, description);
    }

    /**
     * A webhook of one change.
     *
     * @param field the change's field ({@code messages}, {@code message_template_status_update}, …)
     * @param time  the entry's {@code time} (account-level webhooks carry one); null: none
     */
    public static Webhook webhook(WebhookRoutes.Route route, String wabaId, String field, ObjectNode value,
                                  Instant time, String description) {
        ObjectNode envelope = META_JSON.createObjectNode();
        envelope.put("object", "whatsapp_business_account");
        ObjectNode entry = envelope.putArray("entry").addObject();
        entry.put("id", wabaId == null || wabaId.isBlank() ? "0" : wabaId);
        if (time != null) {
            entry.put("time", time.getEpochSecond());
        }
        ObjectNode change = entry.putArray("changes").addObject();
        change.set("value", value);
        change.put("field", field);
        byte[] body = META_JSON.writeValueAsBytes(envelope);
        Map<String, String> headers = new LinkedHashMap<>(route.headers());
        if (route.appSecret() != null) {
            headers.put(SIGNATURE_HEADER, Signatures.meta(route.appSecret(), body));
        }
        return new Webhook(route.url(), "application/json", body, Map.copyOf(headers), description);
    }

    /** A Unix time in seconds as the string Meta sends. */
    public static String timestamp(Instant at) {
        return Long.toString(at.getEpochSecond());
    }
}
