package dev.switchboard.ingress.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import dev.switchboard.events.DeliveryStatus;
import dev.switchboard.events.InboundMessage;
import dev.switchboard.events.InboundMessageType;
import dev.switchboard.events.InteractiveReplyKind;
import dev.switchboard.events.MessageStatus;
import dev.switchboard.events.Provider;
import dev.switchboard.ingress.webhook.ParsedWebhook;
import dev.switchboard.ingress.webhook.WebhookSource;
import dev.switchboard.schemas.EventSerializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class TwilioWebhookParserTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant RECEIVED = Instant.parse("2026-11-21T10:00:00Z");
    /** Every business sender address the fixtures use. */
    private static final Set<String> NUMBERS = Set.of("whatsapp:+14123456789", "whatsapp:+15555550100", "whatsapp:+14155238886");
    private static final WebhookSource SOURCE = new WebhookSource("demo-twilio", NUMBERS, "raw-1", RECEIVED);
    private static final List<String> INBOUND = List.of(
            "inbound-contacts-vcard", "inbound-location-with-messagetype", "inbound-location", "inbound-media-image",
            "inbound-quick-reply-button", "inbound-text-reply-context", "inbound-text");
    private static final List<String> STATUSES = List.of(
            "status-delivered", "status-sent", "status-undelivered-63016.synthetic", "status-failed-63049.synthetic");

    private final TwilioWebhookParser parser = new TwilioWebhookParser();
    private final EventSerializer<org.apache.avro.specific.SpecificRecord> serializer = new EventSerializer<>();

    static byte[] fixture(String name) {
        try (InputStream in = TwilioWebhookParserTest.class.getResourceAsStream("/fixtures/twilio/" + name + ".txt")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, List<String>> form(String fixture) {
        return FormBody.decode(fixture(fixture));
    }

    /** The JDK's decoder, split on & and =, as the reference FormBody must agree with on well-formed bodies. */
    static Map<String, List<String>> urlDecoded(byte[] body) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (String pair : new String(body, StandardCharsets.US_ASCII).split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return params;
    }

    /** A form built in the test: key, value, key, value, … (keys may repeat). */
    static Map<String, List<String>> form(String... keysAndValues) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            params.computeIfAbsent(keysAndValues[i], k -> new ArrayList<>()).add(keysAndValues[i + 1]);
        }
        return params;
    }

    /** A minimal well-formed inbound message from +31612345678 to the channel, plus the given parameters. */
    static Map<String, List<String>> inbound(String... more) {
        Map<String, List<String>> params = form("MessageSid", "SMtest", "AccountSid", "ACtest",
                "From", "whatsapp:+31612345678", "To", "whatsapp:+14123456789");
        form(more).forEach((k, v) -> params.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
        return params;
    }

    private ParsedWebhook parse(String fixture) {
        return parser.parse(SOURCE, form(fixture), fixture.startsWith("status-"));
    }

    private InboundMessage onlyMessage(String fixture) {
        ParsedWebhook parsed = parse(fixture);
        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.statuses()).isEmpty();
        assertThat(parsed.messages()).hasSize(1);
        return parsed.messages().get(0);
    }

    private MessageStatus onlyStatus(String fixture) {
        ParsedWebhook parsed = parse(fixture);
        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.messages()).isEmpty();
        assertThat(parsed.statuses()).hasSize(1);
        return parsed.statuses().get(0);
    }

    private InboundMessage onlyMessage(Map<String, List<String>> form) {
        ParsedWebhook parsed = parser.parse(SOURCE, form, false);
        assertThat(parsed.statuses()).isEmpty();
        assertThat(parsed.messages()).hasSize(1);
        return parsed.messages().get(0);
    }

    static Stream<String> inbound() {
        return INBOUND.stream();
    }

    static Stream<String> statuses() {
        return STATUSES.stream();
    }

    static Stream<String> fixtures() {
        return Stream.concat(INBOUND.stream(), STATUSES.stream());
    }

    // ------------------------------------------------------------------------------------------------ fixtures

    @ParameterizedTest(name = "{0}")
    @MethodSource("inbound")
    void everyInboundFixtureBecomesOneTypedMessage(String fixture) {
        Map<String, List<String>> form = form(fixture);
        InboundMessage event = onlyMessage(fixture);

        assertThat(event.getProvider()).isEqualTo(Provider.TWILIO);
        assertThat(event.getChannelId()).isEqualTo("demo-twilio");
        assertThat(event.getRawWebhookId()).isEqualTo("raw-1");
        assertThat(event.getReceivedAt()).isEqualTo(RECEIVED);
        assertThat(event.getSentAt()).as("Twilio sends no timestamp").isEqualTo(RECEIVED);
        assertThat(event.getMessageId()).isEqualTo(form.get("MessageSid").get(0));
        assertThat(event.getBusinessNumberId()).isEqualTo(form.get("To").get(0));
        assertThat(event.getCustomer().getWaId()).isEqualTo(form.get("From").get(0).substring("whatsapp:+".length()));
        assertThat(event.getType()).isNotEqualTo(InboundMessageType.UNSUPPORTED);
        assertThat(event.getRawJson()).isNull();
        assertThat(serializer.serialize("t", event)).isNotEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statuses")
    void everyStatusFixtureBecomesOneTypedStatus(String fixture) {
        Map<String, List<String>> form = form(fixture);
        MessageStatus event = onlyStatus(fixture);

        assertThat(event.getProvider()).isEqualTo(Provider.TWILIO);
        assertThat(event.getChannelId()).isEqualTo("demo-twilio");
        assertThat(event.getRawWebhookId()).isEqualTo("raw-1");
        assertThat(event.getMessageId()).isEqualTo(form.get("MessageSid").get(0));
        assertThat(event.getProviderStatus()).isEqualTo(form.get("MessageStatus").get(0));
        assertThat(event.getBusinessNumberId()).isEqualTo("whatsapp:+14123456789");
        assertThat(event.getBusinessAccountId()).isEqualTo("AC1a03647d811fab342c0ad608e382fab2");
        assertThat(event.getRecipient().getWaId()).isEqualTo("31612345678");
        assertThat(event.getStatusAt()).isEqualTo(RECEIVED);
        assertThat(event.getReceivedAt()).isEqualTo(RECEIVED);
        assertThat(serializer.serialize("t", event)).isNotEmpty();
    }

    @Test
    void textOfAnOlderBodyWithoutMessageType() {
        InboundMessage m = onlyMessage("inbound-text");
        assertThat(m.getMessageId()).isEqualTo("SM892512e202b34d4109b10a3893fa9640");
        assertThat(m.getType()).isEqualTo(InboundMessageType.TEXT);
        assertThat(m.getProviderType()).isNull();
        assertThat(m.getText()).isEqualTo("test");
        assertThat(m.getCustomer().getWaId()).isEqualTo("31612345678");
        assertThat(m.getCustomer().getName()).isNull();
        assertThat(m.getCustomer().getUserId()).isNull();
        assertThat(m.getBusinessNumberId()).isEqualTo("whatsapp:+14123456789");
        assertThat(m.getBusinessDisplayNumber()).isEqualTo("14123456789");
        assertThat(m.getBusinessAccountId()).isEqualTo("AC1a03647d811fab342c0ad608e382fab2");
        assertThat(m.getMedia()).isNull();
        assertThat(m.getContext()).isNull();
        assertThat(m.getReferral()).isNull();
        assertThat(m.getErrors()).isEmpty();
    }

    @Test
    void textReplyingToOneOfOurMessages() {
        InboundMessage m = onlyMessage("inbound-text-reply-context");
        assertThat(m.getMessageId()).isEqualTo("SM70cd0bbe75ce4540a2a8d0491f924c02");
        assertThat(m.getType()).isEqualTo(InboundMessageType.TEXT);
        assertThat(m.getProviderType()).isEqualTo("text");
        assertThat(m.getText()).isEqualTo("Nice");
        assertThat(m.getCustomer().getWaId()).isEqualTo("15555550101");
        assertThat(m.getCustomer().getName()).isEqualTo("Test User");
        assertThat(m.getBusinessNumberId()).isEqualTo("whatsapp:+15555550100");
        assertThat(m.getBusinessAccountId()).isNull();
        assertThat(m.getContext().getRepliedToMessageId()).isEqualTo("MM3c146d6483ab26bddabeeedf9565afea");
        assertThat(m.getContext().getRepliedToFrom()).isEqualTo("whatsapp:+15555550100");
        assertThat(m.getContext().getForwarded()).isFalse();
    }

    @Test
    void imageAttachment() {
        InboundMessage m = onlyMessage("inbound-media-image");
        assertThat(m.getMessageId()).isEqualTo("MM21151abfaadc1fb79b782f8460862a52");
        assertThat(m.getType()).isEqualTo(InboundMessageType.IMAGE);
        assertThat(m.getText()).isNull();
        assertThat(m.getMedia().getUrl()).isEqualTo("https://api.twilio.com/2010-04-01/Accounts/AC1a03647d811fab342c0ad608e382fab2"
                + "/Messages/MM21151abfaadc1fb79b782f8460862a52/Media/ME5f0afa2336bd0f73ca553fb5a2e3150bc");
        assertThat(m.getMedia().getMimeType()).isEqualTo("image/jpeg");
        assertThat(m.getMedia().getCaption()).as("Body is empty").isNull();
        assertThat(m.getCustomer().getWaId()).isEqualTo("31612345678");
    }

    @Test
    void locationsWithAndWithoutMessageType() {
        InboundMessage old = onlyMessage("inbound-location");
        assertThat(old.getMessageId()).isEqualTo("SM9c871cd9649aa3829298e153ae6a8123");
        assertThat(old.getType()).isEqualTo(InboundMessageType.LOCATION);
        assertThat(old.getLocation().getLatitude()).isEqualTo(52.303897857666016);
        assertThat(old.getLocation().getLongitude()).isEqualTo(4.750025749206543);
        assertThat(old.getLocation().getAddress()).isEqualTo("Evert van de Beekstraat 354, Schiphol, North Holland 1118 CZ");
        assertThat(old.getLocation().getName()).isEqualTo("Microsoft");
        assertThat(old.getText()).isNull();

        InboundMessage typed = onlyMessage("inbound-location-with-messagetype");
        assertThat(typed.getMessageId()).isEqualTo("SMed5ffcfab3da6bbbccdd8866fe793744");
        assertThat(typed.getType()).isEqualTo(InboundMessageType.LOCATION);
        assertThat(typed.getProviderType()).isEqualTo("location");
        assertThat(typed.getLocation().getLatitude()).isEqualTo(25.018766403198);
        assertThat(typed.getLocation().getLongitude()).isEqualTo(-77.395950317383);
        assertThat(typed.getLocation().getName()).isNull();
        assertThat(typed.getLocation().getAddress()).isNull();
        assertThat(typed.getCustomer().getWaId()).isEqualTo("15555550101");
        assertThat(typed.getCustomer().getName()).isEqualTo("Test User");
    }

    @Test
    void aSharedContactIsAContactsEventCarryingTheVcard() {
        InboundMessage m = onlyMessage("inbound-contacts-vcard");
        assertThat(m.getMessageId()).isEqualTo("MM3d3cd4db06d6f0e7b7d4f7012fd99f06");
        assertThat(m.getType()).isEqualTo(InboundMessageType.CONTACTS);
        assertThat(m.getProviderType()).isEqualTo("contacts");
        assertThat(m.getMedia().getUrl()).isEqualTo("https://api.twilio.com/2010-04-01/Accounts/AC8b/Messages/MM3d/Media/ME60");
        assertThat(m.getMedia().getMimeType()).isEqualTo("text/vcard");
        assertThat(m.getContacts()).as("the card's content is behind the media URL").isEmpty();
        assertThat(m.getCustomer().getName()).isEqualTo("Test User");
        assertThat(m.getBusinessNumberId()).isEqualTo("whatsapp:+15555550100");
    }

    @Test
    void aQuickReplyButtonOfAnInteractiveMessage() {
        InboundMessage m = onlyMessage("inbound-quick-reply-button");
        assertThat(m.getMessageId()).isEqualTo("SM8824d91645395b17594d92659b878468");
        assertThat(m.getType()).isEqualTo(InboundMessageType.INTERACTIVE);
        assertThat(m.getProviderType()).isEqualTo("interactive");
        assertThat(m.getInteractive().getKind()).isEqualTo(InteractiveReplyKind.BUTTON_REPLY);
        assertThat(m.getInteractive().getId()).isEqualTo("{verifyEmail:asd@asd.com}");
        assertThat(m.getInteractive().getTitle()).isEqualTo("Konfirmasi");
        assertThat(m.getButton()).isNull();
        assertThat(m.getRawJson()).isNull();
        assertThat(m.getCustomer().getWaId()).isEqualTo("15555550101");
        assertThat(m.getCustomer().getUserId()).isEqualTo("ID.4566546130240823");
        assertThat(m.getCustomer().getName()).isEqualTo("Test User");
        assertThat(m.getBusinessNumberId()).isEqualTo("whatsapp:+14155238886");
        assertThat(m.getBusinessAccountId()).isEqualTo("ACxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
        assertThat(m.getContext().getRepliedToMessageId()).isEqualTo("MM5cc44eecf7dab0d48d4529d0fa4af44d");
        assertThat(m.getContext().getRepliedToFrom()).isEqualTo("whatsapp:+14155238886");
        assertThat(m.getContext().getForwarded()).isFalse();
        assertThat(m.getContext().getFrequentlyForwarded()).isFalse();
        assertThat(m.getReferral()).as("ReferralNumMedia=0 alone is no referral").isNull();
    }

    @Test
    void deliveryReceipts() {
        MessageStatus sent = onlyStatus("status-sent");
        assertThat(sent.getMessageId()).isEqualTo("SM0cec4ed334e74bcbb64eb8b6684e9654");
        assertThat(sent.getStatus()).isEqualTo(DeliveryStatus.SENT);
        assertThat(sent.getErrors()).isEmpty();

        MessageStatus delivered = onlyStatus("status-delivered");
        assertThat(delivered.getMessageId()).isEqualTo("SMdf55df64a2ff4920bb0748193cfbb640");
        assertThat(delivered.getStatus()).isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(delivered.getProviderStatus()).isEqualTo("delivered");

        MessageStatus undelivered = onlyStatus("status-undelivered-63016.synthetic");
        assertThat(undelivered.getMessageId()).isEqualTo("SM0cec4ed334e74bcbb64eb8b6684e9655");
        assertThat(undelivered.getStatus()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(undelivered.getProviderStatus()).isEqualTo("undelivered");
        assertThat(undelivered.getErrors()).singleElement().satisfies(e -> {
            assertThat(e.getCode()).isEqualTo(63016);
            assertThat(e.getMessage()).isNull();
        });
    }

    @Test
    void metasPerUserMarketingLimitArrivesAsAFailedStatusWithTwiliosCode() {
        // 63049: Meta did not deliver a marketing message (its 131049); ticket-service retries it later.
        MessageStatus limited = onlyStatus("status-failed-63049.synthetic");
        assertThat(limited.getMessageId()).isEqualTo("SM5a1c0b2e8f6d4c3ba7e9d1f0c2b4a6e8");
        assertThat(limited.getStatus()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(limited.getProviderStatus()).isEqualTo("failed");
        assertThat(limited.getRecipient().getWaId()).isEqualTo("31612345678");
        assertThat(limited.getErrors()).singleElement().satisfies(e -> assertThat(e.getCode()).isEqualTo(63049));
    }

    // ------------------------------------------------------------------------------------------------ routing

    @Test
    void aReceiptPostedToTheInboundUrlIsStillAReceipt() {
        ParsedWebhook parsed = parser.parse(SOURCE, form("status-delivered"), false);
        assertThat(parsed.messages()).isEmpty();
        assertThat(parsed.statuses()).singleElement().satisfies(s -> assertThat(s.getStatus()).isEqualTo(DeliveryStatus.DELIVERED));
    }

    @Test
    void aStatusCallbackWithoutMessageStatusUsesSmsStatus() {
        Map<String, List<String>> form = form("status-sent");
        form.remove("MessageStatus");
        form.put("SmsStatus", List.of("read"));
        MessageStatus status = parser.parse(SOURCE, form, true).statuses().get(0);
        assertThat(status.getStatus()).isEqualTo(DeliveryStatus.READ);
        assertThat(status.getProviderStatus()).isEqualTo("read");
    }

    @Test
    void anInboundBodyWithSmsStatusReceivedIsAMessage() {
        assertThat(parser.parse(SOURCE, inbound("Body", "hi", "SmsStatus", "received", "MessageStatus", "received"), false)
                .messages()).singleElement().satisfies(m -> assertThat(m.getText()).isEqualTo("hi"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "queued, QUEUED", "accepted, QUEUED", "scheduled, QUEUED", "sending, QUEUED", "sent, SENT",
            "delivered, DELIVERED", "read, READ", "failed, FAILED", "undelivered, FAILED", "canceled, FAILED",
            "receiving, UNKNOWN", "received, UNKNOWN", "partially_delivered, UNKNOWN", "hologram, UNKNOWN"})
    void twilioStatusValues(String twilioStatus, DeliveryStatus expected) {
        Map<String, List<String>> form = form("status-sent");
        form.put("MessageStatus", List.of(twilioStatus));
        MessageStatus status = parser.parse(SOURCE, form, true).statuses().get(0);
        assertThat(status.getStatus()).isEqualTo(expected);
        assertThat(status.getProviderStatus()).isEqualTo(twilioStatus);
    }

    @Test
    void errorCodesAndMessages() {
        Map<String, List<String>> form = form("status-undelivered-63016.synthetic");
        form.put("ErrorMessage", List.of("Outside the allowed window"));
        assertThat(parser.parse(SOURCE, form, true).statuses().get(0).getErrors()).singleElement().satisfies(e -> {
            assertThat(e.getCode()).isEqualTo(63016);
            assertThat(e.getMessage()).isEqualTo("Outside the allowed window");
        });
        form.put("ErrorCode", List.of("E-63016"));
        assertThat(parser.parse(SOURCE, form, true).statuses().get(0).getErrors()).singleElement().satisfies(e -> {
            assertThat(e.getCode()).isZero();
            assertThat(e.getMessage()).isEqualTo("ErrorCode E-63016: Outside the allowed window");
        });
    }

    // ------------------------------------------------------------------------------------------------ channel

    @Test
    void aMessageOrStatusForAnotherChannelsSenderIsRefused() {
        WebhookSource other = new WebhookSource("other", Set.of("whatsapp:+15550002222"), "raw-2", RECEIVED);

        ParsedWebhook message = parser.parse(other, form("inbound-text"), false);
        assertThat(message.messages()).isEmpty();
        assertThat(message.problems()).singleElement().asString()
                .contains("business address whatsapp:+14123456789 does not belong to channel other")
                .contains("SM892512e202b34d4109b10a3893fa9640");

        ParsedWebhook status = parser.parse(other, form("status-sent"), true);
        assertThat(status.statuses()).isEmpty();
        assertThat(status.problems()).singleElement().asString()
                .contains("business address whatsapp:+14123456789 does not belong to channel other");
    }

    @Test
    void theSenderAddressMatchesCaseInsensitivelyAndAnEmptySetAcceptsAny() {
        WebhookSource upper = new WebhookSource("demo", Set.of("WhatsApp:+14123456789"), "raw-3", RECEIVED);
        assertThat(parser.parse(upper, form("inbound-text"), false).messages()).singleElement()
                .satisfies(m -> assertThat(m.getBusinessNumberId()).as("the channel's spelling").isEqualTo("WhatsApp:+14123456789"));

        WebhookSource any = new WebhookSource("demo", Set.of(), "raw-4", RECEIVED);
        assertThat(parser.parse(any, form("inbound-text"), false).messages()).hasSize(1);
        assertThat(parser.parse(any, form("status-sent"), true).statuses()).hasSize(1);

        WebhookSource prefix = new WebhookSource("demo", Set.of("whatsapp:+1412345678"), "raw-5", RECEIVED);
        assertThat(parser.parse(prefix, form("inbound-text"), false).messages()).as("exact address, not a prefix").isEmpty();
    }

    // ------------------------------------------------------------------------------------------------ content

    @Test
    void severalAttachmentsBecomeOneEventEachWithDerivedIds() {
        ParsedWebhook parsed = parser.parse(SOURCE, inbound("MessageSid", "MMmulti", "NumMedia", "3", "Body", "our photos",
                "MediaUrl0", "https://api.twilio.com/m/ME0", "MediaContentType0", "image/jpeg",
                "MediaUrl1", "https://api.twilio.com/m/ME1", "MediaContentType1", "video/mp4",
                "MediaUrl2", "https://api.twilio.com/m/ME2", "MediaContentType2", "application/pdf",
                "ReferralSourceId", "ad-1"), false);

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.messages()).extracting(InboundMessage::getMessageId)
                .containsExactly("SMtest", "SMtest/1", "SMtest/2");
        assertThat(parsed.messages()).extracting(InboundMessage::getType)
                .containsExactly(InboundMessageType.IMAGE, InboundMessageType.VIDEO, InboundMessageType.DOCUMENT);
        assertThat(parsed.messages()).extracting(m -> m.getMedia().getUrl())
                .containsExactly("https://api.twilio.com/m/ME0", "https://api.twilio.com/m/ME1", "https://api.twilio.com/m/ME2");
        assertThat(parsed.messages()).extracting(m -> m.getMedia().getMimeType())
                .containsExactly("image/jpeg", "video/mp4", "application/pdf");
        assertThat(parsed.messages()).extracting(m -> m.getMedia().getCaption()).containsExactly("our photos", null, null);
        assertThat(parsed.messages()).extracting(m -> m.getReferral() == null).containsExactly(false, true, true);
        assertThat(parsed.messages()).extracting(InboundMessage::getEventId).doesNotHaveDuplicates();
        assertThat(parsed.messages()).allSatisfy(m -> assertThat(m.getCustomer().getWaId()).isEqualTo("31612345678"));
    }

    @Test
    void withMessageTypeEveryAttachmentTakesIt() {
        ParsedWebhook parsed = parser.parse(SOURCE, inbound("MessageType", "sticker", "NumMedia", "1",
                "MediaUrl0", "https://api.twilio.com/m/ME0", "MediaContentType0", "image/webp"), false);
        assertThat(parsed.messages()).singleElement().satisfies(m -> {
            assertThat(m.getType()).isEqualTo(InboundMessageType.STICKER);
            assertThat(m.getMedia().getMimeType()).isEqualTo("image/webp");
        });
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"image/webp, IMAGE", "image/png, IMAGE", "video/mp4, VIDEO", "audio/ogg, AUDIO", "application/pdf, DOCUMENT",
            "text/vcard, CONTACTS", "text/x-vcard, CONTACTS", "'', DOCUMENT"})
    void withoutMessageTypeTheContentTypeDecides(String mimeType, InboundMessageType expected) {
        InboundMessage m = onlyMessage(inbound("NumMedia", "1", "MediaUrl0", "https://api.twilio.com/m/ME0",
                "MediaContentType0", mimeType, "Body", "caption"));
        assertThat(m.getType()).isEqualTo(expected);
        assertThat(m.getMedia().getCaption()).isEqualTo("caption");
        assertThat(m.getMedia().getMimeType()).isEqualTo(mimeType.isEmpty() ? null : mimeType);
    }

    @Test
    void templateQuickReplyButtons() {
        InboundMessage typed = onlyMessage(inbound("MessageType", "button", "Body", "Stop", "ButtonText", "Stop",
                "ButtonPayload", "unsubscribe"));
        assertThat(typed.getType()).isEqualTo(InboundMessageType.BUTTON);
        assertThat(typed.getButton().getPayload()).isEqualTo("unsubscribe");
        assertThat(typed.getButton().getText()).isEqualTo("Stop");
        assertThat(typed.getInteractive()).isNull();

        InboundMessage inferred = onlyMessage(inbound("Body", "Yes", "ButtonPayload", "yes-1"));
        assertThat(inferred.getType()).isEqualTo(InboundMessageType.BUTTON);
        assertThat(inferred.getButton().getPayload()).isEqualTo("yes-1");
        assertThat(inferred.getButton().getText()).as("falls back to Body").isEqualTo("Yes");
    }

    @Test
    void anInteractiveReplyWeCannotReadKeepsItsParameters() {
        InboundMessage m = onlyMessage(inbound("MessageType", "interactive", "Body", "Option 2"));
        assertThat(m.getType()).isEqualTo(InboundMessageType.INTERACTIVE);
        assertThat(m.getInteractive().getKind()).isEqualTo(InteractiveReplyKind.UNKNOWN);
        assertThat(JSON.readTree(m.getRawJson()).get("Body").asString()).isEqualTo("Option 2");
    }

    @Test
    void typesTwilioDoesNotDescribeAreUnsupportedWithTheirParameters() {
        ParsedWebhook parsed = parser.parse(SOURCE, inbound("MessageType", "reaction", "Body", "", "Extra", "a", "Extra", "b"), false);
        assertThat(parsed.problems()).isEmpty();
        InboundMessage m = parsed.messages().get(0);
        assertThat(m.getType()).isEqualTo(InboundMessageType.UNSUPPORTED);
        assertThat(m.getProviderType()).isEqualTo("reaction");
        assertThat(m.getMessageId()).isEqualTo("SMtest");
        JsonNode raw = JSON.readTree(m.getRawJson());
        assertThat(raw.get("MessageType").asString()).isEqualTo("reaction");
        assertThat(raw.get("From").asString()).isEqualTo("whatsapp:+31612345678");
        assertThat(raw.get("Extra").isArray()).as("a repeated parameter keeps every value").isTrue();
        assertThat(raw.get("Extra").get(1).asString()).isEqualTo("b");
        assertThat(raw.propertyNames()).first().isEqualTo("MessageSid");
    }

    @Test
    void forwardsAndAdReferrals() {
        InboundMessage m = onlyMessage(inbound("MessageType", "text", "Body", "Hi from the ad", "Forwarded", "true",
                "FrequentlyForwarded", "true", "ReferralNumMedia", "1", "ReferralBody", "Big sale", "ReferralHeadline", "Sale",
                "ReferralSourceId", "1234567890", "ReferralSourceType", "ad", "ReferralSourceUrl", "https://fb.me/abc",
                "ReferralMediaId", "ME123", "ReferralMediaContentType", "video/mp4",
                "ReferralMediaUrl", "https://api.twilio.com/ref/ME123", "ReferralCtwaClid", "ARAkLkA8rmlFeiCktEJQ"));
        assertThat(m.getText()).isEqualTo("Hi from the ad");
        assertThat(m.getContext().getForwarded()).isTrue();
        assertThat(m.getContext().getFrequentlyForwarded()).isTrue();
        assertThat(m.getContext().getRepliedToMessageId()).isNull();
        assertThat(m.getReferral().getSourceId()).isEqualTo("1234567890");
        assertThat(m.getReferral().getSourceType()).isEqualTo("ad");
        assertThat(m.getReferral().getSourceUrl()).isEqualTo("https://fb.me/abc");
        assertThat(m.getReferral().getBody()).isEqualTo("Big sale");
        assertThat(m.getReferral().getHeadline()).isEqualTo("Sale");
        assertThat(m.getReferral().getMediaType()).isEqualTo("video");
        assertThat(m.getReferral().getVideoUrl()).isEqualTo("https://api.twilio.com/ref/ME123");
        assertThat(m.getReferral().getImageUrl()).isNull();
        assertThat(m.getReferral().getCtwaClid()).isEqualTo("ARAkLkA8rmlFeiCktEJQ");
    }

    @Test
    void customerIdentities() {
        InboundMessage repeatedFrom = onlyMessage(inbound("From", "ignored", "Body", "hi"));
        assertThat(repeatedFrom.getCustomer().getWaId()).as("the first value of a repeated parameter counts").isEqualTo("31612345678");

        Map<String, List<String>> username = inbound("Body", "hi", "ProfileUsername", "anna.b",
                "ParentExternalUserId", "whatsapp:US.ENT.1");
        username.put("From", List.of("whatsapp:US.13491208655302741918"));
        InboundMessage m = onlyMessage(username);
        assertThat(m.getCustomer().getWaId()).isNull();
        assertThat(m.getCustomer().getUserId()).isEqualTo("US.13491208655302741918");
        assertThat(m.getCustomer().getParentUserId()).isEqualTo("US.ENT.1");
        assertThat(m.getCustomer().getUsername()).isEqualTo("anna.b");

        Map<String, List<String>> waId = inbound("Body", "hi", "WaId", "4917012345");
        InboundMessage withWaId = onlyMessage(waId);
        assertThat(withWaId.getCustomer().getWaId()).as("WaId wins over From").isEqualTo("4917012345");
    }

    @Test
    void theMessageIdFallsBackToSmsSidAndSmsMessageSid() {
        Map<String, List<String>> form = form("inbound-text");
        form.remove("MessageSid");
        assertThat(onlyMessage(form).getMessageId()).isEqualTo("SM892512e202b34d4109b10a3893fa9640");
        form.remove("SmsSid");
        assertThat(onlyMessage(form).getMessageId()).isEqualTo("SM892512e202b34d4109b10a3893fa9640");
        form.remove("SmsMessageSid");
        ParsedWebhook parsed = parser.parse(SOURCE, form, false);
        assertThat(parsed.messages()).isEmpty();
        assertThat(parsed.problems()).singleElement().asString().contains("names no MessageSid");

        ParsedWebhook status = parser.parse(SOURCE, form("To", "whatsapp:+31612345678", "MessageStatus", "sent"), true);
        assertThat(status.statuses()).isEmpty();
        assertThat(status.problems()).singleElement().asString().contains("status names no MessageSid");
    }

    // ------------------------------------------------------------------------------------------------ robustness

    @Test
    void emptyOrMissingFormsAreProblemsNotExceptions() {
        assertThat(parser.parse(SOURCE, Map.of(), false).problems()).containsExactly("form body has no parameters");
        assertThat(parser.parse(SOURCE, Map.of(), true).problems()).containsExactly("form body has no parameters");
        assertThat(parser.parse(SOURCE, null, false).problems()).containsExactly("form body has no parameters");
        assertThat(parser.parse(SOURCE, Map.of(), false).messages()).isEmpty();
    }

    @Test
    void aMessageWithoutSenderIsAProblem() {
        Map<String, List<String>> form = form("inbound-text");
        form.remove("From");
        ParsedWebhook parsed = parser.parse(SOURCE, form, false);
        assertThat(parsed.messages()).isEmpty();
        assertThat(parsed.problems()).singleElement().asString().contains("SM892512e202b34d4109b10a3893fa9640 names no sender");

        Map<String, List<String>> noTo = form("inbound-text");
        noTo.remove("To");
        assertThat(parser.parse(SOURCE, noTo, false).problems()).singleElement().asString().contains("names no business address");

        Map<String, List<String>> statusNoTo = form("status-sent");
        statusNoTo.remove("To");
        assertThat(parser.parse(SOURCE, statusNoTo, true).problems()).singleElement().asString().contains("names no recipient");
    }

    @Test
    void aLocationWithoutNumbersIsUnsupportedWithItsParameters() {
        Map<String, List<String>> form = form("inbound-location");
        form.put("Latitude", List.of("north-ish"));
        ParsedWebhook parsed = parser.parse(SOURCE, form, false);
        assertThat(parsed.messages()).singleElement().satisfies(m -> {
            assertThat(m.getType()).isEqualTo(InboundMessageType.UNSUPPORTED);
            assertThat(m.getMessageId()).isEqualTo("SM9c871cd9649aa3829298e153ae6a8123");
            assertThat(m.getLocation()).isNull();
            assertThat(JSON.readTree(m.getRawJson()).get("Latitude").asString()).isEqualTo("north-ish");
            assertThat(serializer.serialize("t", m)).isNotEmpty();
        });
        assertThat(parsed.problems()).singleElement().asString().contains("Latitude 'north-ish' is not a number");

        ParsedWebhook infinite = parser.parse(SOURCE, inbound("MessageType", "location", "Latitude", "Infinity", "Longitude", "1"), false);
        assertThat(infinite.messages().get(0).getType()).isEqualTo(InboundMessageType.UNSUPPORTED);
        ParsedWebhook half = parser.parse(SOURCE, inbound("Latitude", "52.3"), false);
        assertThat(half.messages().get(0).getType()).isEqualTo(InboundMessageType.UNSUPPORTED);
        assertThat(half.problems()).singleElement().asString().contains("Longitude is missing");
    }

    @Test
    void numMediaThatDisagreesWithTheUrlsIsReportedAndWhatIsThereIsMapped() {
        ParsedWebhook notANumber = parser.parse(SOURCE, inbound("NumMedia", "abc",
                "MediaUrl0", "https://api.twilio.com/m/ME0", "MediaContentType0", "image/jpeg"), false);
        assertThat(notANumber.messages()).singleElement().satisfies(m -> {
            assertThat(m.getType()).isEqualTo(InboundMessageType.IMAGE);
            assertThat(m.getMedia().getUrl()).isEqualTo("https://api.twilio.com/m/ME0");
        });
        assertThat(notANumber.problems()).singleElement().asString().contains("NumMedia 'abc' is not a number");

        ParsedWebhook tooMany = parser.parse(SOURCE, inbound("NumMedia", "5",
                "MediaUrl0", "https://api.twilio.com/m/ME0", "MediaContentType0", "audio/ogg"), false);
        assertThat(tooMany.messages()).singleElement().satisfies(m -> {
            assertThat(m.getType()).isEqualTo(InboundMessageType.AUDIO);
            assertThat(m.getMessageId()).isEqualTo("SMtest");
        });
        assertThat(tooMany.problems()).singleElement().asString().contains("NumMedia=5 but 1 MediaUrl parameter(s)");

        ParsedWebhook none = parser.parse(SOURCE, inbound("MessageType", "image", "NumMedia", "1"), false);
        assertThat(none.messages()).singleElement().satisfies(m -> {
            assertThat(m.getType()).isEqualTo(InboundMessageType.UNSUPPORTED);
            assertThat(m.getProviderType()).isEqualTo("image");
        });
        assertThat(none.problems()).anySatisfy(p -> assertThat(p).contains("MediaUrl0 is missing"));
    }

    @Test
    void oddValuesNeverThrow() {
        Map<String, List<String>> nulls = new HashMap<>(inbound("Body", "hi"));
        nulls.put("ProfileName", null);
        nulls.put("WaId", new ArrayList<>(Arrays.asList((String) null)));
        nulls.put("NumMedia", List.of());
        nulls.put(null, List.of("x"));
        InboundMessage m = onlyMessage(nulls);
        assertThat(m.getText()).isEqualTo("hi");
        assertThat(m.getCustomer().getWaId()).isEqualTo("31612345678");

        ParsedWebhook noContent = parser.parse(SOURCE, inbound("Body", "  "), false);
        assertThat(noContent.messages().get(0).getType()).isEqualTo(InboundMessageType.UNSUPPORTED);
        assertThat(noContent.problems()).singleElement().asString().contains("no MessageType");

        ParsedWebhook textWithoutBody = parser.parse(SOURCE, inbound("MessageType", "text"), false);
        assertThat(textWithoutBody.messages().get(0).getType()).isEqualTo(InboundMessageType.UNSUPPORTED);
        assertThat(textWithoutBody.problems()).singleElement().asString().contains("Body is missing");

        assertThatCode(() -> parser.parse(SOURCE, form("MessageStatus", "sent"), false)).doesNotThrowAnyException();
        assertThatCode(() -> parser.parse(SOURCE, form("MediaUrl99999999999", "x", "MessageSid", "S", "From", "whatsapp:+1",
                "To", "whatsapp:+14123456789"), false)).doesNotThrowAnyException();
    }

    // ------------------------------------------------------------------------------------------------ FormBody

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void formBodyDecodesEveryFixtureLikeTheJdk(String fixture) {
        byte[] body = fixture(fixture);
        Map<String, List<String>> decoded = FormBody.decode(body);
        assertThat(decoded).isEqualTo(urlDecoded(body));
        assertThat(decoded.keySet()).as("body order")
                .containsExactlyElementsOf(urlDecoded(body).keySet());
    }

    @Test
    void formBodyKeepsRepeatsEmptyValuesAndBareKeys() {
        Map<String, List<String>> form = FormBody.decode("b=1&a=&c&b=2&&d=x%3Dy=z&e=caf%C3%A9+%F0%9F%98%80&".getBytes());
        assertThat(form).isInstanceOf(LinkedHashMap.class);
        assertThat(form.keySet()).containsExactly("b", "a", "c", "d", "e");
        assertThat(form.get("b")).containsExactly("1", "2");
        assertThat(form.get("a")).containsExactly("");
        assertThat(form.get("c")).containsExactly("");
        assertThat(form.get("d")).containsExactly("x=y=z");
        assertThat(form.get("e")).containsExactly("café 😀");
    }

    @Test
    void formBodyKeepsMalformedEscapesInsteadOfThrowing() {
        Map<String, List<String>> form = FormBody.decode("Body=100%+sure%2&Bad%zz=%&Tail=%4".getBytes());
        assertThat(form.get("Body")).containsExactly("100% sure%2");
        assertThat(form.get("Bad%zz")).containsExactly("%");
        assertThat(form.get("Tail")).containsExactly("%4");
        assertThat(FormBody.decode("x=%FF%FE".getBytes()).get("x")).containsExactly("\uFFFD\uFFFD");
        assertThat(FormBody.decode(new byte[0])).isEmpty();
        assertThat(FormBody.decode(null)).isEmpty();
        assertThat(FormBody.decode("&&&".getBytes())).isEmpty();
        assertThat(FormBody.decode("=v".getBytes())).containsEntry("", List.of("v"));
    }
}
