package dev.switchboard.sandbox.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.switchboard.sandbox.support.Fixtures;
import dev.switchboard.sandbox.support.IngressStub;
import dev.switchboard.sandbox.support.SandboxTestBase;
import tools.jackson.databind.JsonNode;

/** The customer simulator: the webhooks it posts have the shape of the providers' real ones, and are signed. */
class CustomerSimulatorTest extends SandboxTestBase {

    private static final String MESSAGE = "entry[].changes[].value.messages[].";

    /**
     * A message type, the simulator's fields for it, the fixture of a real webhook of that type, and the paths of
     * the fixture that are optional (present in that capture, not in every message).
     */
    static Stream<Arguments> metaTypes() {
        return Stream.of(
                Arguments.of("text", "\"text\":\"Does it come in another color?\"", "inbound-text.json", Set.of()),
                Arguments.of("image", "\"caption\":\"Taj Mahal\"", "inbound-image.json", Set.of()),
                Arguments.of("audio", "", "inbound-audio-voice.json", Set.of("entry[].changes[].value.contacts[].user_id",
                        "entry[].changes[].value.contacts[].parent_user_id")),
                Arguments.of("sticker", "", "inbound-sticker-static.json", Set.of(
                        "entry[].changes[].value.contacts[].user_id", "entry[].changes[].value.contacts[].parent_user_id")),
                Arguments.of("location", "\"latitude\":52.52,\"longitude\":13.40,\"locationName\":\"Brandenburger Tor\","
                        + "\"address\":\"Pariser Platz, Berlin\"", "inbound-location.json", Set.of(MESSAGE + "location.url")),
                Arguments.of("contacts", "\"contactName\":\"Lucía Gómez\",\"contactPhone\":\"+1 (983) 555-2319\"",
                        "inbound-contacts.json", Set.of(MESSAGE + "contacts[].name.last_name",
                                MESSAGE + "contacts[].org.company")),
                Arguments.of("button", "\"text\":\"Unsubscribe\"", "inbound-button-template-quick-reply.json", Set.of()),
                Arguments.of("interactive_reply", "\"text\":\"Cancel\",\"replyId\":\"cancel-button\"",
                        "inbound-interactive-button-reply.json", Set.of()),
                Arguments.of("list_reply", "\"text\":\"Priority Mail Express\",\"replyId\":\"priority_express\","
                        + "\"description\":\"Next Day to 2 Days\"", "inbound-interactive-list-reply.json", Set.of()),
                Arguments.of("reaction", "\"emoji\":\"👍\"", "inbound-reaction.json", Set.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("metaTypes")
    void aMetaWebhookHasTheShapeOfTheRealOne(String type, String fields, String fixture, Set<String> optional)
            throws Exception {
        String customer = newCustomer();
        // Something sent to the customer first: what buttons reply to and reactions react to.
        String ours = graphSend(Fixtures.text("meta/send-template-text.json")
                .replace("{{Recipient-Phone-Number}}", customer)).json().at("/messages/0/id").asString();
        INGRESS.clear();

        Answer answer = customerWrites("{\"channelId\":\"demo\",\"from\":\"+" + customer + "\",\"name\":\"Ana\","
                + "\"type\":\"" + type + "\"" + (fields.isEmpty() ? "" : "," + fields) + "}");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("ingressStatus").asInt()).isEqualTo(200);
        // The statuses of our template may arrive too: the customer's message is the one with messages.
        IngressStub.Received received = INGRESS.received(META_WEBHOOKS).stream()
                .filter(r -> r.text().contains("\"messages\":[")).findFirst().orElseThrow();
        assertThat(received.signatureValid()).isTrue();
        assertThat(received.contentType()).isEqualTo("application/json");
        JsonNode webhook = Fixtures.JSON.readTree(received.body());
        Set<String> real = Fixtures.shape(Fixtures.json("meta/" + fixture));
        Set<String> required = new TreeSet<>(real);
        required.removeAll(optional);
        assertThat(real).as("nothing a real webhook would not have").containsAll(Fixtures.shape(webhook));
        assertThat(Fixtures.shape(webhook)).as("everything a real webhook has").containsAll(required);

        JsonNode message = webhook.at("/entry/0/changes/0/value/messages/0");
        assertThat(message.get("id").asString()).isEqualTo(answer.json().get("messageId").asString());
        assertThat(message.get("from").asString()).isEqualTo(customer);
        assertThat(webhook.at("/entry/0/changes/0/value/contacts/0/profile/name").asString()).isEqualTo("Ana");
        assertThat(webhook.at("/entry/0/changes/0/value/metadata/phone_number_id").asString())
                .isEqualTo(PHONE_NUMBER_ID);
        if (real.contains(MESSAGE + "context.id")) {
            assertThat(message.at("/context/id").asString()).isEqualTo(ours);
            assertThat(message.at("/context/from").asString()).isEqualTo("15550001111");
        }
        if (type.equals("reaction")) {
            assertThat(message.at("/reaction/message_id").asString()).isEqualTo(ours);
        }
    }

    @Test
    void theWebhookIsWrittenAsMetaWritesJsonAndSignedOverThoseBytes() throws Exception {
        Answer answer = customerWrites("{\"channelId\":\"demo\",\"from\":\"" + newCustomer()
                + "\",\"type\":\"text\",\"text\":\"café / 😀\"}");

        IngressStub.Received received = INGRESS.received(META_WEBHOOKS).get(0);
        assertThat(received.text()).contains("\"body\":\"caf\\u00e9 \\/ \\ud83d\\ude00\"");
        assertThat(new String(received.body(), StandardCharsets.US_ASCII)).isEqualTo(received.text());
        assertThat(received.signatureValid()).isTrue();
        assertThat(Fixtures.JSON.readTree(received.body()).at("/entry/0/changes/0/value/messages/0/text/body")
                .asString()).isEqualTo("café / 😀");
        assertThat(answer.json().get("webhook").asString()).isEqualTo(received.text());
    }

    @Test
    void theCustomersMessageOpensTheirWindow() throws Exception {
        String customer = newCustomer();
        customerWrites("{\"channelId\":\"demo\",\"from\":\"" + customer + "\",\"type\":\"location\","
                + "\"latitude\":52.52,\"longitude\":13.4}");

        String wamid = graphSend(textTo(customer, "Thanks for your location")).json().at("/messages/0/id").asString();

        await().atMost(Duration.ofSeconds(10)).until(() -> INGRESS.received(META_WEBHOOKS).stream()
                .filter(r -> r.text().contains(wamid)).count() == 3);
        assertThat(INGRESS.received(META_WEBHOOKS).stream().filter(r -> r.text().contains(wamid)))
                .noneMatch(r -> r.text().contains("\"failed\""));
    }

    /** The parameters of Twilio's inbound webhooks in the fixtures. */
    private static Set<String> twilioInboundKeys() {
        Set<String> keys = new HashSet<>();
        for (String fixture : List.of("inbound-text.txt", "inbound-text-reply-context.txt", "inbound-media-image.txt",
                "inbound-location.txt", "inbound-location-with-messagetype.txt", "inbound-quick-reply-button.txt",
                "inbound-contacts-vcard.txt")) {
            keys.addAll(Fixtures.form(Fixtures.text("twilio/" + fixture)).keySet());
        }
        return keys;
    }

    static Stream<Arguments> twilioTypes() {
        return Stream.of(
                Arguments.of("text", "\"text\":\"Hola\"", Map.of("MessageType", "text", "Body", "Hola",
                        "NumMedia", "0")),
                Arguments.of("image", "\"caption\":\"Look\"", Map.of("MessageType", "image", "Body", "Look",
                        "NumMedia", "1", "MediaContentType0", "image/jpeg")),
                Arguments.of("location", "\"latitude\":52.52,\"longitude\":13.4,\"locationName\":\"Tor\"",
                        Map.of("MessageType", "location", "Latitude", "52.52", "Longitude", "13.4", "Label", "Tor")),
                Arguments.of("button", "\"text\":\"Yes\",\"payload\":\"confirm\"", Map.of("MessageType", "button",
                        "ButtonText", "Yes", "ButtonPayload", "confirm")),
                Arguments.of("interactive_reply", "\"text\":\"Cancel\",\"replyId\":\"cancel-button\"",
                        Map.of("MessageType", "interactive", "ButtonText", "Cancel", "ButtonPayload", "cancel-button")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("twilioTypes")
    void aTwilioWebhookHasTheParametersOfTheRealOnesAndIsSignedOverThePublicUrl(String type, String fields,
                                                                               Map<String, String> expected)
            throws Exception {
        String customer = newCustomer();

        Answer answer = customerWrites("{\"channelId\":\"demo-twilio\",\"from\":\"" + customer + "\",\"name\":\"Ana\","
                + "\"type\":\"" + type + "\"," + fields + "}");

        assertThat(answer.status()).isEqualTo(200);
        IngressStub.Received received = INGRESS.received(TWILIO_WEBHOOKS).get(0);
        assertThat(received.signatureValid()).isTrue();
        assertThat(received.contentType()).isEqualTo("application/x-www-form-urlencoded");
        Map<String, List<String>> form = Fixtures.form(received.text());
        assertThat(twilioInboundKeys()).containsAll(form.keySet());
        expected.forEach((key, value) -> assertThat(form.get(key)).as(key).containsExactly(value));
        assertThat(form.get("From")).containsExactly("whatsapp:+" + customer);
        assertThat(form.get("WaId")).containsExactly(customer);
        assertThat(form.get("To")).containsExactly(TWILIO_SENDER);
        assertThat(form.get("ProfileName")).containsExactly("Ana");
        assertThat(form.get("MessageSid")).containsExactly(answer.json().get("messageId").asString());
    }

    @Test
    void whatCannotBeSentIsRefusedWithAReason() throws Exception {
        assertThat(customerWrites("{\"channelId\":\"nope\",\"from\":\"4915112345678\",\"text\":\"x\"}").json()
                .get("error").asString()).contains("unknown channelId nope");
        assertThat(customerWrites("{\"channelId\":\"demo\",\"from\":\"Ana\",\"text\":\"x\"}").json()
                .get("error").asString()).contains("from must be the customer's number");
        Answer reaction = customerWrites("{\"channelId\":\"demo-twilio\",\"from\":\"4915112345678\","
                + "\"type\":\"reaction\",\"emoji\":\"x\"}");
        assertThat(reaction.status()).isEqualTo(400);
        assertThat(reaction.json().get("error").asString()).contains("not supported on twilio channels");
        assertThat(customerWrites("{\"channelId\":\"demo\",\"from\":\"4915112345678\",\"type\":\"text\"}")
                .json().get("error").asString()).contains("text is required");
        assertThat(INGRESS.received()).isEmpty();
    }

    @Test
    void ingressRefusingIsReportedAndTheWebhookRetried() throws Exception {
        INGRESS.answer(META_WEBHOOKS, 503);

        Answer answer = customerWrites("{\"channelId\":\"demo\",\"from\":\"" + newCustomer() + "\",\"text\":\"x\"}");

        assertThat(answer.status()).isEqualTo(502);
        assertThat(answer.json().get("ingressStatus").asInt()).isEqualTo(503);
        assertThat(answer.json().get("retrying").asBoolean()).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> INGRESS.received(META_WEBHOOKS).size() == 2);
        assertThat(INGRESS.received(META_WEBHOOKS).get(1).answered()).isEqualTo(200);
    }
}
