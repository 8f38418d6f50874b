package dev.switchboard.local.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The driver's rules without a stack: bodies and signatures, the customers' lifecycle, receipts, lateness. */
class DriverPartsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String TWILIO_URL = "http://localhost:18080/webhooks/twilio/demo-twilio";

    @Test
    void signaturesMatchPublishedVectors() {
        // RFC 4231 test case 2 (HMAC-SHA256), and twilio-java's RequestValidatorTest vector (the one in ingress's
        // fixtures/twilio/signature-test-vectors.json, "form_default").
        assertThat(WebhookBodies.metaSignature("Jefe", "what do ya want for nothing?".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
        Map<String, String> params = new LinkedHashMap<>();
        params.put("To", "+18005551212");
        params.put("From", "+14158675309");
        params.put("Digits", "1234");
        params.put("Caller", "+14158675309");
        params.put("CallSid", "CA1234567890ABCDE");
        assertThat(WebhookBodies.twilioSignature("12345", "https://mycompany.com/myapp.php?foo=1&bar=2", params))
                .isEqualTo("RSOYDt4T1cUTdK1PDd93/VVr8B8=");
    }

    @Test
    void aMetaBatchIsOneCustomersMessagesSignedOverItsExactBytes() {
        WebhookBodies bodies = new WebhookBodies(1, TWILIO_URL);
        String customer = "491230000007";
        WebhookBodies.Signed signed = bodies.metaMessages(customer, "Soak 7", List.of(
                new WebhookBodies.Message("wamid.soak.9.0", bodies.text(customer, 3)),
                new WebhookBodies.Message("wamid.soak.9.1", bodies.text(customer, 4))), 1_765_000_000L);

        assertThat(signed.path()).isEqualTo("/webhooks/whatsapp/demo");
        assertThat(signed.signature()).isEqualTo(WebhookBodies.metaSignature("demo-app-secret", signed.bytes()));
        JsonNode value = JSON.readTree(signed.bytes()).path("entry").path(0).path("changes").path(0).path("value");
        assertThat(value.path("metadata").path("phone_number_id").asString()).isEqualTo("100200300400500");
        assertThat(value.path("contacts").path(0).path("wa_id").asString()).isEqualTo(customer);
        List<String> ids = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        value.path("messages").forEach(m -> {
            ids.add(m.path("id").asString());
            texts.add(m.path("text").path("body").asString());
            assertThat(m.path("from").asString()).isEqualTo(customer);
        });
        assertThat(ids).containsExactly("wamid.soak.9.0", "wamid.soak.9.1");
        assertThat(texts).satisfiesExactly(t -> assertThat(t).startsWith("soak:491230000007:3 "),
                t -> assertThat(t).startsWith("soak:491230000007:4 "));
    }

    @Test
    void aTwilioMessageIsAFormSignedOverThePublicUrlAndItsDecodedParameters() {
        WebhookBodies bodies = new WebhookBodies(1, TWILIO_URL);
        String sid = bodies.twilioSid(42);
        WebhookBodies.Signed signed = bodies.twilioMessage("+491230000008", "Soak 8", sid,
                "soak:+491230000008:1 hello & good/bye?");

        assertThat(sid).matches("SM[0-9a-f]{32}").endsWith("000000000000002a");
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : new String(signed.bytes(), StandardCharsets.UTF_8).split("&")) {
            String[] kv = pair.split("=", 2);
            params.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        assertThat(params).containsEntry("Body", "soak:+491230000008:1 hello & good/bye?")
                .containsEntry("From", "whatsapp:+491230000008").containsEntry("To", "whatsapp:+15550002222")
                .containsEntry("MessageSid", sid).containsEntry("WaId", "491230000008");
        assertThat(signed.path()).isEqualTo("/webhooks/twilio/demo-twilio");
        assertThat(signed.signature())
                .isEqualTo(WebhookBodies.twilioSignature("demo-twilio-auth-token", TWILIO_URL, params))
                .isNotEqualTo(WebhookBodies.twilioSignature("demo-twilio-auth-token",
                        "http://localhost:18081/webhooks/twilio/demo-twilio", params));
    }

    @Test
    void theMixFollowsThePercentagesAndRepeatsWithTheSeed() {
        Map<LoadPlan.SlotKind, Integer> counts = new EnumMap<>(LoadPlan.SlotKind.class);
        LoadPlan plan = new LoadPlan(500, Duration.ofMinutes(10), 7);
        LoadPlan again = new LoadPlan(500, Duration.ofMinutes(10), 7);
        for (int i = 0; i < 100_000; i++) {
            LoadPlan.SlotKind kind = plan.nextKind();
            assertThat(again.nextKind()).isEqualTo(kind);
            counts.merge(kind, 1, Integer::sum);
        }
        assertThat(counts.get(LoadPlan.SlotKind.META_MESSAGE)).isBetween(69_000, 71_000);
        assertThat(counts.get(LoadPlan.SlotKind.META_BATCH)).isBetween(9_500, 10_500);
        assertThat(counts.get(LoadPlan.SlotKind.TWILIO_MESSAGE)).isBetween(9_500, 10_500);
        assertThat(counts.get(LoadPlan.SlotKind.META_RECEIPT)).isBetween(9_500, 10_500);
    }

    @Test
    void aBusyCustomerGetsNoSlotAndOneWhoseBudgetIsSpentFallsSilentForGood() {
        // 500/s in a 10-minute run: pools of 1200 Meta and 150 Twilio customers, 40 webhooks each on average.
        LoadPlan plan = new LoadPlan(500, Duration.ofMinutes(10), 3);
        assertThat(plan.poolTarget(LoadPlan.Provider.META)).isEqualTo(1200);
        assertThat(plan.poolTarget(LoadPlan.Provider.TWILIO)).isEqualTo(150);
        assertThat(plan.meanWebhooks()).isEqualTo(40);

        // During the ramp the pool is small: its customers are busy, so the slot waits.
        LoadPlan.Customer first = plan.take(LoadPlan.Provider.TWILIO, 0);
        assertThat(first.id).matches("\\+49003\\d{7}");
        assertThat(plan.take(LoadPlan.Provider.TWILIO, 0)).as("the only customer is busy").isNull();
        plan.answered(first);
        assertThat(plan.take(LoadPlan.Provider.TWILIO, 0)).isSameAs(first);
        plan.answered(first);

        // After the ramp: round robin over idle customers; every customer writes 20-60 webhooks, then never again.
        Set<String> silent = new HashSet<>();
        Map<String, Integer> written = new LinkedHashMap<>();
        List<String> wroteWhenSilent = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            LoadPlan.Customer customer = plan.take(LoadPlan.Provider.META, 60_000);
            if (!customer.busy || silent.contains(customer.id)) {
                wroteWhenSilent.add(customer.id);
            }
            written.merge(customer.id, 1, Integer::sum);
            plan.answered(customer);
            if (customer.webhooksLeft == 0) {
                silent.add(customer.id);
            }
        }
        assertThat(wroteWhenSilent).isEmpty();
        assertThat(written.keySet()).allMatch(id -> id.matches("49003\\d{7}"));
        assertThat(plan.poolSize(LoadPlan.Provider.META)).isEqualTo(1200);
        assertThat(silent).hasSizeGreaterThan(2_000);
        silent.forEach(id -> assertThat(written.get(id)).isBetween(20, 60));
    }

    @Test
    void receiptsGoSentDeliveredReadForSentMessagesAndNameUnknownIdsOnlyWhenNoneIsKnown() {
        LoadReceipts receipts = new LoadReceipts();
        WebhookBodies.Status early = receipts.next();
        assertThat(early.messageId()).startsWith("wamid.soak.unknown.");
        assertThat(early.recipientWaId()).doesNotStartWith("49");

        receipts.sent("wamid.A", "491230000001");
        receipts.sent("wamid.B", "491230000002");
        List<String> posted = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            WebhookBodies.Status status = receipts.next();
            posted.add(status.messageId() + ":" + status.status());
        }
        assertThat(posted).containsExactly("wamid.A:sent", "wamid.B:sent", "wamid.A:delivered", "wamid.B:delivered",
                "wamid.A:read", "wamid.B:read");
        assertThat(receipts.known()).isEqualTo(6);
        assertThat(receipts.unknown()).isEqualTo(1);
    }

    @Test
    void latenessQuantilesAreWithinFivePercent() {
        LoadLateness lateness = new LoadLateness();
        for (int i = 1; i <= 1000; i++) {
            lateness.record(i);
        }
        assertThat(lateness.quantile(0.5)).isBetween(500L, 525L);
        assertThat(lateness.quantile(0.99)).isBetween(990L, 1000L);
        assertThat(lateness.max()).isEqualTo(1000);
        assertThat(lateness.drain().count()).isEqualTo(1000);
        assertThat(lateness.count()).isZero();
        assertThat(lateness.quantile(0.99)).isZero();
    }

    @Test
    void repliesPickOnlyCustomersWhoWroteWithinTheirWindow() {
        LoadReplies.Recent recent = new LoadReplies.Recent();
        recent.put(new LoadReplies.Writer("demo", "491", "491", 1_000));
        recent.put(new LoadReplies.Writer("demo", "492", "492", 5_000));
        recent.put(new LoadReplies.Writer("demo", "491", "491", 9_000));
        java.util.Random random = new java.util.Random(1);
        Set<String> picked = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            LoadReplies.Writer writer = recent.pick(random, 4_000, 8_000);
            if (writer != null) {
                picked.add(writer.customer());
            }
        }
        assertThat(picked).containsExactly("492");
        assertThat(recent.pick(random, 6_000, 20_000).customer()).isEqualTo("491");
        for (int i = 0; i < 50; i++) {
            recent.pick(random, 6_000, 20_000);
        }
        assertThat(recent.size()).as("492 is forgotten once it is too old").isEqualTo(1);
    }
}
