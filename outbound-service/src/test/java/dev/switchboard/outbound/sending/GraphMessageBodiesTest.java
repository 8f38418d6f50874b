package dev.switchboard.outbound.sending;

import static dev.switchboard.outbound.sending.SendingFixtures.BSUID;
import static dev.switchboard.outbound.sending.SendingFixtures.JSON;
import static dev.switchboard.outbound.sending.SendingFixtures.REQUEST_ID;
import static dev.switchboard.outbound.sending.SendingFixtures.WA_ID;
import static dev.switchboard.outbound.sending.SendingFixtures.meta;
import static dev.switchboard.outbound.sending.SendingFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.json.JSONException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.skyscreamer.jsonassert.JSONAssert;
import org.skyscreamer.jsonassert.JSONCompareMode;

import dev.switchboard.events.ContactAddress;
import dev.switchboard.events.ContactEmail;
import dev.switchboard.events.ContactName;
import dev.switchboard.events.ContactPhone;
import dev.switchboard.events.ContactUrl;
import dev.switchboard.events.Customer;
import dev.switchboard.events.Location;
import dev.switchboard.events.MarkRead;
import dev.switchboard.events.OutboundMedia;
import dev.switchboard.events.OutboundRequest;
import dev.switchboard.events.OutboundTemplate;
import dev.switchboard.events.OutboundText;
import dev.switchboard.events.OutboundType;
import dev.switchboard.events.Reaction;
import dev.switchboard.events.SharedContact;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every send type's body against Meta's own OpenAPI request examples (fixtures/meta/send-*.json). Our bodies add
 * {@code biz_opaque_callback_data} (the request id) to every message; two examples leave out the optional
 * {@code recipient_type} (and one {@code type}, which defaults to text), which we always send: each test says what it
 * adds to the verbatim example.
 */
class GraphMessageBodiesTest {

    // ------------------------------------------------------------------ every type against Meta's examples

    @Test
    void text() {
        OutboundRequest request = request(OutboundType.TEXT)
                .setText(OutboundText.newBuilder().setBody("text-message-content").setPreviewUrl(false).build()).build();

        assertSameJson(GraphMessageBodies.of(request), message("send-text.json"));
    }

    @Test
    void textWithLinkPreview() {
        OutboundRequest request = request(OutboundType.TEXT)
                .setText(OutboundText.newBuilder().setBody("Please visit https://youtu.be/hpltvTEiRrY.").setPreviewUrl(true)
                        .build())
                .build();
        ObjectNode expected = message("send-text-preview-url.json");
        // Meta's example omits both; recipient_type is optional and type defaults to "text".
        expected.put("recipient_type", "individual");
        expected.put("type", "text");

        assertSameJson(GraphMessageBodies.of(request), expected);
    }

    @Test
    void textQuotingAMessage() {
        OutboundRequest request = request(OutboundType.TEXT)
                .setText(OutboundText.newBuilder().setBody("<TEXT_MSG_CONTENT>").build())
                .setReplyToMessageId("<MSGID_OF_PREV_MSG>")
                .build();

        assertSameJson(GraphMessageBodies.of(request), message("send-text-reply-context.json"));
    }

    @Test
    void templateWithBodyParameters() {
        assertSameJson(GraphMessageBodies.of(template("send-template-text.json")), message("send-template-text.json"));
    }

    @Test
    void templateWithAMediaHeader() {
        assertSameJson(GraphMessageBodies.of(template("send-template-media-header.json")),
                message("send-template-media-header.json"));
    }

    @Test
    void templateWithQuickReplyButtons() {
        assertSameJson(GraphMessageBodies.of(template("send-template-quick-reply-buttons.json")),
                message("send-template-quick-reply-buttons.json"));
    }

    @Test
    void templateWithoutParametersHasNoComponents() {
        OutboundRequest request = request(OutboundType.TEMPLATE)
                .setTemplate(OutboundTemplate.newBuilder().setName("hello_world").setLanguage("en_US").build())
                .build();

        assertSameJson(GraphMessageBodies.of(request), JSON.readTree("""
                {"messaging_product":"whatsapp","recipient_type":"individual","to":"16505551234","type":"template",
                 "template":{"name":"hello_world","language":{"code":"en_US"}},
                 "biz_opaque_callback_data":"%s"}""".formatted(REQUEST_ID)));
    }

