package dev.switchboard.ingress.meta;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.switchboard.events.InboundMessage;
import dev.switchboard.events.InboundMessageType;
import dev.switchboard.ingress.webhook.ParsedWebhook;
import dev.switchboard.ingress.webhook.WebhookSource;
import dev.switchboard.schemas.EventSerializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The webhook bodies other helpdesks test their WhatsApp channel with (Chatwoot, Botpress; MIT): every message
 * they carry becomes an event that can be serialised, and nothing trips the parser.
 */
class PeerFixturesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final MetaWebhookParser parser = new MetaWebhookParser();
    private final EventSerializer<SpecificRecord> serializer = new EventSerializer<>();

    static Stream<String> peers() throws IOException, URISyntaxException {
        try (Stream<Path> files = Files.list(Path.of(PeerFixturesTest.class.getResource("/fixtures/peer").toURI()))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList().stream();
        }
    }

    /**
     * A full webhook as Meta sends it. Chatwoot's specs leave out what their code does not read (SOURCES.md): a bare
     * {@code value} object is wrapped in Meta's envelope, and a change without {@code metadata} gets the number the
     * specs stand for, since this parser refuses messages it cannot attribute to a number of the channel.
     */
    private static byte[] webhook(String name) throws IOException, URISyntaxException {
        byte[] bytes = Files.readAllBytes(Path.of(PeerFixturesTest.class.getResource("/fixtures/peer/" + name).toURI()));
        JsonNode root = JSON.readTree(bytes);
        if (name.startsWith("chatwoot_value_")) {
            ObjectNode envelope = JSON.createObjectNode().put("object", "whatsapp_business_account");
            envelope.putArray("entry").addObject().put("id", "waba").putArray("changes").addObject()
                    .put("field", "messages").set("value", root);
            root = envelope;
        }
        for (JsonNode entry : root.path("entry")) {
            for (JsonNode change : entry.path("changes")) {
                if (change.path("value") instanceof ObjectNode value && !value.has("metadata")) {
                    value.putObject("metadata").put("phone_number_id", "123456789012345")
                            .put("display_phone_number", "15550001111");
                }
            }
        }
        return JSON.writeValueAsBytes(root);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("peers")
    void everyMessageBecomesASerialisableEventAndNothingTripsTheParser(String name) throws Exception {
        byte[] body = webhook(name);
        JsonNode root = JSON.readTree(body);
        Set<String> numbers = new HashSet<>(Set.of("123456789012345"));
        root.findValues("phone_number_id").forEach(n -> numbers.add(n.asString()));
        List<String> expectedIds = java.util.stream.Stream.concat(root.findValues("messages").stream(),
                        root.findValues("message_echoes").stream()).filter(JsonNode::isArray)
                .flatMap(JsonNode::valueStream).map(m -> m.path("id").asString()).toList();

        ParsedWebhook parsed = parser.parse(new WebhookSource("peer", numbers, "raw-peer", Instant.now()), body);

        assertThat(parsed.problems()).noneMatch(p -> p.contains("unexpected ") || p.startsWith("parser failure"));
        assertThat(parsed.messages()).hasSameSizeAs(expectedIds);
        for (int i = 0; i < expectedIds.size(); i++) {
            // A message without a wamid gets an id derived from its content, so that redeliveries still dedupe.
            assertThat(parsed.messages().get(i).getMessageId()).isNotBlank();
            if (!expectedIds.get(i).isEmpty()) {
                assertThat(parsed.messages().get(i).getMessageId()).isEqualTo(expectedIds.get(i));
            }
        }
        parsed.messages().forEach(m -> serializer.serialize("whatsapp.inbound.messages.v1", m));
        if (name.contains("smb_message_echo")) {
            // A message the business sent from the WhatsApp Business app: an echo, to the customer it was sent to.
            JsonNode echo = root.findValue("message_echoes").get(0);
            assertThat(parsed.messages()).singleElement().satisfies(m -> {
                assertThat(m.getEcho()).isTrue();
                assertThat(m.getMessageId()).isEqualTo(echo.path("id").asString());
                assertThat(m.getCustomer().getWaId()).isEqualTo(echo.path("to").asString());
                assertThat(m.getCustomer().getUserId()).isEqualTo(echo.path("to_user_id").asString(null));
                assertThat(m.getText()).isEqualTo(echo.path("text").path("body").asString());
            });
        } else {
            assertThat(parsed.messages()).noneMatch(InboundMessage::getEcho);
        }
        if (name.contains("bsuid_only")) {
            assertThat(parsed.messages()).singleElement().satisfies(m -> {
                assertThat(m.getCustomer().getWaId()).isNull();
                assertThat(m.getCustomer().getUserId()).isNotBlank();
            });
        }
        if (name.contains("user_changed_user_id")) {
            assertThat(parsed.messages()).singleElement().satisfies(m -> {
                assertThat(m.getCustomer().getUserId()).isEqualTo("IN.PREVIOUSBSUID");
                assertThat(m.getSystem().getNewUserId()).isEqualTo("IN.CURRENTBSUID");
            });
        }
        if (name.contains("unsupported")) {
            assertThat(parsed.messages()).allSatisfy(m -> assertThat(m.getType()).isEqualTo(InboundMessageType.UNSUPPORTED));
        }
    }
}
