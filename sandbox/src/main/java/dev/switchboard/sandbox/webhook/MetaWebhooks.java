package dev.switchboard.sandbox.webhook;

import java.time.Instant;
import java.util.Map;

import dev.switchboard.sandbox.channel.Channel;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Cloud API webhooks ({@code object: whatsapp_business_account}, one entry, one change of field {@code messages})
 * as Meta posts them: written the way Meta writes JSON (non-ASCII as {@code \u00e9} with lowercase hex, {@code /}
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
        metadata.put("display_phone_number", channel.businessDigits());
        metadata.put("phone_number_id", phoneNumberId);
        return value;
    }

    /** The webhook around a value, signed, addressed to ingress's {@code /webhooks/whatsapp/{channelId}}. */
    public static Webhook webhook(String ingressBase, Channel channel, ObjectNode value, String description) {
        ObjectNode envelope = META_JSON.createObjectNode();
        envelope.put("object", "whatsapp_business_account");
        ObjectNode entry = envelope.putArray("entry").addObject();
        String wabaId = channel.meta().wabaId();
        entry.put("id", wabaId == null || wabaId.isBlank() ? "0" : wabaId);
        ObjectNode change = entry.putArray("changes").addObject();
        change.set("value", value);
        change.put("field", "messages");
        byte[] body = META_JSON.writeValueAsBytes(envelope);
        return new Webhook(ingressBase + "/webhooks/whatsapp/" + channel.id(), "application/json", body,
                Map.of(SIGNATURE_HEADER, Signatures.meta(channel.meta().appSecret(), body)), description);
    }

    /** A Unix time in seconds as the string Meta sends. */
    public static String timestamp(Instant at) {
        return Long.toString(at.getEpochSecond());
    }
}