    @Test
    void interactiveReplyButtons() {
        assertSameJson(GraphMessageBodies.of(interactive("send-interactive-reply-buttons.json")),
                message("send-interactive-reply-buttons.json"));
    }

    @Test
    void interactiveList() {
        assertSameJson(GraphMessageBodies.of(interactive("send-interactive-list.json")),
                message("send-interactive-list.json"));
    }

    @Test
    void imageById() {
        OutboundRequest request = media(OutboundType.IMAGE, OutboundMedia.newBuilder().setId("<IMAGE_OBJECT_ID>"));

        assertSameJson(GraphMessageBodies.of(request), message("send-image-by-id.json"));
    }

    @Test
    void imageByLink() {
        OutboundRequest request = media(OutboundType.IMAGE, OutboundMedia.newBuilder().setLink("http(s)://image-url"));

        assertSameJson(GraphMessageBodies.of(request), message("send-image-by-link.json"));
    }

    @Test
    void audioByLink() {
        OutboundRequest request = media(OutboundType.AUDIO, OutboundMedia.newBuilder().setLink("<http(s)://audio-url>"));

        assertSameJson(GraphMessageBodies.of(request), message("send-audio-by-link.json"));
    }

    @Test
    void videoByLinkWithCaption() {
        OutboundRequest request = media(OutboundType.VIDEO,
                OutboundMedia.newBuilder().setLink("<http(s)://video-url>").setCaption("<VIDEO_CAPTION_TEXT>"));

        assertSameJson(GraphMessageBodies.of(request), message("send-video-by-link.json"));
    }

    @Test
    void documentByIdWithCaptionAndFilename() {
        OutboundRequest request = media(OutboundType.DOCUMENT, OutboundMedia.newBuilder().setId("<DOCUMENT_OBJECT_ID>")
                .setCaption("<DOCUMENT_CAPTION_TO_SEND>").setFilename("<DOCUMENT_FILENAME>"));

        assertSameJson(GraphMessageBodies.of(request), message("send-document-by-id.json"));
    }

    @Test
    void documentByLinkWithCaption() {
        OutboundRequest request = media(OutboundType.DOCUMENT,
                OutboundMedia.newBuilder().setLink("<http(s)://document-url>").setCaption("<DOCUMENT-CAPTION-TEXT>"));

        assertSameJson(GraphMessageBodies.of(request), message("send-document-by-link.json"));
    }

    @Test
    void stickerById() {
        OutboundRequest request = media(OutboundType.STICKER, OutboundMedia.newBuilder().setId("<MEDIA_OBJECT_ID>"));

        assertSameJson(GraphMessageBodies.of(request), message("send-sticker-by-id.json"));
    }

    @Test
    void location() {
        OutboundRequest request = request(OutboundType.LOCATION)
                .setLocation(Location.newBuilder().setLatitude(37.758056).setLongitude(-122.425332).setName("META HQ")
                        .setAddress("1 Hacker Way, Menlo Park, CA 94025").build())
                .build();

        assertSameJson(GraphMessageBodies.of(request), message("send-location.json"));
    }

