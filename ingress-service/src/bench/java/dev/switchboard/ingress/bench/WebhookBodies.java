package dev.switchboard.ingress.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.switchboard.bench.BenchRun;
import dev.switchboard.ingress.signature.MetaSignature;

/**
 * Pre-generated, pre-signed Cloud API webhook bodies, shaped like Meta's: compact JSON with non-ASCII escaped as
 * {@code \\uXXXX} and {@code /} as {@code \\/}, distinct wamids, a few thousand distinct customers per channel.
 * The mix (by body count): 80 % one inbound message (text, replies with context, images with captions), 15 %
 * batches of 1-8 delivery statuses, 5 % batches of 2-5 messages from different customers.
 *
 * <p>Generation is deterministic (fixed seed), so two runs send the same bytes.
 */
final class WebhookBodies {

    /** One channel of the benchmark configuration. */
    record Channel(String id, String phoneNumberId, String displayNumber, String wabaId, String appSecret,
                   String verifyToken) {
    }

    /** One signed request: where it goes, its bytes, its signature header, and what the service should publish. */
    record Body(Channel channel, String path, byte[] bytes, String signature, int messages, int statuses) {
    }

    private static final String[] WORDS = ("hello hi good morning evening thanks thank you please order delivery "
            + "package arrived yet tracking number refund invoice account password reset app crash payment card "
            + "declined help agent human support store opening hours address return exchange size colour color "
            + "available stock discount code promotion weekend tomorrow today yesterday problem still waiting "
            + "minutes hours days week shipping cost free express receipt email phone number changed update "
            + "cancel subscription plan premium basic upgrade downgrade bill twice charged wrong item broken")
            .split(" ");
    private static final String[] ACCENTED = {"Grüße", "café", "naïve", "Zoë", "señor", "déjà", "über", "Ålesund",
            "façade", "smörgåsbord", "ça va", "niño", "😀", "👍", "🙏", "☕", "日本", "спасибо"};
    private static final String[] FIRST = {"Ana", "Ben", "Cléo", "Dmitri", "Emma", "Farid", "Greta", "Hiro", "Ines",
            "Jonas", "Kofi", "Lena", "Mateo", "Nora", "Omar", "Priya", "Quentin", "Rosa", "Sven", "Tariq", "Uma",
            "Viktor", "Wen", "Ximena", "Yusuf", "Zoë"};
    private static final String[] LAST = {"Nelson", "Müller", "García", "Rossi", "Dubois", "Kowalski", "Tanaka",
            "Okafor", "Silva", "Novak", "Jensen", "Haddad", "O'Brien", "Schmidt", "Moreau", "Costa"};

    private final Random random;
    private final long now = Instant.now().getEpochSecond();
    private long wamidCounter;

    private WebhookBodies(long seed) {
        this.random = new Random(seed);
    }

