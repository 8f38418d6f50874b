package dev.switchboard.outbound.sending;

import static dev.switchboard.outbound.sending.SendingFixtures.BSUID;
import static dev.switchboard.outbound.sending.SendingFixtures.request;
import static dev.switchboard.outbound.sending.SendingFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.switchboard.events.Customer;
import dev.switchboard.events.Location;
import dev.switchboard.events.MarkRead;
import dev.switchboard.events.OutboundMedia;
import dev.switchboard.events.OutboundRequest;
import dev.switchboard.events.OutboundTemplate;
import dev.switchboard.events.OutboundText;
import dev.switchboard.events.OutboundType;
import dev.switchboard.events.Reaction;

/**
 * Twilio forms, byte for byte. The outbound-request-*.synthetic.txt fixtures were built from twilio-java's parameter
 * names, not captured from Twilio: matching them shows the shape and the encoding, not Twilio's acceptance.
 */
class TwilioMessageFormsTest {

    private static final String CUSTOMER = "31612345678";
    private static final String SENDER = "whatsapp:+14123456789";
    private static final String STATUS_CALLBACK = "https://example.com/twilio/status";

    @Test
    void textMatchesTheSyntheticFreeformRequest() {
        OutboundRequest request = toCustomer(OutboundType.TEXT)
                .setText(OutboundText.newBuilder().setBody("Hello from support").build()).build();

        assertThat(encode(request, SENDER, STATUS_CALLBACK))
                .isEqualTo(text("twilio/outbound-request-freeform.synthetic.txt"));
    }

    @Test
    void mediaWithCaptionMatchesTheSyntheticMediaRequest() {
        OutboundRequest request = toCustomer(OutboundType.DOCUMENT)
                .setMedia(OutboundMedia.newBuilder().setLink("https://example.com/invoice.pdf")
                        .setCaption("Here is your invoice").setFilename("invoice.pdf").build())
                .build();

        assertThat(encode(request, SENDER, STATUS_CALLBACK)).isEqualTo(text("twilio/outbound-request-media.synthetic.txt"));
    }

    @Test
    void templateByContentSidMatchesTheSyntheticTemplateRequest() {
        Map<String, String> variables = new HashMap<>();
        variables.put("2", "12345");
        variables.put("1", "Jane");
        OutboundRequest request = toCustomer(OutboundType.TEMPLATE)
                .setTemplate(OutboundTemplate.newBuilder().setName("order_update").setLanguage("en")
                        .setContentSid("HXaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa").setContentVariables(variables).build())
                .build();

        // A Messaging Service SID as the channel's sender goes out as MessagingServiceSid instead of From.
        assertThat(encode(request, "MGaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", STATUS_CALLBACK))
                .isEqualTo(text("twilio/outbound-request-template.synthetic.txt"));
    }

    @Test
    void theFormIsOrderedToFromThenContent() {
        OutboundRequest request = toCustomer(OutboundType.IMAGE)
                .setMedia(OutboundMedia.newBuilder().setLink("https://example.com/a.png").setCaption("A").build()).build();

        assertThat(TwilioMessageForms.of(request, SENDER)).containsExactly(
                Map.entry("To", "whatsapp:+31612345678"),
                Map.entry("From", SENDER),
                Map.entry("Body", "A"),
                Map.entry("MediaUrl", "https://example.com/a.png"));
    }

    @Test
    void contentVariablesAreInNumericOrder() {
        Map<String, String> variables = new HashMap<>();
        for (int i = 12; i >= 1; i--) {
            variables.put(String.valueOf(i), "v" + i);
        }
        OutboundRequest request = toCustomer(OutboundType.TEMPLATE)
                .setTemplate(OutboundTemplate.newBuilder().setName("HX").setLanguage("")
                        .setContentSid("HXbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb").setContentVariables(variables).build())
                .build();

        assertThat(TwilioMessageForms.of(request, SENDER)).contains(Map.entry("ContentVariables",
                "{\"1\":\"v1\",\"2\":\"v2\",\"3\":\"v3\",\"4\":\"v4\",\"5\":\"v5\",\"6\":\"v6\",\"7\":\"v7\",\"8\":\"v8\","
                        + "\"9\":\"v9\",\"10\":\"v10\",\"11\":\"v11\",\"12\":\"v12\"}"));
    }

    @Test
    void aTemplateWithoutVariablesSendsOnlyItsContentSid() {
        OutboundRequest request = toCustomer(OutboundType.TEMPLATE)
                .setTemplate(OutboundTemplate.newBuilder().setName("HXc").setLanguage("")
                        .setContentSid("HXcccccccccccccccccccccccccccccccc").build())
                .build();

        assertThat(TwilioMessageForms.of(request, SENDER)).containsExactly(
                Map.entry("To", "whatsapp:+31612345678"),
                Map.entry("From", SENDER),
                Map.entry("ContentSid", "HXcccccccccccccccccccccccccccccccc"));
    }

    @Test
    void locationIsABodyAndAGeoPersistentAction() {
        OutboundRequest request = toCustomer(OutboundType.LOCATION)
                .setLocation(Location.newBuilder().setLatitude(37.787890).setLongitude(-122.391664).setName("Twilio HQ")
                        .setAddress("375 Beale St").build())
                .build();

        assertThat(encode(request, SENDER, null)).isEqualTo("To=whatsapp%3A%2B31612345678&From=whatsapp%3A%2B14123456789"
                + "&Body=Twilio+HQ&PersistentAction=geo%3A37.78789%2C-122.391664%7C375+Beale+St");
    }

