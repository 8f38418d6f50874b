package dev.switchboard.sandbox.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.switchboard.sandbox.support.Fixtures;
import dev.switchboard.sandbox.support.SandboxTestBase;
import tools.jackson.databind.JsonNode;

/** Twilio sends with MediaUrl: the sandbox fetches the file as Twilio does, records it, and fails the message when it cannot. */
class TwilioMediaSendTest extends SandboxTestBase {


    private static List<String> statusesOf(String sid) {
        return INGRESS.received(TWILIO_STATUS).stream().map(r -> Fixtures.form(r.text()))
                .filter(f -> f.getOrDefault("MessageSid", List.of()).contains(sid))
                .map(f -> f.get("MessageStatus").get(0) + f.getOrDefault("ErrorCode", List.of("")).get(0)).toList();
    }

    @Test
    void aMediaUrlIsFetchedAndRecordedWithItsHashAndSize() throws Exception {
        String customer = customerWhoWrote("demo-twilio");
        byte[] pdf = randomBytes(90_000);
        String link = LINKS.serve("/twilio-invoice-" + customer + ".pdf", "application/pdf", pdf);

        Answer answer = twilioSend(Map.of("To", "whatsapp:+" + customer, "From", TWILIO_SENDER,
                "Body", "Here is your invoice", "MediaUrl", link));

        assertThat(answer.status()).isEqualTo(201);
        String sid = answer.json().get("sid").asString();
        assertThat(sid).startsWith("MM");
        await().atMost(Duration.ofSeconds(10)).until(() -> statusesOf(sid).size() == 3);
        assertThat(statusesOf(sid)).containsExactly("sent", "delivered", "read");
        JsonNode media = recorded(customer).get(0).get("media").get(0);
        assertThat(media.get("link").asString()).isEqualTo(link);
        assertThat(media.get("sha256").asString()).isEqualTo(sha256Hex(pdf));
        assertThat(media.get("size").asLong()).isEqualTo(pdf.length);
        assertThat(media.get("id").asString()).startsWith("ME");
    }

    @Test
    void aMediaUrlThatCannotBeFetchedLeavesTheMessageUndeliveredWith63019() throws Exception {
        String customer = customerWhoWrote("demo-twilio");

        String sid = twilioSend(Map.of("To", "whatsapp:+" + customer, "From", TWILIO_SENDER,
                "MediaUrl", LINKS.url("/gone.pdf"))).json().get("sid").asString();

        await().atMost(Duration.ofSeconds(10)).until(() -> statusesOf(sid).size() == 1);
        assertThat(statusesOf(sid)).containsExactly("undelivered63019");
        assertThat(recorded(customer).get(0).at("/media/0/error").asString()).contains("HTTP 404");
    }
}
