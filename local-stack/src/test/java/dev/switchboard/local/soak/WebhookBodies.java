package dev.switchboard.local.soak;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The soak's webhook bodies as the providers post them to the demo channels, signed: Meta's Cloud API JSON (one
 * customer's messages, or statuses) with {@code X-Hub-Signature-256}, and Twilio's form with
 * {@code X-Twilio-Signature} over the channel's public URL. The formats of SOAK-DESIGN.md: message texts
 * {@code soak:<customer>:<n> <filler>}, Meta ids {@code wamid.soak.<seq>.<i>}, Twilio MessageSids {@code SM} + 32 hex.
 * Every string put into the JSON is the driver's own ASCII (words, digits, "Soak 12") or a provider message id
 * (base64 and dots), so nothing needs escaping.
 */
final class WebhookBodies {

    static final String META_PATH = "/webhooks/whatsapp/" + SoakStack.META_CHANNEL;
    static final String TWILIO_PATH = "/webhooks/twilio/" + SoakStack.TWILIO_CHANNEL;
    static final String META_WABA_ID = "900800700600500";
    static final String META_SIGNATURE_HEADER = "X-Hub-Signature-256";
    static final String TWILIO_SIGNATURE_HEADER = "X-Twilio-Signature";

    private static final String[] WORDS = ("hello hi good morning thanks please order delivery package arrived yet "
            + "tracking number refund invoice account password reset payment card declined help agent support store "
            + "opening hours address return exchange size colour available stock discount code weekend tomorrow today "
            + "problem still waiting minutes shipping cost receipt email phone changed cancel subscription plan bill")
            .split(" ");

    /** A signed body, ready to post to {@code <ingress>path} as often as needed (retries post the same bytes). */
    record Signed(String path, String contentType, byte[] bytes, String signatureHeader, String signature) {

        String sha256() {
            return WebhookBodies.sha256(bytes);
        }
    }

    /** Hex SHA-256 (the journal's {@code bodySha256}: what ingress keeps on the raw topic). */
    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** One customer message: its id and its text. */
    record Message(String id, String text) {
    }

    /** One status (receipt) of a message the platform sent. */
    record Status(String messageId, String recipientWaId, String status) {
    }

    private final Random random;
    private final String twilioUrl;

    /** @param twilioUrl the Twilio channel's public URL, the one Twilio signs */
    WebhookBodies(long seed, String twilioUrl) {
        this.random = new Random(seed);
        this.twilioUrl = twilioUrl;
    }

    /** {@code soak:<customer>:<n> <filler>}. */
    String text(String customer, long n) {
        return "soak:" + customer + ":" + n + " " + filler(5 + random.nextInt(25));
    }

    /** Meta's text messages of one customer in one body (one, or a batch). */
    Signed metaMessages(String waId, String name, List<Message> messages, long epochSecond) {
        List<String> items = new ArrayList<>();
        for (Message message : messages) {
            items.add("{\"from\":\"" + waId + "\",\"id\":\"" + message.id() + "\",\"timestamp\":\"" + epochSecond
                    + "\",\"type\":\"text\",\"text\":{\"body\":\"" + message.text() + "\"}}");
        }
        String contacts = "\"contacts\":[{\"profile\":{\"name\":\"" + name + "\"},\"wa_id\":\"" + waId + "\"}]";
        return meta(envelope(contacts + ",\"messages\":[" + String.join(",", items) + "]"));
    }

    /** Meta's statuses of messages the platform sent (receipts). */
    Signed metaStatuses(List<Status> statuses, long epochSecond) {
        List<String> items = new ArrayList<>();
        for (Status status : statuses) {
            String conversation = "\"conversation\":{\"id\":\"" + hex(16) + "\","
                    + ("sent".equals(status.status()) ? "\"expiration_timestamp\":\"" + (epochSecond + 86_400) + "\"," : "")
                    + "\"origin\":{\"type\":\"service\"}}";
            items.add("{\"id\":\"" + status.messageId() + "\",\"status\":\"" + status.status()
                    + "\",\"timestamp\":\"" + epochSecond + "\",\"recipient_id\":\"" + status.recipientWaId() + "\","
                    + conversation + ",\"pricing\":{\"billable\":true,\"pricing_model\":\"PMP\",\"category\":\"service\","
                    + "\"type\":\"free_customer_service\"}}");
        }
        return meta(envelope("\"statuses\":[" + String.join(",", items) + "]"));
    }

    /** Twilio's form for one inbound WhatsApp text, as Twilio posts it to the channel's public URL. */
    Signed twilioMessage(String number, String name, String messageSid, String text) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("SmsMessageSid", messageSid);
        params.put("NumMedia", "0");
        params.put("ProfileName", name);
        params.put("SmsSid", messageSid);
        params.put("WaId", number.substring(1));
        params.put("SmsStatus", "received");
        params.put("Body", text);
        params.put("To", SoakStack.TWILIO_SENDER);
        params.put("NumSegments", "1");
        params.put("MessageType", "text");
        params.put("MessageSid", messageSid);
        params.put("AccountSid", SoakStack.TWILIO_ACCOUNT_SID);
        params.put("From", "whatsapp:" + number);
        params.put("ApiVersion", "2010-04-01");
        StringBuilder form = new StringBuilder();
        params.forEach((key, value) -> form.append(form.isEmpty() ? "" : "&").append(key).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return new Signed(TWILIO_PATH, "application/x-www-form-urlencoded",
                form.toString().getBytes(StandardCharsets.UTF_8), TWILIO_SIGNATURE_HEADER,
                twilioSignature(SoakStack.TWILIO_AUTH_TOKEN, twilioUrl, params));
    }

    /** A Twilio MessageSid: {@code SM} and 32 hex digits, the webhook's number in the last 16 (unique per run). */
    String twilioSid(long seq) {
        return "SM" + hex(8) + String.format("%016x", seq);
    }

    private String envelope(String items) {
        return "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"" + META_WABA_ID
                + "\",\"changes\":[{\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\""
                + SoakStack.META_DISPLAY_NUMBER + "\",\"phone_number_id\":\"" + SoakStack.META_PHONE_NUMBER_ID + "\"},"
                + items + "},\"field\":\"messages\"}]}]}";
    }

    private static Signed meta(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return new Signed(META_PATH, "application/json", bytes, META_SIGNATURE_HEADER,
                metaSignature(SoakStack.META_APP_SECRET, bytes));
    }

    /** Meta's {@code X-Hub-Signature-256}: {@code sha256=} + lowercase hex HMAC-SHA256 of the body, keyed with the app secret. */
    static String metaSignature(String appSecret, byte[] body) {
        return "sha256=" + HexFormat.of().formatHex(mac("HmacSHA256", appSecret, body));
    }

    /**
     * Twilio's {@code X-Twilio-Signature}: base64 HMAC-SHA1, keyed with the auth token, of the URL followed by each
     * parameter's name and value, names in byte order (every parameter here has one value).
     */
    static String twilioSignature(String authToken, String url, Map<String, String> params) {
        Map<String, List<String>> single = new TreeMap<>();
        params.forEach((key, value) -> single.put(key, List.of(value)));
        return twilioFormSignature(authToken, url, single);
    }

    /** The same for a form whose parameters may repeat: each name's distinct values, sorted. */
    static String twilioFormSignature(String authToken, String url, Map<String, List<String>> params) {
        StringBuilder signed = new StringBuilder(url);
        for (String name : new TreeSet<>(params.keySet())) {
            for (String value : new TreeSet<>(params.get(name))) {
                signed.append(name).append(value);
            }
        }
        return Base64.getEncoder().encodeToString(
                mac("HmacSHA1", authToken, signed.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] mac(String algorithm, String key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is part of every JDK", e);
        }
    }

    private String filler(int words) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < words; i++) {
            text.append(i == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
        }
        return text.toString();
    }

    private String hex(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