    @Test
    void contacts() {
        SharedContact contact = SharedContact.newBuilder()
                .setName(ContactName.newBuilder().setFormattedName("John Smith").setFirstName("John").setLastName("Smith")
                        .setMiddleName("D.").setPrefix("Dr").setSuffix("Jr").build())
                .setPhones(List.of(
                        ContactPhone.newBuilder().setPhone("+1 (940) 555-1234").setType("HOME").build(),
                        ContactPhone.newBuilder().setPhone("+1 (650) 555-1234").setType("WORK").setWaId("16505551234").build()))
                .setEmails(List.of(
                        ContactEmail.newBuilder().setEmail("test@fb.com").setType("WORK").build(),
                        ContactEmail.newBuilder().setEmail("test@whatsapp.com").setType("HOME").build()))
                .setUrls(List.of(
                        ContactUrl.newBuilder().setUrl("https://www.facebook.com").setType("WORK").build(),
                        ContactUrl.newBuilder().setUrl("https://www.whatsapp.com").setType("HOME").build()))
                .setAddresses(List.of(
                        address("1 Hacker Way", "HOME"),
                        address("200 Jefferson Dr", "WORK")))
                .setCompany("WhatsApp").setDepartment("Design").setTitle("Manager")
                .setBirthday("2012-08-18")
                .build();
        OutboundRequest request = request(OutboundType.CONTACTS).setContacts(List.of(contact)).build();
        ObjectNode expected = message("send-contacts.json");
        // Meta's example omits the optional recipient_type.
        expected.put("recipient_type", "individual");

        assertSameJson(GraphMessageBodies.of(request), expected);
    }

    @Test
    void reaction() {
        OutboundRequest request = request(OutboundType.REACTION)
                .setReaction(Reaction.newBuilder().setMessageId("wamid.HBgLM...").setEmoji("😀").build()).build();

        assertSameJson(GraphMessageBodies.of(request), message("send-reaction.json"));
    }

    @Test
    void markRead() {
        OutboundRequest request = request(OutboundType.MARK_READ)
                .setMarkRead(MarkRead.newBuilder()
                        .setMessageId("wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJDQjZCMzlEQUE4OTJBMTE4RTUA").build())
                .build();

        // Not a message: no recipient, no type, no callback data.
        assertSameJson(GraphMessageBodies.of(request), meta("send-mark-read.json"));
    }

    @Test
    void markReadWithTypingIndicator() {
        OutboundRequest request = request(OutboundType.MARK_READ)
                .setMarkRead(MarkRead.newBuilder()
                        .setMessageId("wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUYzMjEzNDM2RTZGQ0MzMDJBRgA=")
                        .setTypingIndicator(true).build())
                .build();

        assertSameJson(GraphMessageBodies.of(request), meta("send-mark-read-with-typing-indicator.json"));
    }

    // ------------------------------------------------------------------ details

    @Test
    void anEmptyEmojiRemovesTheReaction() {
        OutboundRequest request = request(OutboundType.REACTION)
                .setReaction(Reaction.newBuilder().setMessageId("wamid.HBgLM...").setEmoji(null).build()).build();

        assertThat(GraphMessageBodies.of(request).get("reaction").get("emoji").stringValue()).isEmpty();
    }

    @Test
    void aReactionCarriesNoQuoteEvenWhenAsked() {
        OutboundRequest request = request(OutboundType.REACTION).setReplyToMessageId("wamid.OTHER")
                .setReaction(Reaction.newBuilder().setMessageId("wamid.HBgLM...").setEmoji("😀").build()).build();

        assertThat(GraphMessageBodies.of(request).has("context")).isFalse();
    }

    @Test
    void mediaCanQuoteAMessageToo() {
        OutboundRequest request = request(OutboundType.IMAGE).setReplyToMessageId("wamid.QUOTED")
                .setMedia(OutboundMedia.newBuilder().setLink("https://example.com/a.png").setCaption("see").build())
                .build();

        assertThat(GraphMessageBodies.of(request).get("context")).isEqualTo(JSON.readTree("{\"message_id\":\"wamid.QUOTED\"}"));
    }

    @Test
    void aCustomerKnownOnlyByBusinessScopedUserIdIsTheRecipient() {
        OutboundRequest request = request(OutboundType.TEXT)
                .setRecipient(Customer.newBuilder().setUserId(BSUID).setUsername("@sheena").build())
                .setText(OutboundText.newBuilder().setBody("Hello").build()).build();

        ObjectNode body = GraphMessageBodies.of(request);

        assertThat(body.get("recipient").stringValue()).isEqualTo(BSUID);
        assertThat(body.has("to")).isFalse();
    }

