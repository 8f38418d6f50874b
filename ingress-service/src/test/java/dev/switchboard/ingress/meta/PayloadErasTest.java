package dev.switchboard.ingress.meta;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.switchboard.events.Customer;
import dev.switchboard.events.DeliveryStatus;
import dev.switchboard.events.InboundMessage;
import dev.switchboard.events.MessageStatus;
import dev.switchboard.events.Pricing;
import dev.switchboard.events.SystemChange;
import dev.switchboard.events.SystemChangeKind;
import dev.switchboard.ingress.webhook.ParsedWebhook;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The payload differences this parser relies on, one era of Meta's webhooks at a time. A webhook names no Graph API
 * version (an app receives the same payloads whichever of v23.0 to v27.0 it calls), so what changes over the
 * supported versions is the shape Meta sends at a given time: CBP pricing (2025), PMP pricing with {@code type} (July
 * 2025), billable service messages (October 2026), business-scoped user ids on messages, contacts and statuses (2026),
 * and the identity-change system messages with the previous ids (August 2026).
 */
class PayloadErasTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final MetaWebhookParser parser = new MetaWebhookParser();

    static Stream<Arguments> eras() {
        return Stream.of(
                era("2025 conversation-based pricing: pricing_model CBP, category, no type", "status-sent",
                        status(s -> {
                            assertThat(s.getPricing()).isEqualTo(pricing(true, "CBP", "service", null));
                            assertThat(s.getConversation().getOriginType()).isEqualTo("service");
                        })),
                era("July 2025 per-message pricing: pricing_model PMP with type", "status-sent-pmp",
                        status(s -> assertThat(s.getPricing()).isEqualTo(pricing(true, "PMP", "marketing", "regular")))),
                era("October 2026: a service reply billed per message, no conversation object",
                        "status-sent-pmp-service-billable", status(s -> {
                            assertThat(s.getPricing()).isEqualTo(pricing(true, "PMP", "service", "regular"));
                            assertThat(s.getConversation()).isNull();
                            assertThat(s.getRecipient().getUserId()).isEqualTo("US.13491208655302741918");
                        })),
                era("2026 statuses: recipient_user_id and recipient_parent_user_id; 131049 per-user marketing limit",
                        "status-failed-131049", status(s -> {
                            assertThat(s.getStatus()).isEqualTo(DeliveryStatus.FAILED);
                            assertThat(s.getRecipient()).isEqualTo(Customer.newBuilder().setWaId("16505551234")
                                    .setUserId("US.13491208655302741918")
                                    .setParentUserId("US.ENT.11815799212886844830").build());
                            assertThat(s.getErrors()).singleElement()
                                    .satisfies(e -> assertThat(e.getCode()).isEqualTo(131049));
                        })),
                era("2026: 131050, the customer stopped marketing messages", "status-failed-131050",
                        status(s -> assertThat(s.getErrors()).singleElement()
                                .satisfies(e -> assertThat(e.getCode()).isEqualTo(131050)))),
                era("2026 BSUID beside the phone: from_user_id, contacts' user_id and parent_user_id",
                        "inbound-button-quick-reply-no-context-bsuid", message(m -> assertThat(m.getCustomer())
                                .isEqualTo(Customer.newBuilder().setWaId("972987654321")
                                        .setUserId("US.13491208655302741918")
                                        .setParentUserId("US.ENT.11815799212886844830").setName("Test Name").build()))),
                era("2026 BSUID only: from_user_id, from_parent_user_id, profile.username, no wa_id",
                        "peer/chatwoot_cloud_bsuid_only_text_with_username_and_parent", message(m -> assertThat(
                                m.getCustomer()).isEqualTo(Customer.newBuilder().setUserId("IN.2081978709342942")
                                .setParentUserId("IN.ENT.9081726354").setUsername("muhsin").setName("Muhsin").build()))),
                era("2025 user_changed_number: the new wa_id only", "inbound-system-user-changed-number",
                        system(m -> assertThat(m.getSystem()).isEqualTo(SystemChange.newBuilder()
                                .setKind(SystemChangeKind.USER_CHANGED_NUMBER)
                                .setBody("User Sheena Nelson changed from 16505551234 to 12195555358")
                                .setNewWaId("12195555358").build()))),
                era("August 2026 user_changed_number: new wa_id and BSUID, previous BSUID and parent",
                        "inbound-system-user-changed-number-2026-08", system(m -> {
                            assertThat(m.getCustomer().getWaId()).isEqualTo("16505551234");
                            assertThat(m.getSystem().getNewWaId()).isEqualTo("12195555358");
                            assertThat(m.getSystem().getNewUserId()).isEqualTo("US.77193400216483503912");
                            assertThat(m.getSystem().getPreviousUserId()).isEqualTo("US.13491208655302741918");
                            assertThat(m.getSystem().getPreviousParentUserId()).isEqualTo("US.ENT.11815799212886844830");
                            assertThat(m.getSystem().getNewParentUserId()).isEqualTo("US.ENT.11815799212886844830");
                        })),
                era("August 2026 user_changed_user_id: no sender, the previous BSUID names the conversation",
                        "inbound-system-user-changed-user-id-2026-08", system(m -> {
                            assertThat(m.getCustomer()).isEqualTo(
                                    Customer.newBuilder().setUserId("US.13491208655302741918").build());
                            assertThat(m.getSystem().getKind()).isEqualTo(SystemChangeKind.USER_CHANGED_USER_ID);
                            assertThat(m.getSystem().getNewUserId()).isEqualTo("US.55210938471620394817");
                            assertThat(m.getSystem().getPreviousUserId()).isEqualTo("US.13491208655302741918");
                        })));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eras")
    void whatTheParserTakesFromEachEra(String era, String fixture, Consumer<ParsedWebhook> expectations) {
        byte[] body = body(fixture);

        ParsedWebhook parsed = parser.parse(MetaWebhookParserTest.sourceFor(body), body);

        assertThat(parsed.problems()).isEmpty();
        expectations.accept(parsed);
    }

    private static Arguments era(String name, String fixture, Consumer<ParsedWebhook> expectations) {
        return Arguments.of(name, fixture, expectations);
    }

    private static Consumer<ParsedWebhook> status(Consumer<MessageStatus> expectations) {
        return parsed -> {
            assertThat(parsed.messages()).isEmpty();
            assertThat(parsed.statuses()).singleElement().satisfies(expectations::accept);
        };
    }

    private static Consumer<ParsedWebhook> message(Consumer<InboundMessage> expectations) {
        return parsed -> assertThat(parsed.messages()).singleElement().satisfies(expectations::accept);
    }

    private static Consumer<ParsedWebhook> system(Consumer<InboundMessage> expectations) {
        return message(m -> {
            assertThat(m.getSystem()).isNotNull();
            expectations.accept(m);
        });
    }

    private static Pricing pricing(Boolean billable, String model, String category, String type) {
        return Pricing.newBuilder().setBillable(billable).setModel(model).setCategory(category).setType(type).build();
    }

    /** A fixture of fixtures/meta, or of fixtures/peer: a peer's gets the business number its spec leaves out (see PeerFixturesTest). */
    private static byte[] body(String fixture) {
        boolean peer = fixture.startsWith("peer/");
        try (InputStream in = PayloadErasTest.class.getResourceAsStream(
                "/fixtures/" + (peer ? "" : "meta/") + fixture + ".json")) {
            byte[] bytes = in.readAllBytes();
            if (!peer) {
                return bytes;
            }
            JsonNode root = JSON.readTree(bytes);
            root.findValues("value").forEach(v -> ((ObjectNode) v).putObject("metadata")
                    .put("phone_number_id", "123456789012345"));
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