    /** The benchmark's channels: {@code bench-1..bench-n}, each with its own number and app secret. */
    static List<Channel> channels(int count) {
        List<Channel> channels = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            channels.add(new Channel("bench-" + i, "1065403522429" + i + "0", "1555078388" + i, "41956125791547" + i,
                    "bench-app-secret-" + i + "-5f1c9a2e", "bench-verify-token-" + i));
        }
        return channels;
    }

    /** {@code switchboard.channels.*} for the service, as in deploy/local/channels.yml. */
    static String channelsYaml(List<Channel> channels) {
        Map<String, Object> byId = new LinkedHashMap<>();
        channels.forEach(c -> byId.put(c.id(), Map.of("provider", "meta", "meta", Map.of(
                "phone-number-ids", List.of(c.phoneNumberId()), "app-secret", c.appSecret(),
                "verify-token", c.verifyToken()))));
        return BenchRun.channelsYaml("written by the ingress benchmark", byId);
    }

    static List<Body> generate(List<Channel> channels, int count, int customersPerChannel, long seed) {
        WebhookBodies generator = new WebhookBodies(seed);
        List<Body> bodies = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Channel channel = channels.get(i % channels.size());
            int kind = generator.random.nextInt(100);
            String json;
            int messages = 0;
            int statuses = 0;
            if (kind < 80) {
                String customer = generator.customer(channel, customersPerChannel);
                json = generator.envelope(channel, contacts(List.of(customer), generator),
                        "\"messages\":[" + generator.message(customer) + "]");
                messages = 1;
            } else if (kind < 95) {
                statuses = 1 + generator.random.nextInt(8);
                List<String> list = new ArrayList<>();
                for (int s = 0; s < statuses; s++) {
                    list.add(generator.status(generator.customer(channel, customersPerChannel)));
                }
                json = generator.envelope(channel, null, "\"statuses\":[" + String.join(",", list) + "]");
            } else {
                messages = 2 + generator.random.nextInt(4);
                List<String> customers = new ArrayList<>();
                List<String> list = new ArrayList<>();
                for (int m = 0; m < messages; m++) {
                    String customer = generator.customer(channel, customersPerChannel);
                    if (!customers.contains(customer)) {
                        customers.add(customer);
                    }
                    list.add(generator.message(customer));
                }
                json = generator.envelope(channel, contacts(customers, generator),
                        "\"messages\":[" + String.join(",", list) + "]");
            }
            byte[] bytes = json.getBytes(StandardCharsets.US_ASCII);
            bodies.add(new Body(channel, "/webhooks/whatsapp/" + channel.id(), bytes,
                    MetaSignature.sign(channel.appSecret().getBytes(StandardCharsets.UTF_8), bytes), messages, statuses));
        }
        return bodies;
    }

    private String envelope(Channel channel, String contacts, String items) {
        return "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"" + channel.wabaId()
                + "\",\"changes\":[{\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\""
                + channel.displayNumber() + "\",\"phone_number_id\":\"" + channel.phoneNumberId() + "\"},"
                + (contacts == null ? "" : contacts + ",") + items + "},\"field\":\"messages\"}]}]}";
    }

    private static String contacts(List<String> customers, WebhookBodies generator) {
        List<String> list = new ArrayList<>();
        for (String waId : customers) {
            list.add("{\"profile\":{\"name\":\"" + escape(generator.name(waId)) + "\"},\"wa_id\":\"" + waId + "\"}");
        }
        return "\"contacts\":[" + String.join(",", list) + "]";
    }

    private String message(String from) {
        String head = "{\"from\":\"" + from + "\",\"id\":\"" + wamid() + "\",\"timestamp\":\"" + (now - random.nextInt(30)) + "\",";
        int kind = random.nextInt(100);
        if (kind < 85) {
            return head + "\"type\":\"text\",\"text\":{\"body\":\"" + escape(text(80 + random.nextInt(700))) + "\"}}";
        }
        if (kind < 95) {
            return head + "\"context\":{\"from\":\"15550783881\",\"id\":\"" + wamid() + "\"},"
                    + "\"type\":\"text\",\"text\":{\"body\":\"" + escape(text(20 + random.nextInt(300))) + "\"}}";
        }
        return head + "\"type\":\"image\",\"image\":{\"caption\":\"" + escape(text(10 + random.nextInt(120)))
                + "\",\"mime_type\":\"image/jpeg\",\"sha256\":\"" + base64(32) + "\",\"id\":\""
                + (1_000_000_000_000_000L + Math.abs(random.nextLong() % 8_999_999_999_999_999L)) + "\","
                + "\"url\":\"https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=" + random.nextInt(1_000_000)
                + "&ext=" + now + "&hash=" + base64(12).replace("=", "") + "\"}}";
    }

    private String status(String recipient) {
        String[] states = {"sent", "delivered", "read"};
        String state = states[random.nextInt(states.length)];
        String conversation = "sent".equals(state)
                ? "\"conversation\":{\"id\":\"" + hex(16) + "\",\"expiration_timestamp\":\"" + (now + 86_400)
                        + "\",\"origin\":{\"type\":\"service\"}},"
                : "\"conversation\":{\"id\":\"" + hex(16) + "\",\"origin\":{\"type\":\"service\"}},";
        return "{\"id\":\"" + wamid() + "\",\"status\":\"" + state + "\",\"timestamp\":\"" + (now - random.nextInt(30))
                + "\",\"recipient_id\":\"" + recipient + "\"," + conversation
                + "\"pricing\":{\"billable\":true,\"pricing_model\":\"PMP\",\"category\":\"service\",\"type\":\"free_customer_service\"}}";
    }

    private String customer(Channel channel, int customersPerChannel) {
        return "49" + channel.id().substring(6) + String.format("%09d", random.nextInt(customersPerChannel) * 7919);
    }

    private String name(String waId) {
        int h = Math.abs(waId.hashCode());
        return FIRST[h % FIRST.length] + " " + LAST[(h / FIRST.length) % LAST.length];
    }

    private String text(int length) {
        StringBuilder text = new StringBuilder();
        while (text.length() < length) {
            if (text.length() > 0) {
                text.append(random.nextInt(12) == 0 ? ", " : " ");
            }
            text.append(random.nextInt(15) == 0 ? ACCENTED[random.nextInt(ACCENTED.length)] : WORDS[random.nextInt(WORDS.length)]);
        }
        text.append(random.nextBoolean() ? "?" : ".");
        if (random.nextInt(10) == 0) {
            text.append(" see https://example.com/orders/").append(random.nextInt(1_000_000));
        }
        return text.toString();
    }

    private String wamid() {
        // Meta's wamids are base64 of an opaque id; what matters here is that every one is distinct.
        byte[] id = new byte[30];
        random.nextBytes(id);
        long n = ++wamidCounter;
        for (int i = 0; i < 8; i++) {
            id[i] = (byte) (n >>> (8 * i));
        }
        return "wamid.HBgL" + Base64.getEncoder().encodeToString(id);
    }

    private String base64(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    private String hex(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            s.append(String.format("%02x", x));
        }
        return s.toString();
    }

    /** JSON string content as Meta writes it: ASCII only, {@code /} escaped. */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '/' -> out.append("\\/");
                case '\n' -> out.append("\\n");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