    @Test
    void theParentBusinessScopedUserIdWhenThatIsAllThereIs() {
        OutboundRequest request = request(OutboundType.TEXT)
                .setRecipient(Customer.newBuilder().setParentUserId("US.ENT.11815799212886844830").build())
                .setText(OutboundText.newBuilder().setBody("Hello").build()).build();

        assertThat(GraphMessageBodies.of(request).get("recipient").stringValue()).isEqualTo("US.ENT.11815799212886844830");
    }

    @Test
    void thePhoneNumberWinsWhenBothAreKnown() {
        // Meta recommends sending to the phone number when there is one (phone fields keep appearing in webhooks).
        OutboundRequest request = request(OutboundType.TEXT)
                .setRecipient(Customer.newBuilder().setWaId(WA_ID).setUserId(BSUID).build())
                .setText(OutboundText.newBuilder().setBody("Hello").build()).build();

        ObjectNode body = GraphMessageBodies.of(request);

        assertThat(body.get("to").stringValue()).isEqualTo(WA_ID);
        assertThat(body.has("recipient")).isFalse();
    }

    @Test
    void theRequestIdTravelsAsCallbackDataUpTo512Characters() {
        String longest = "r".repeat(512);
        OutboundRequest fits = request(OutboundType.TEXT).setRequestId(longest)
                .setText(OutboundText.newBuilder().setBody("Hello").build()).build();
        OutboundRequest tooLong = request(OutboundType.TEXT).setRequestId(longest + "r")
                .setText(OutboundText.newBuilder().setBody("Hello").build()).build();

        assertThat(GraphMessageBodies.of(fits).get("biz_opaque_callback_data").stringValue()).isEqualTo(longest);
        // Cut, it would correlate with the wrong request: left out instead.
        assertThat(GraphMessageBodies.of(tooLong).has("biz_opaque_callback_data")).isFalse();
    }

    @Test
    void audioAndStickersHaveNoCaptionAndOnlyDocumentsAFilename() {
        OutboundMedia.Builder media = OutboundMedia.newBuilder().setLink("https://example.com/m").setCaption("caption")
                .setFilename("file.bin");

        assertThat(GraphMessageBodies.of(media(OutboundType.AUDIO, media)).get("audio"))
                .isEqualTo(JSON.readTree("{\"link\":\"https://example.com/m\"}"));
        assertThat(GraphMessageBodies.of(media(OutboundType.STICKER, media)).get("sticker"))
                .isEqualTo(JSON.readTree("{\"link\":\"https://example.com/m\"}"));
        assertThat(GraphMessageBodies.of(media(OutboundType.IMAGE, media)).get("image"))
                .isEqualTo(JSON.readTree("{\"link\":\"https://example.com/m\",\"caption\":\"caption\"}"));
        assertThat(GraphMessageBodies.of(media(OutboundType.DOCUMENT, media)).get("document"))
                .isEqualTo(JSON.readTree("{\"link\":\"https://example.com/m\",\"caption\":\"caption\",\"filename\":\"file.bin\"}"));
    }

    @Test
    void anUploadedMediaIdWinsOverALink() {
        OutboundRequest request = media(OutboundType.IMAGE, OutboundMedia.newBuilder().setId("1003383421387256")
                .setLink("https://example.com/a.png"));

        assertThat(GraphMessageBodies.of(request).get("image")).isEqualTo(JSON.readTree("{\"id\":\"1003383421387256\"}"));
    }