    @Test
    void aLocationWithoutNameIsNamedByItsAddressOrItsCoordinates() {
        OutboundRequest withAddress = toCustomer(OutboundType.LOCATION)
                .setLocation(Location.newBuilder().setLatitude(52.5).setLongitude(13.4).setAddress("Unter den Linden").build())
                .build();
        OutboundRequest bare = toCustomer(OutboundType.LOCATION)
                .setLocation(Location.newBuilder().setLatitude(-33.8688).setLongitude(151.2093).build()).build();

        assertThat(TwilioMessageForms.of(withAddress, SENDER)).endsWith(
                Map.entry("Body", "Unter den Linden"), Map.entry("PersistentAction", "geo:52.5,13.4"));
        assertThat(TwilioMessageForms.of(bare, SENDER)).endsWith(
                Map.entry("Body", "-33.8688,151.2093"), Map.entry("PersistentAction", "geo:-33.8688,151.2093"));
    }

    @Test
    void audioAndStickersGoWithoutBody() {
        OutboundMedia media = OutboundMedia.newBuilder().setLink("https://example.com/v.ogg").setCaption("ignored").build();

        assertThat(TwilioMessageForms.of(toCustomer(OutboundType.AUDIO).setMedia(media).build(), SENDER))
                .endsWith(Map.entry("From", SENDER), Map.entry("MediaUrl", "https://example.com/v.ogg"));
        assertThat(TwilioMessageForms.of(toCustomer(OutboundType.STICKER).setMedia(media).build(), SENDER))
                .endsWith(Map.entry("From", SENDER), Map.entry("MediaUrl", "https://example.com/v.ogg"));
    }

    @Test
    void aQuoteAndThePreviewFlagHaveNoTwilioParameter() {
        OutboundRequest request = toCustomer(OutboundType.TEXT).setReplyToMessageId("SMquoted")
                .setText(OutboundText.newBuilder().setBody("https://example.com").setPreviewUrl(true).build()).build();

        assertThat(TwilioMessageForms.of(request, SENDER)).containsExactly(
                Map.entry("To", "whatsapp:+31612345678"), Map.entry("From", SENDER),
                Map.entry("Body", "https://example.com"));
    }

    @Test
    void unicodeIsPercentEncodedUtf8() {
        OutboundRequest request = toCustomer(OutboundType.TEXT)
                .setRecipient(Customer.newBuilder().setWaId("+31612345678").build())
                .setText(OutboundText.newBuilder().setBody("Grüße 👍 & =").build()).build();

        assertThat(encode(request, SENDER, null)).isEqualTo("To=whatsapp%3A%2B31612345678&From=whatsapp%3A%2B14123456789"
                + "&Body=Gr%C3%BC%C3%9Fe+%F0%9F%91%8D+%26+%3D");
    }

    @ParameterizedTest
    @EnumSource(value = OutboundType.class, names = {"REACTION", "INTERACTIVE", "CONTACTS", "MARK_READ", "UNKNOWN"})
    void whatTheMessagesApiCannotCarryIsRefused(OutboundType type) {
        OutboundRequest request = toCustomer(type)
                .setReaction(Reaction.newBuilder().setMessageId("SMx").setEmoji("👍").build())
                .setInteractiveJson("{\"type\":\"button\"}")
                .setMarkRead(MarkRead.newBuilder().setMessageId("SMx").build())
                .build();

        assertThatThrownBy(() -> TwilioMessageForms.of(request, SENDER)).isInstanceOf(UnsendableRequestException.class);
    }

    @Test
    void mediaByMetaIdIsRefused() {
        OutboundRequest request = toCustomer(OutboundType.IMAGE)
                .setMedia(OutboundMedia.newBuilder().setId("1003383421387256").build()).build();

        assertThatThrownBy(() -> TwilioMessageForms.of(request, SENDER))
                .isInstanceOf(UnsendableRequestException.class)
                .hasMessageContaining("public URL only")
                .extracting(e -> ((UnsendableRequestException) e).title())
                .isEqualTo("media by id not supported by the Twilio channel");
    }

    @Test
    void aTemplateWithoutContentSidIsRefused() {
        OutboundRequest request = toCustomer(OutboundType.TEMPLATE)
                .setTemplate(OutboundTemplate.newBuilder().setName("order_update").setLanguage("en_US")
                        .setComponentsJson("[]").build())
                .build();

        assertThatThrownBy(() -> TwilioMessageForms.of(request, SENDER))
                .isInstanceOf(UnsendableRequestException.class).hasMessageContaining("Content SID");
    }

    @Test
    void aCustomerWithoutPhoneNumberIsRefused() {
        OutboundRequest request = toCustomer(OutboundType.TEXT).setRecipient(Customer.newBuilder().setUserId(BSUID).build())
                .setText(OutboundText.newBuilder().setBody("Hello").build()).build();

        assertThatThrownBy(() -> TwilioMessageForms.of(request, SENDER))
                .isInstanceOf(UnsendableRequestException.class).hasMessageContaining("phone number");
    }

    private static OutboundRequest.Builder toCustomer(OutboundType type) {
        return request(type).setRecipient(Customer.newBuilder().setWaId(CUSTOMER).build());
    }

    private static String encode(OutboundRequest request, String from, String statusCallback) {
        List<Map.Entry<String, String>> form = TwilioMessageForms.of(request, from, statusCallback);
        return TwilioMessageForms.encode(form);
    }
}
