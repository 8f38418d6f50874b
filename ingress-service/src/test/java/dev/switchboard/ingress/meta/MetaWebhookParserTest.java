package dev.switchboard.ingress.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.switchboard.events.DeliveryStatus;
import dev.switchboard.events.InboundMessage;
import dev.switchboard.events.InboundMessageType;
import dev.switchboard.events.InteractiveReplyKind;
import dev.switchboard.events.MessageStatus;
import dev.switchboard.events.Provider;
import dev.switchboard.events.SystemChangeKind;
import dev.switchboard.ingress.webhook.ParsedWebhook;
import dev.switchboard.ingress.webhook.WebhookSource;
import dev.switchboard.schemas.EventSerializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class MetaWebhookParserTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant RECEIVED = Instant.parse("2026-11-21T10:00:00Z");
    private static final List<String> INBOUND = List.of(
            "inbound-audio-file-forwarded", "inbound-audio-voice", "inbound-button-quick-reply-no-context-bsuid",
            "inbound-button-template-quick-reply", "inbound-contacts-multiple", "inbound-contacts",
            "inbound-document-forwarded", "inbound-image-with-url", "inbound-image", "inbound-interactive-button-reply",
            "inbound-interactive-list-reply-with-description", "inbound-interactive-list-reply",
            "inbound-interactive-nfm-reply", "inbound-location-current", "inbound-location", "inbound-order-multi-item",
            "inbound-order", "inbound-reaction-removed-empty-emoji", "inbound-reaction-removed-no-emoji",
            "inbound-reaction", "inbound-sticker-animated", "inbound-sticker-static", "inbound-system-identity-changed",
            "inbound-system-user-changed-number", "inbound-system-user-changed-number-2026-08",
            "inbound-text-context-product-inquiry", "inbound-text-forwarded",
            "inbound-text-frequently-forwarded", "inbound-text-referral-ctwa-ad", "inbound-text-referral-generic",
            "inbound-text-reply-context", "inbound-text", "inbound-unsupported-with-type", "inbound-unsupported",
            "inbound-video-forwarded");
    private static final List<String> STATUSES = List.of(
            "status-delivered", "status-failed-130472", "status-failed-131047", "status-failed-131053-media-upload",
            "status-played", "status-read", "status-sent-biz-opaque-callback-data", "status-sent-pmp", "status-sent",
            "status-failed-131049", "status-failed-131050", "status-sent-pmp-service-billable");
    private static final Map<String, InboundMessageType> TYPE_BY_PREFIX = Map.ofEntries(
            Map.entry("inbound-audio", InboundMessageType.AUDIO), Map.entry("inbound-button", InboundMessageType.BUTTON),
            Map.entry("inbound-contacts", InboundMessageType.CONTACTS),
            Map.entry("inbound-document", InboundMessageType.DOCUMENT), Map.entry("inbound-image", InboundMessageType.IMAGE),
            Map.entry("inbound-interactive", InboundMessageType.INTERACTIVE),
            Map.entry("inbound-location", InboundMessageType.LOCATION), Map.entry("inbound-order", InboundMessageType.ORDER),
            Map.entry("inbound-reaction", InboundMessageType.REACTION),
            Map.entry("inbound-sticker", InboundMessageType.STICKER), Map.entry("inbound-system", InboundMessageType.SYSTEM),
            Map.entry("inbound-text", InboundMessageType.TEXT),
            Map.entry("inbound-unsupported", InboundMessageType.UNSUPPORTED),
            Map.entry("inbound-video", InboundMessageType.VIDEO));

    private final MetaWebhookParser parser = new MetaWebhookParser();
    private final EventSerializer<org.apache.avro.specific.SpecificRecord> serializer = new EventSerializer<>();

    static byte[] fixture(String name) {
        try (InputStream in = MetaWebhookParserTest.class.getResourceAsStream("/fixtures/meta/" + name + ".json")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A source that accepts every phone_number_id the body names. */
    static WebhookSource sourceFor(byte[] body) {
        Set<String> numbers = new HashSet<>();
        JSON.readTree(body).findValues("phone_number_id").forEach(n -> numbers.add(n.asString()));
        return new WebhookSource("demo", numbers, "raw-1", RECEIVED);
    }

    private ParsedWebhook parse(String fixture) {
        byte[] body = fixture(fixture);
        return parser.parse(sourceFor(body), body);
    }

    private InboundMessage onlyMessage(String fixture) {
        ParsedWebhook parsed = parse(fixture);
        assertThat(parsed.messages()).hasSize(1);
        return parsed.messages().get(0);
    }

    static Stream<String> inbound() {
        return INBOUND.stream();
    }

    static Stream<String> statuses() {
        return STATUSES.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inbound")
    void everyInboundFixtureBecomesATypedMessage(String fixture) {
        byte[] body = fixture(fixture);
        JsonNode message = JSON.readTree(body).findValue("messages").get(0);
        ParsedWebhook parsed = parser.parse(sourceFor(body), body);

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.statuses()).isEmpty();
        assertThat(parsed.messages()).singleElement().satisfies(event -> {
            InboundMessageType expected = TYPE_BY_PREFIX.entrySet().stream()
                    .filter(e -> fixture.startsWith(e.getKey())).findFirst().orElseThrow().getValue();
            assertThat(event.getType()).isEqualTo(expected);
            assertThat(event.getProvider()).isEqualTo(Provider.META);
            assertThat(event.getChannelId()).isEqualTo("demo");
            assertThat(event.getRawWebhookId()).isEqualTo("raw-1");
            assertThat(event.getReceivedAt()).isEqualTo(RECEIVED);
            assertThat(event.getMessageId()).isEqualTo(message.get("id").asString());
            assertThat(event.getCustomer().getWaId()).isEqualTo(message.get("from").asString());
            assertThat(event.getSentAt()).isEqualTo(Instant.ofEpochSecond(Long.parseLong(message.get("timestamp").asString())));
            assertThat(event.getBusinessNumberId()).isNotBlank();
            assertThat(serializer.serialize("t", event)).isNotEmpty();
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statuses")
    void everyStatusFixtureBecomesATypedStatus(String fixture) {
        byte[] body = fixture(fixture);
        JsonNode status = JSON.readTree(body).findValue("statuses").get(0);
        ParsedWebhook parsed = parser.parse(sourceFor(body), body);

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.messages()).isEmpty();
        assertThat(parsed.statuses()).singleElement().satisfies(event -> {
            assertThat(event.getMessageId()).isEqualTo(status.get("id").asString());
            assertThat(event.getProviderStatus()).isEqualTo(status.get("status").asString());
            assertThat(event.getStatus().name()).isEqualTo(status.get("status").asString().toUpperCase());
            assertThat(event.getRecipient().getWaId()).isEqualTo(status.get("recipient_id").asString());
            assertThat(event.getStatusAt()).isEqualTo(Instant.ofEpochSecond(Long.parseLong(status.get("timestamp").asString())));
            assertThat(serializer.serialize("t", event)).isNotEmpty();
        });
    }

    @Test
    void textWithTheSendersProfile() {
        InboundMessage m = onlyMessage("inbound-text");
        assertThat(m.getText()).isEqualTo("Does it come in another color?");
        assertThat(m.getCustomer().getName()).isEqualTo("Sheena Nelson");
        assertThat(m.getBusinessNumberId()).isEqualTo("106540352242922");
        assertThat(m.getBusinessDisplayNumber()).isEqualTo("15550783881");
        assertThat(m.getBusinessAccountId()).isNotBlank();
        assertThat(m.getContext()).isNull();
    }

    @Test
    void mediaKeepsEveryAttribute() {
        InboundMessage image = onlyMessage("inbound-image");
        assertThat(image.getMedia().getId()).isEqualTo("1003383421387256");
        assertThat(image.getMedia().getCaption()).isEqualTo("Taj Mahal");
        assertThat(image.getMedia().getMimeType()).isEqualTo("image/jpeg");
        assertThat(image.getMedia().getSha256()).isEqualTo("SfInY0gGKTsJlUWbwxC1k+FAD0FZHvzwfpvO0zX0GUI=");
        assertThat(onlyMessage("inbound-image-with-url").getMedia().getUrl()).startsWith("https://lookaside.fbsbx.com/");
        assertThat(onlyMessage("inbound-audio-voice").getMedia().getVoice()).isTrue();
        assertThat(onlyMessage("inbound-audio-file-forwarded").getMedia().getVoice()).isFalse();
        assertThat(onlyMessage("inbound-sticker-animated").getMedia().getAnimated()).isTrue();
        assertThat(onlyMessage("inbound-document-forwarded").getMedia().getFilename()).isEqualTo("filename.pdf");
    }

    @Test
    void locationContactsAndOrders() {
        InboundMessage location = onlyMessage("inbound-location");
        assertThat(location.getLocation().getLatitude()).isEqualTo(37.44221496582);
        assertThat(location.getLocation().getName()).isEqualTo("Philz Coffee");
        assertThat(location.getLocation().getUrl()).isEqualTo("https://philzcoffee.com/");
        assertThat(onlyMessage("inbound-location-current").getLocation().getAddress()).isNull();

        InboundMessage contacts = onlyMessage("inbound-contacts");
        assertThat(contacts.getContacts()).singleElement().satisfies(c -> {
            assertThat(c.getName().getFormattedName()).isEqualTo("Lucía Gómez");
            assertThat(c.getCompany()).isEqualTo("Google");
            assertThat(c.getPhones()).singleElement().satisfies(p -> assertThat(p.getWaId()).isEqualTo("19835552319"));
        });
        assertThat(onlyMessage("inbound-contacts-multiple").getContacts()).hasSizeGreaterThan(1);

        InboundMessage order = onlyMessage("inbound-order");
        assertThat(order.getOrder().getCatalogId()).isEqualTo("194836987003835");
        assertThat(order.getOrder().getItems()).hasSize(2);
        assertThat(order.getOrder().getItems().get(0).getItemPrice()).isEqualTo("30");
        assertThat(order.getOrder().getItems().get(0).getQuantity()).isEqualTo(2);
    }

    @Test
    void repliesToInteractiveMessagesAndTemplateButtons() {
        InboundMessage button = onlyMessage("inbound-interactive-button-reply");
        assertThat(button.getInteractive().getKind()).isEqualTo(InteractiveReplyKind.BUTTON_REPLY);
        assertThat(button.getInteractive().getId()).isEqualTo("cancel-button");
        assertThat(button.getInteractive().getTitle()).isEqualTo("Cancel");
        assertThat(button.getContext().getRepliedToMessageId()).startsWith("wamid.");

        InboundMessage list = onlyMessage("inbound-interactive-list-reply");
        assertThat(list.getInteractive().getKind()).isEqualTo(InteractiveReplyKind.LIST_REPLY);
        assertThat(list.getInteractive().getDescription()).isEqualTo("Next Day to 2 Days");

        InboundMessage flow = onlyMessage("inbound-interactive-nfm-reply");
        assertThat(flow.getInteractive().getKind()).isEqualTo(InteractiveReplyKind.FLOW_REPLY);
        assertThat(flow.getInteractive().getFlowName()).isEqualTo("flow");
        assertThat(JSON.readTree(flow.getInteractive().getFlowResponseJson()).get("delivery_rating").asString()).isEqualTo("4");

        InboundMessage template = onlyMessage("inbound-button-template-quick-reply");
        assertThat(template.getButton().getPayload()).isEqualTo("Unsubscribe");
        assertThat(template.getButton().getText()).isEqualTo("Unsubscribe");
    }

    @Test
    void theBusinessScopedUserIdTravelsWithTheWaId() {
        InboundMessage m = onlyMessage("inbound-button-quick-reply-no-context-bsuid");
        assertThat(m.getCustomer().getWaId()).isEqualTo("972987654321");
        assertThat(m.getCustomer().getUserId()).isEqualTo("US.13491208655302741918");
        assertThat(m.getCustomer().getParentUserId()).isEqualTo("US.ENT.11815799212886844830");
    }

    @Test
    void reactionsAndTheirRemoval() {
        InboundMessage reaction = onlyMessage("inbound-reaction");
        assertThat(reaction.getReaction().getMessageId()).isEqualTo("wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI0RTJEOTc2ODVERUY5RDlGNkYA");
        assertThat(reaction.getReaction().getEmoji()).isEqualTo("👍");
        assertThat(onlyMessage("inbound-reaction-removed-empty-emoji").getReaction().getEmoji()).isNull();
        assertThat(onlyMessage("inbound-reaction-removed-no-emoji").getReaction().getEmoji()).isNull();
    }

    @Test
    void contextForwardsProductInquiriesAndAdReferrals() {
        assertThat(onlyMessage("inbound-text-forwarded").getContext().getForwarded()).isTrue();
        assertThat(onlyMessage("inbound-text-frequently-forwarded").getContext().getFrequentlyForwarded()).isTrue();
        assertThat(onlyMessage("inbound-text-reply-context").getContext().getRepliedToMessageId()).isEqualTo("wamid.xyzxyz==");
        assertThat(onlyMessage("inbound-text-context-product-inquiry").getContext().getReferredProduct().getProductRetailerId())
                .isEqualTo("di9ozbzfi4");
        InboundMessage ad = onlyMessage("inbound-text-referral-ctwa-ad");
        assertThat(ad.getReferral().getSourceType()).isEqualTo("ad");
        assertThat(ad.getReferral().getCtwaClid()).startsWith("Aff-n8ZTODiE79");
        assertThat(ad.getReferral().getWelcomeMessageText()).isEqualTo("Hi there! Let us know how we can help!");
    }

    @Test
    void systemChangesOfTheCustomersIdentity() {
        InboundMessage changed = onlyMessage("inbound-system-user-changed-number");
        assertThat(changed.getSystem().getKind()).isEqualTo(SystemChangeKind.USER_CHANGED_NUMBER);
        assertThat(changed.getSystem().getNewWaId()).isEqualTo("12195555358");
        InboundMessage identity = onlyMessage("inbound-system-identity-changed");
        assertThat(identity.getSystem().getKind()).isEqualTo(SystemChangeKind.CUSTOMER_IDENTITY_CHANGED);
        assertThat(identity.getSystem().getIdentityAcknowledged()).isTrue();
        assertThat(identity.getSystem().getIdentityCreatedAt()).isEqualTo(Instant.ofEpochSecond(1697044706));
    }

    @Test
    void unsupportedMessagesKeepTheirErrorsAndRawJson() {
        InboundMessage plain = onlyMessage("inbound-unsupported");
        assertThat(plain.getProviderType()).isEqualTo("unsupported");
        assertThat(plain.getErrors()).singleElement().satisfies(e -> {
            assertThat(e.getCode()).isEqualTo(131051);
            assertThat(e.getDetails()).isEqualTo("Message type is currently not supported.");
        });
        assertThat(JSON.readTree(plain.getRawJson()).get("type").asString()).isEqualTo("unsupported");
        assertThat(onlyMessage("inbound-unsupported-with-type").getProviderType()).isEqualTo("pool");
    }

    @Test
    void failedStatusesCarryTheirErrorsAndStatusesTheirPricing() {
        MessageStatus failed = parse("status-failed-131047").statuses().get(0);
        assertThat(failed.getStatus()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(failed.getErrors()).singleElement().satisfies(e -> {
            assertThat(e.getCode()).isEqualTo(131047);
            assertThat(e.getTitle()).isEqualTo("Re-engagement message");
            assertThat(e.getDetails()).contains("more than 24 hours have passed");
        });
        MessageStatus pmp = parse("status-sent-pmp").statuses().get(0);
        assertThat(pmp.getPricing().getModel()).isEqualTo("PMP");
        assertThat(pmp.getPricing().getCategory()).isEqualTo("marketing");
        assertThat(pmp.getPricing().getType()).isEqualTo("regular");
        assertThat(pmp.getConversation().getExpiresAt()).isEqualTo(Instant.ofEpochSecond(1710936120));
        assertThat(parse("status-sent-biz-opaque-callback-data").statuses().get(0).getCallbackData()).isNotBlank();
        assertThat(parse("status-played").statuses().get(0).getStatus()).isEqualTo(DeliveryStatus.PLAYED);
    }

    @Test
    void aBatchYieldsEveryMessageAndStatusOfEveryEntryAndChange() {
        String body = """
                {"object":"whatsapp_business_account","entry":[
                 {"id":"waba-1","changes":[
                  {"field":"messages","value":{"messaging_product":"whatsapp",
                    "metadata":{"display_phone_number":"15550001111","phone_number_id":"111"},
                    "contacts":[{"profile":{"name":"Ana"},"wa_id":"491701"},{"profile":{"name":"Ben"},"wa_id":"491702"}],
                    "messages":[
                      {"from":"491701","id":"wamid.A1","timestamp":"1750000001","type":"text","text":{"body":"first"}},
                      {"from":"491702","id":"wamid.B1","timestamp":"1750000002","type":"text","text":{"body":"second"}},
                      {"from":"491701","id":"wamid.A2","timestamp":"1750000003","type":"image","image":{"id":"m1","mime_type":"image/png"}}]}},
                  {"field":"messages","value":{"messaging_product":"whatsapp",
                    "metadata":{"display_phone_number":"15550001111","phone_number_id":"111"},
                    "statuses":[
                      {"id":"wamid.OUT1","status":"delivered","timestamp":"1750000004","recipient_id":"491701"},
                      {"id":"wamid.OUT2","status":"read","timestamp":"1750000005","recipient_id":"491702"}]}}]},
                 {"id":"waba-1","changes":[
                  {"field":"messages","value":{"messaging_product":"whatsapp",
                    "metadata":{"display_phone_number":"15550002222","phone_number_id":"222"},
                    "contacts":[{"profile":{"name":"Cleo"},"wa_id":"491703"}],
                    "messages":[{"from":"491703","id":"wamid.C1","timestamp":"1750000006","type":"text","text":{"body":"caf\\u00e9 \\ud83d\\ude00"}}],
                    "statuses":[{"id":"wamid.OUT3","status":"sent","timestamp":"1750000007","recipient_id":"491703"}]}}]}]}
                """;
        WebhookSource source = new WebhookSource("demo", Set.of("111", "222"), "raw-batch", RECEIVED);

        ParsedWebhook parsed = parser.parse(source, body.getBytes(StandardCharsets.UTF_8));

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.messages()).extracting(InboundMessage::getMessageId)
                .containsExactly("wamid.A1", "wamid.B1", "wamid.A2", "wamid.C1");
        assertThat(parsed.messages()).extracting(m -> m.getCustomer().getName()).containsExactly("Ana", "Ben", "Ana", "Cleo");
        assertThat(parsed.messages()).extracting(InboundMessage::getBusinessNumberId).containsExactly("111", "111", "111", "222");
        assertThat(parsed.messages().get(3).getText()).isEqualTo("café 😀");
        assertThat(parsed.statuses()).extracting(MessageStatus::getMessageId).containsExactly("wamid.OUT1", "wamid.OUT2", "wamid.OUT3");
        assertThat(parsed.statuses()).extracting(MessageStatus::getStatus)
                .containsExactly(DeliveryStatus.DELIVERED, DeliveryStatus.READ, DeliveryStatus.SENT);
    }

    @Test
    void messagesForANumberOfAnotherChannelAreRefusedAndReported() {
        byte[] body = fixture("inbound-text");
        ParsedWebhook parsed = parser.parse(new WebhookSource("demo", Set.of("100200300400500"), "raw-2", RECEIVED), body);
        assertThat(parsed.messages()).isEmpty();
        assertThat(parsed.problems()).singleElement().asString()
                .contains("phone_number_id 106540352242922 does not belong to channel demo").contains("refused 1 message");
    }

    /** One change for {@code phoneNumberId}: a message from {@code from} and a status of a message sent to them. */
    private static String change(String phoneNumberId, String from) {
        return """
                {"field":"messages","value":{"messaging_product":"whatsapp",
                  "metadata":{"display_phone_number":"1555%s","phone_number_id":"%s"},
                  "contacts":[{"profile":{"name":"Ana"},"wa_id":"%s"}],
                  "messages":[{"from":"%s","id":"wamid.IN.%s","timestamp":"1750000001","type":"text","text":{"body":"hi"}}],
                  "statuses":[{"id":"wamid.OUT.%s","status":"read","timestamp":"1750000002","recipient_id":"%s"}]}}
                """.formatted(phoneNumberId, phoneNumberId, from, from, phoneNumberId, phoneNumberId, from);
    }

    @Test
    void aChangeForANumberOfAChannelWithTheSameAppSecretBecomesThatChannelsEvents() {
        NumberOwners owners = numberId -> Optional.ofNullable(Map.of(
                "333", new NumberOwners.Owner("sibling", Set.of("333", "334"), true),
                "444", new NumberOwners.Owner("stranger", Set.of("444"), false)).get(numberId));
        byte[] body = ("{\"object\":\"whatsapp_business_account\",\"entry\":["
                + "{\"id\":\"waba-1\",\"changes\":[" + change("111", "491701") + "," + change("333", "491702") + "]},"
                + "{\"id\":\"waba-2\",\"changes\":[" + change("444", "491703") + "," + change("555", "491704") + "]}]}")
                .getBytes(StandardCharsets.UTF_8);

        ParsedWebhook parsed = parser.parse(new WebhookSource("demo", Set.of("111"), "raw-route", RECEIVED), owners, body);

        assertThat(parsed.messages()).extracting(InboundMessage::getMessageId, InboundMessage::getChannelId,
                        InboundMessage::getBusinessNumberId, InboundMessage::getRawWebhookId)
                .containsExactly(tuple("wamid.IN.111", "demo", "111", "raw-route"),
                        tuple("wamid.IN.333", "sibling", "333", "raw-route"));
        assertThat(parsed.statuses()).extracting(MessageStatus::getMessageId, MessageStatus::getChannelId,
                        MessageStatus::getBusinessNumberId)
                .containsExactly(tuple("wamid.OUT.111", "demo", "111"), tuple("wamid.OUT.333", "sibling", "333"));
        assertThat(parsed.problems()).containsExactly(
                "phone_number_id 444 does not belong to channel demo but to channel stranger, whose app secret did not"
                        + " sign this webhook, so it is not routed there: refused 1 message(s) and 1 status(es)",
                "phone_number_id 555 does not belong to channel demo nor to any other Meta channel: refused 1"
                        + " message(s) and 1 status(es)");
        // Without owners (the one-argument form), only the channel's own number is taken.
        assertThat(parser.parse(new WebhookSource("demo", Set.of("111"), "raw-route", RECEIVED), body).messages())
                .extracting(InboundMessage::getChannelId).containsExactly("demo");
    }

    /** In the shape of Meta's smb_message_echoes reference (written here, not copied). */
    private static byte[] echoes(String phoneNumberId, String echoJson) {
        return ("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"102290129340398\",\"changes\":[{"
                + "\"field\":\"smb_message_echoes\",\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{"
                + "\"display_phone_number\":\"15550783881\",\"phone_number_id\":\"" + phoneNumberId + "\"},"
                + "\"message_echoes\":[" + echoJson + "]}}]}]}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void whatTheBusinessSendsFromTheWhatsAppBusinessAppIsAnEchoToItsRecipient() {
        String image = "{\"from\":\"15550783881\",\"to\":\"16505551234\",\"id\":\"wamid.ECHO1\",\"timestamp\":\"1739321024\","
                + "\"type\":\"image\",\"image\":{\"id\":\"1003383421387256\",\"mime_type\":\"image/jpeg\","
                + "\"sha256\":\"McpM9l9dOt6gYz5bs+0b+s1+Y1f3dwqjT7YB6/v4bQQ=\",\"caption\":\"our new opening hours\"}}";
        String noRecipient = "{\"from\":\"15550783881\",\"id\":\"wamid.ECHO2\",\"timestamp\":\"1739321025\","
                + "\"type\":\"text\",\"text\":{\"body\":\"to nobody\"}}";
        WebhookSource source = new WebhookSource("demo", Set.of("106540352242922"), "raw-echo", RECEIVED);

        ParsedWebhook parsed = parser.parse(source, echoes("106540352242922", image + "," + noRecipient));

        assertThat(parsed.messages()).singleElement().satisfies(m -> {
            assertThat(m.getEcho()).isTrue();
            assertThat(m.getMessageId()).isEqualTo("wamid.ECHO1");
            assertThat(m.getCustomer().getWaId()).isEqualTo("16505551234");
            assertThat(m.getType()).isEqualTo(InboundMessageType.IMAGE);
            assertThat(m.getMedia().getCaption()).isEqualTo("our new opening hours");
            assertThat(m.getSentAt()).isEqualTo(Instant.ofEpochSecond(1739321024));
        });
        assertThat(parsed.problems()).singleElement().asString().contains("wamid.ECHO2 names no recipient");
        // Echoes of a number that is not the channel's are refused like its messages.
        ParsedWebhook foreign = parser.parse(source, echoes("999", image));
        assertThat(foreign.messages()).isEmpty();
        assertThat(foreign.problems()).singleElement().asString().contains("phone_number_id 999 does not belong");
        // Customers' own messages are no echoes.
        assertThat(parse("inbound-text").messages()).singleElement().satisfies(m -> assertThat(m.getEcho()).isFalse());
    }

    @Test
    void webhookLevelErrorsAreReportedAndOtherFieldsBecomeAccountEventsNotDropped() {
        assertThat(parse("webhook-errors-130429").problems()).singleElement().asString()
                .startsWith("webhook error 130429 Rate limit hit");
        ParsedWebhook preferences = parse("user-preferences-marketing-resume");
        assertThat(preferences.messages()).isEmpty();
        assertThat(preferences.problems()).isEmpty();
        assertThat(preferences.accountEvents()).singleElement().satisfies(event -> {
            assertThat(event.getType()).isEqualTo(dev.switchboard.events.AccountEventType.USER_PREFERENCE);
            assertThat(event.getField()).isEqualTo("user_preferences");
            assertThat(event.getValueJson()).contains("marketing_messages");
        });
        ParsedWebhook standby = parse("standby-text");
        assertThat(standby.messages()).isEmpty();
        assertThat(standby.accountEvents()).singleElement().satisfies(event -> {
            assertThat(event.getType()).isEqualTo(dev.switchboard.events.AccountEventType.OTHER);
            assertThat(event.getField()).isEqualTo("standby");
            assertThat(event.getValueJson()).contains("Can I change my delivery address?");
        });
    }

    @Test
    void identityChangesOfAugust2026CarryThePreviousAndNewBusinessScopedIds() {
        InboundMessage number = onlyMessage("inbound-system-user-changed-number-2026-08");
        assertThat(number.getCustomer().getWaId()).isEqualTo("16505551234");
        assertThat(number.getCustomer().getUserId()).isEqualTo("US.13491208655302741918");
        assertThat(number.getSystem().getKind()).isEqualTo(SystemChangeKind.USER_CHANGED_NUMBER);
        assertThat(number.getSystem().getNewWaId()).isEqualTo("12195555358");
        assertThat(number.getSystem().getNewUserId()).isEqualTo("US.77193400216483503912");
        assertThat(number.getSystem().getNewParentUserId()).isEqualTo("US.ENT.11815799212886844830");
        assertThat(number.getSystem().getPreviousUserId()).isEqualTo("US.13491208655302741918");
        assertThat(number.getSystem().getPreviousParentUserId()).isEqualTo("US.ENT.11815799212886844830");

        InboundMessage userId = onlyMessage("inbound-system-user-changed-user-id-2026-08");
        // No from: the conversation is the one of the previous BSUID.
        assertThat(userId.getCustomer().getWaId()).isNull();
        assertThat(userId.getCustomer().getUserId()).isEqualTo("US.13491208655302741918");
        assertThat(userId.getSystem().getKind()).isEqualTo(SystemChangeKind.USER_CHANGED_USER_ID);
        assertThat(userId.getSystem().getNewUserId()).isEqualTo("US.55210938471620394817");
        assertThat(userId.getSystem().getNewParentUserId()).isEqualTo("US.ENT.40318811982650184771");
        assertThat(userId.getSystem().getPreviousUserId()).isEqualTo("US.13491208655302741918");
        assertThat(userId.getSystem().getPreviousParentUserId()).isEqualTo("US.ENT.11815799212886844830");
        assertThat(userId.getSystem().getNewWaId()).isNull();
    }

    @Test
    void aGroupMessageYieldsNoMessageIsReportedWithItsGroupAndMessageIdAndKeptRaw() {
        ParsedWebhook group = parse("group-message-text");
        assertThat(group.messages()).isEmpty();
        assertThat(group.problems()).singleElement().asString()
                .contains("wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=")
                .contains("group Y2FwaV9ncm91cDoxNzA1NTU1MDEzOToxMjAzNjM0MDQ2OTQyMzM4MjAZD").contains("refused");
        assertThat(group.keptRaw()).containsExactly(
                new ParsedWebhook.KeptRaw("demo", "messages", ParsedWebhook.Reason.GROUP_MESSAGE));

        // The customer's own messages of the same change still become events.
        String body = """
                {"object":"whatsapp_business_account","entry":[{"id":"waba","changes":[{"field":"messages","value":{
                  "metadata":{"phone_number_id":"111"},
                  "messages":[
                    {"from":"491701","group_id":"G1","id":"wamid.IN-GROUP","timestamp":"1750000001","type":"text","text":{"body":"all"}},
                    {"from":"491701","id":"wamid.ONE-TO-ONE","timestamp":"1750000002","type":"text","text":{"body":"me"}}]}}]}]}
                """;
        ParsedWebhook mixed = parser.parse(new WebhookSource("demo", Set.of("111"), "raw-g", RECEIVED),
                body.getBytes(StandardCharsets.UTF_8));
        assertThat(mixed.messages()).extracting(InboundMessage::getMessageId).containsExactly("wamid.ONE-TO-ONE");
        assertThat(mixed.problems()).singleElement().asString().contains("wamid.IN-GROUP of group G1");
    }

    @Test
    void aCallsConnectAndTerminateAreTwoCallMessagesOfTheCaller() {
        InboundMessage connect = onlyMessage("calls-connect");
        InboundMessage terminate = onlyMessage("calls-terminate");
        String callId = "wacid.HBgLMTY1MDU1NTEyMzQVAgARGBIyQTg0RkRGMUI1NjQ0MUQ4M0YA";

        assertThat(List.of(connect, terminate)).allSatisfy(m -> {
            assertThat(m.getType()).isEqualTo(InboundMessageType.CALL);
            assertThat(m.getCustomer().getWaId()).isEqualTo("16505551234");
            assertThat(m.getCustomer().getUserId()).isEqualTo("US.13491208655302741918");
            assertThat(m.getCustomer().getName()).isEqualTo("Sheena Nelson");
            assertThat(m.getBusinessNumberId()).isEqualTo("106540352242922");
            assertThat(m.getCall().getCallId()).isEqualTo(callId);
            assertThat(m.getCall().getDirection()).isEqualTo("USER_INITIATED");
            assertThat(m.getEcho()).isFalse();
            assertThat(serializer.serialize("t", m)).isNotEmpty();
        });
        assertThat(connect.getMessageId()).isEqualTo(callId + ":connect");
        assertThat(connect.getCall().getEvent()).isEqualTo("connect");
        assertThat(connect.getCall().getStartedAt()).isEqualTo(Instant.ofEpochSecond(1794999000));
        assertThat(connect.getCall().getEndedAt()).isNull();
        assertThat(connect.getSentAt()).isEqualTo(Instant.ofEpochSecond(1794999000));
        assertThat(terminate.getMessageId()).isEqualTo(callId + ":terminate");
        assertThat(terminate.getCall().getStatus()).isEqualTo("COMPLETED");
        assertThat(terminate.getCall().getStartedAt()).isEqualTo(Instant.ofEpochSecond(1794999002));
        assertThat(terminate.getCall().getEndedAt()).isEqualTo(Instant.ofEpochSecond(1794999035));
        assertThat(terminate.getCall().getDurationSeconds()).isEqualTo(33L);
        assertThat(parse("calls-terminate").messages().get(0).getMessageId())
                .as("stable across redeliveries").isEqualTo(terminate.getMessageId());
    }

    @Test
    void aBusinessInitiatedCallIsTheCalleesAndCallsAreRoutedByTheirNumber() {
        String body = """
                {"object":"whatsapp_business_account","entry":[{"id":"waba","changes":[
                  {"field":"calls","value":{"metadata":{"phone_number_id":"333"},
                    "calls":[{"id":"wacid.OUT","from":"15550003333","to":"491702","to_user_id":"DE.1","event":"terminate",
                      "direction":"BUSINESS_INITIATED","timestamp":"1750000100","status":"FAILED"}],
                    "statuses":[{"id":"wacid.OUT","type":"call","status":"RINGING","timestamp":"1750000090","recipient_id":"491702"}]}},
                  {"field":"calls","value":{"metadata":{"phone_number_id":"999"},
                    "calls":[{"id":"wacid.NOBODY","from":"491703","event":"connect","direction":"USER_INITIATED"}]}},
                  {"field":"calls","value":{"metadata":{"phone_number_id":"111"},
                    "calls":[{"id":"wacid.NOCUSTOMER","to":"15550001111","event":"connect","direction":"USER_INITIATED"},
                             {"from":"491704","event":"connect","direction":"USER_INITIATED"}]}}]}]}
                """;
        NumberOwners owners = numberId -> Optional.ofNullable(Map.of(
                "333", new NumberOwners.Owner("sibling", Set.of("333"), true)).get(numberId));

        ParsedWebhook parsed = parser.parse(new WebhookSource("demo", Set.of("111"), "raw-calls", RECEIVED), owners,
                body.getBytes(StandardCharsets.UTF_8));

        assertThat(parsed.messages()).singleElement().satisfies(m -> {
            assertThat(m.getChannelId()).isEqualTo("sibling");
            assertThat(m.getMessageId()).isEqualTo("wacid.OUT:terminate");
            assertThat(m.getCustomer().getWaId()).isEqualTo("491702");
            assertThat(m.getCustomer().getUserId()).isEqualTo("DE.1");
            assertThat(m.getCall().getStatus()).isEqualTo("FAILED");
            assertThat(m.getCall().getEndedAt()).isEqualTo(Instant.ofEpochSecond(1750000100));
            assertThat(m.getCall().getDurationSeconds()).isNull();
        });
        assertThat(parsed.statuses()).as("a call's status is no message status").isEmpty();
        assertThat(parsed.keptRaw()).containsExactly(
                new ParsedWebhook.KeptRaw("sibling", "calls", ParsedWebhook.Reason.NOT_TYPED));
        assertThat(parsed.problems()).containsExactly(
                "phone_number_id 999 does not belong to channel demo nor to any other Meta channel: refused 1 call"
                        + " event(s) and 0 status(es)",
                "call wacid.NOCUSTOMER names no customer (neither from nor from_user_id)",
                "call event without id: kept on the raw topic only");
    }

    @Test
    void badInputNeverThrows() {
        WebhookSource source = new WebhookSource("demo", Set.of("1"), "raw-3", RECEIVED);
        assertThat(parser.parse(source, "not json".getBytes()).problems()).singleElement().asString().startsWith("body is not JSON");
        assertThat(parser.parse(source, "[1,2]".getBytes()).problems()).containsExactly("body is not a JSON object");
        assertThat(parser.parse(source, "{}".getBytes()).messages()).isEmpty();
        assertThat(parser.parse(source, new byte[0]).problems()).isNotEmpty();
    }

    @Test
    void unknownTypesAndBrokenMessagesBecomeUnsupportedWithTheirRawJson() {
        String body = """
                {"entry":[{"changes":[{"value":{"metadata":{"phone_number_id":"1"},"messages":[
                  {"from":"491701","id":"wamid.NEW","timestamp":"1750000001","type":"hologram","hologram":{"x":1}},
                  {"from":"491701","id":"wamid.BROKEN","timestamp":"1750000002","type":"location","location":{"name":"no coordinates"}},
                  {"from":"491701","timestamp":"nonsense","type":"text","text":{"body":"no id"}},
                  {"id":"wamid.NOBODY","type":"text","text":{"body":"no sender"}}]}}]}]}
                """;
        WebhookSource source = new WebhookSource("demo", Set.of("1"), "raw-4", RECEIVED);

        ParsedWebhook parsed = parser.parse(source, body.getBytes(StandardCharsets.UTF_8));

        assertThat(parsed.messages()).hasSize(3);
        InboundMessage hologram = parsed.messages().get(0);
        assertThat(hologram.getType()).isEqualTo(InboundMessageType.UNSUPPORTED);
        assertThat(hologram.getProviderType()).isEqualTo("hologram");
        assertThat(hologram.getRawJson()).contains("\"hologram\"");
        InboundMessage broken = parsed.messages().get(1);
        assertThat(broken.getType()).isEqualTo(InboundMessageType.UNSUPPORTED);
        assertThat(broken.getProviderType()).isEqualTo("location");
        assertThat(broken.getLocation()).isNull();
        InboundMessage noId = parsed.messages().get(2);
        assertThat(noId.getMessageId()).startsWith("unidentified:");
        assertThat(noId.getSentAt()).isEqualTo(RECEIVED);
        assertThat(parser.parse(source, body.getBytes(StandardCharsets.UTF_8)).messages().get(2).getMessageId())
                .as("the derived id is stable across redeliveries").isEqualTo(noId.getMessageId());
        assertThat(parsed.problems()).anySatisfy(p -> assertThat(p).contains("location.latitude is missing"))
                .anySatisfy(p -> assertThat(p).contains("wamid.NOBODY names no sender"));
    }

    /**
     * Found by the parser fuzz: an integer coordinate beyond double's range made Jackson 3's {@code asDouble()} throw,
     * caught only by the parser's safety net ("unexpected ... JsonNodeException"). A coordinate that is no finite
     * number is a broken location like a missing one.
     */
    @Test
    void aCoordinateBeyondDoublesRangeOrNotFiniteIsABrokenLocationNotAParserFailure() {
        String body = """
                {"entry":[{"changes":[{"value":{"metadata":{"phone_number_id":"1"},"messages":[
                  {"from":"491701","id":"wamid.HUGE","timestamp":"1750000001","type":"location",
                   "location":{"latitude":52.5,"longitude":%s}},
                  {"from":"491701","id":"wamid.NAN","timestamp":"1750000002","type":"location",
                   "location":{"latitude":"NaN","longitude":13.4}},
                  {"from":"491701","id":"wamid.OK","timestamp":"1750000003","type":"location",
                   "location":{"latitude":52.5,"longitude":"13.4"}}]}}]}]}
                """.formatted("7".repeat(400));
        WebhookSource source = new WebhookSource("demo", Set.of("1"), "raw-5", RECEIVED);

        ParsedWebhook parsed = parser.parse(source, body.getBytes(StandardCharsets.UTF_8));

        assertThat(parsed.problems()).noneMatch(p -> p.contains("unexpected") || p.startsWith("parser failure"));
        assertThat(parsed.messages()).extracting(InboundMessage::getType).containsExactly(InboundMessageType.UNSUPPORTED,
                InboundMessageType.UNSUPPORTED, InboundMessageType.LOCATION);
        assertThat(parsed.problems()).anySatisfy(p -> assertThat(p).contains("wamid.HUGE").contains("location.longitude"))
                .anySatisfy(p -> assertThat(p).contains("wamid.NAN").contains("location.latitude"));
        assertThat(parsed.messages().get(2).getLocation().getLongitude()).isEqualTo(13.4);
    }
}