    @Test
    void theJsonTextIsTheTreeWithUnicodeKept() {
        OutboundRequest request = request(OutboundType.TEXT)
                .setText(OutboundText.newBuilder().setBody("Grüße 👍").build()).build();

        String json = GraphMessageBodies.json(request);

        assertThat(json).contains("Grüße 👍");
        assertThat((Object) JSON.readTree(json)).isEqualTo(GraphMessageBodies.of(request));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            text without body               | TEXT
            template without name           | TEMPLATE
            interactive without object      | INTERACTIVE
            image without id or link        | IMAGE
            location without coordinates    | LOCATION
            contacts without any            | CONTACTS
            reaction without message        | REACTION
            mark-read without message       | MARK_READ
            unknown type                    | UNKNOWN
            """)
    void aRequestWithoutItsContentCannotBeSent(String name, OutboundType type) {
        assertThatThrownBy(() -> GraphMessageBodies.of(request(type).build()))
                .isInstanceOf(UnsendableRequestException.class);
    }

    @Test
    void malformedTemplateComponentsOrInteractiveJsonCannotBeSent() {
        OutboundTemplate.Builder template = OutboundTemplate.newBuilder().setName("t").setLanguage("en_US");

        assertThatThrownBy(() -> GraphMessageBodies.of(request(OutboundType.TEMPLATE)
                .setTemplate(template.setComponentsJson("[{\"type\":").build()).build()))
                .isInstanceOf(UnsendableRequestException.class).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> GraphMessageBodies.of(request(OutboundType.TEMPLATE)
                .setTemplate(template.setComponentsJson("{\"type\":\"body\"}").build()).build()))
                .isInstanceOf(UnsendableRequestException.class).hasMessageContaining("must be a JSON array");
        assertThatThrownBy(() -> GraphMessageBodies.of(request(OutboundType.TEMPLATE)
                .setTemplate(OutboundTemplate.newBuilder().setName("t").setLanguage("").build()).build()))
                .isInstanceOf(UnsendableRequestException.class).hasMessageContaining("language");
        assertThatThrownBy(() -> GraphMessageBodies.of(request(OutboundType.INTERACTIVE)
                .setInteractiveJson("[1,2]").build()))
                .isInstanceOf(UnsendableRequestException.class).hasMessageContaining("JSON object");
    }

    @Test
    void aRecipientWithoutAnyIdCannotBeSent() {
        assertThatThrownBy(() -> GraphMessageBodies.of(request(OutboundType.TEXT)
                .setRecipient(Customer.newBuilder().setName("Sheena").build())
                .setText(OutboundText.newBuilder().setBody("Hello").build()).build()))
                .isInstanceOf(UnsendableRequestException.class).hasMessageContaining("neither a wa_id nor a user id");
    }

    @Test
    void aContactWithoutFormattedNameCannotBeSent() {
        SharedContact nameless = SharedContact.newBuilder().setName(ContactName.newBuilder().setFirstName("John").build())
                .build();

        assertThatThrownBy(() -> GraphMessageBodies.of(request(OutboundType.CONTACTS).setContacts(List.of(nameless)).build()))
                .isInstanceOf(UnsendableRequestException.class).hasMessageContaining("formatted_name");
    }

    // ------------------------------------------------------------------ helpers

    /** A message example: the fixture plus our callback data. */
    private static ObjectNode message(String fixture) {
        ObjectNode expected = meta(fixture);
        expected.put("biz_opaque_callback_data", REQUEST_ID);
        return expected;
    }

    /** A template request with the fixture's name, language and components. */
    private static OutboundRequest template(String fixture) {
        JsonNode template = meta(fixture).get("template");
        return request(OutboundType.TEMPLATE)
                .setTemplate(OutboundTemplate.newBuilder()
                        .setName(template.get("name").stringValue())
                        .setLanguage(template.get("language").get("code").stringValue())
                        .setComponentsJson(JSON.writeValueAsString(template.get("components")))
                        .build())
                .build();
    }

    private static OutboundRequest interactive(String fixture) {
        return request(OutboundType.INTERACTIVE)
                .setInteractiveJson(JSON.writeValueAsString(meta(fixture).get("interactive"))).build();
    }

    private static OutboundRequest media(OutboundType type, OutboundMedia.Builder media) {
        return request(type).setMedia(media.build()).build();
    }

    private static ContactAddress address(String street, String type) {
        return ContactAddress.newBuilder().setStreet(street).setCity("Menlo Park").setState("CA").setZip("94025")
                .setCountry("United States").setCountryCode("us").setType(type).build();
    }

    /** Equal as JSON trees (key order aside), with JSONAssert's readable diff when not. */
    static void assertSameJson(JsonNode actual, JsonNode expected) {
        try {
            JSONAssert.assertEquals(expected.toString(), actual.toString(), JSONCompareMode.STRICT);
        } catch (JSONException e) {
            throw new AssertionError(e);
        }
        assertThat((Object) actual).isEqualTo(expected);
    }
}
