package dev.switchboard.ticket.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.switchboard.events.Customer;
import dev.switchboard.events.OutboundKind;
import dev.switchboard.events.OutboundRequest;
import dev.switchboard.events.OutboundType;
import dev.switchboard.events.SharedContact;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A valid example of every content type passes validation and maps onto a complete OutboundRequest. */
class OutboundContentTest {

    static JsonNode json(String text) {
        return JsonMapper.shared().readTree(text);
    }

    /** A full request (all required fields), so that {@code build()} makes Avro check the mapped content. */
    static OutboundRequest send(JsonNode content) {
        assertThat(OutboundContent.validate(content)).isEmpty();
        OutboundRequest.Builder request = OutboundRequest.newBuilder()
                .setRequestId("req-1")
                .setKind(OutboundKind.AGENT_REPLY)
                .setChannelId("demo")
                .setRecipient(Customer.newBuilder().setWaId("16505551234").build())
                .setRequestedAt(Instant.parse("2026-03-01T10:15:30Z"));
        OutboundContent.applyTo(content, request);
        return request.build();
    }

    @Test
    void text() {
        JsonNode content = json("""
                {"type":"text","text":"Your order ships today: https://example.com/o/1","previewUrl":true,
                 "replyToMessageId":"wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA="}""");

        OutboundRequest request = send(content);

        assertThat(request.getType()).isEqualTo(OutboundType.TEXT);
        assertThat(request.getText().getBody()).isEqualTo("Your order ships today: https://example.com/o/1");
        assertThat(request.getText().getPreviewUrl()).isTrue();
        assertThat(request.getReplyToMessageId())
                .isEqualTo("wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=");
        assertThat(request.getTemplate()).isNull();
        assertThat(request.getMedia()).isNull();
        assertThat(OutboundContent.type(content)).isEqualTo("text");
        assertThat(OutboundContent.isTemplate(content)).isFalse();
        assertThat(OutboundContent.summary(content)).isEqualTo("Your order ships today: https://example.com/o/1");
    }

    @Test
    void textWithoutPreviewOrQuote() {
        OutboundRequest request = send(json("{\"type\":\"text\",\"text\":\"Hi\"}"));

        assertThat(request.getText().getPreviewUrl()).isFalse();
        assertThat(request.getReplyToMessageId()).isNull();
    }

    @Test
    void cloudApiTemplateWithComponents() {
        JsonNode content = json("""
                {"type":"template","template":{"name":"order_update_2","language":{"code":"en_US","policy":"deterministic"},
                 "components":[
                  {"type":"header","parameters":[{"type":"image","image":{"link":"https://example.com/banner.png"}}]},
                  {"type":"body","parameters":[{"type":"text","text":"Jane"},
                    {"type":"currency","currency":{"fallback_value":"$100.99","code":"USD","amount_1000":100990}},
                    {"type":"date_time","date_time":{"fallback_value":"February 25, 1977"}}]},
                  {"type":"button","sub_type":"quick_reply","index":"0","parameters":[{"type":"payload","payload":"stop"}]},
                  {"type":"button","sub_type":"url","index":1,"parameters":[{"type":"text","text":"o/1"}]}]}}""");

        OutboundRequest request = send(content);

        assertThat(request.getType()).isEqualTo(OutboundType.TEMPLATE);
        assertThat(request.getTemplate().getName()).isEqualTo("order_update_2");
        assertThat(request.getTemplate().getLanguage()).isEqualTo("en_US");
        assertThat(json(request.getTemplate().getComponentsJson())).isEqualTo(content.get("template").get("components"));
        assertThat(request.getTemplate().getContentSid()).isNull();
        assertThat(request.getTemplate().getContentVariables()).isEmpty();
        assertThat(OutboundContent.isTemplate(content)).isTrue();
        assertThat(OutboundContent.summary(content)).isEqualTo("template order_update_2");
    }

    @Test
    void cloudApiTemplateWithoutParameters() {
        JsonNode content = json("{\"type\":\"template\",\"template\":{\"name\":\"hello_world\",\"language\":\"en_US\"}}");

        OutboundRequest request = send(content);

        assertThat(request.getTemplate().getName()).isEqualTo("hello_world");
        assertThat(request.getTemplate().getLanguage()).isEqualTo("en_US");
        assertThat(request.getTemplate().getComponentsJson()).isNull();
    }

    @Test
    void twilioContentTemplate() {
        JsonNode content = json("""
                {"type":"template","template":{"contentSid":"HXb5b62575e6e4ff6129ad7c8efe1f983e",
                 "contentVariables":{"1":"Jane","2":"12345"}}}""");

        OutboundRequest request = send(content);

        assertThat(request.getType()).isEqualTo(OutboundType.TEMPLATE);
        assertThat(request.getTemplate().getContentSid()).isEqualTo("HXb5b62575e6e4ff6129ad7c8efe1f983e");
        assertThat(request.getTemplate().getContentVariables()).isEqualTo(Map.of("1", "Jane", "2", "12345"));
        assertThat(request.getTemplate().getName()).isEqualTo("HXb5b62575e6e4ff6129ad7c8efe1f983e");
        assertThat(request.getTemplate().getLanguage()).isEmpty();
        assertThat(request.getTemplate().getComponentsJson()).isNull();
        assertThat(OutboundContent.summary(content)).isEqualTo("template HXb5b62575e6e4ff6129ad7c8efe1f983e");
    }

    @Test
    void twilioContentTemplateWithItsFriendlyName() {
        OutboundRequest request = send(json("""
                {"type":"template","template":{"contentSid":"HXb5b62575e6e4ff6129ad7c8efe1f983e","name":"Order Update",
                 "language":"en"}}"""));

        assertThat(request.getTemplate().getName()).isEqualTo("Order Update");
        assertThat(request.getTemplate().getLanguage()).isEqualTo("en");
    }

    @Test
    void interactiveReplyButtons() {
        JsonNode content = json("""
                {"type":"interactive","replyToMessageId":"wamid.1","interactive":{"type":"button",
                 "header":{"type":"image","image":{"id":"2762702990552401"}},
                 "body":{"text":"Reschedule your workshop?"},"footer":{"text":"Lucky Shrub"},
                 "action":{"buttons":[{"type":"reply","reply":{"id":"change-button","title":"Change"}},
                                      {"type":"reply","reply":{"id":"cancel-button","title":"Cancel"}}]}}}""");

        OutboundRequest request = send(content);

        assertThat(request.getType()).isEqualTo(OutboundType.INTERACTIVE);
        assertThat(json(request.getInteractiveJson())).isEqualTo(content.get("interactive"));
        assertThat(request.getReplyToMessageId()).isEqualTo("wamid.1");
        assertThat(OutboundContent.summary(content)).isEqualTo("Reschedule your workshop?");
    }

    @Test
    void interactiveList() {
        JsonNode content = json("""
                {"type":"interactive","interactive":{"type":"list",
                 "header":{"type":"text","text":"Shipping"},"body":{"text":"Which shipping option?"},
                 "footer":{"text":"Prices include tax"},
                 "action":{"button":"Shipping options","sections":[
                   {"title":"I want it ASAP!","rows":[
                     {"id":"priority_express","title":"Priority Mail Express","description":"Next Day to 2 Days"},
                     {"id":"priority_mail","title":"Priority Mail","description":"1–3 Days"}]},
                   {"title":"I can wait a bit","rows":[{"id":"ground_advantage","title":"Ground Advantage"}]}]}}}""");

        OutboundRequest request = send(content);

        assertThat(request.getType()).isEqualTo(OutboundType.INTERACTIVE);
        assertThat(json(request.getInteractiveJson())).isEqualTo(content.get("interactive"));
        assertThat(OutboundContent.summary(content)).isEqualTo("Which shipping option?");
    }

    @Test
    void interactiveCtaUrl() {
        JsonNode content = json("""
                {"type":"interactive","interactive":{"type":"cta_url",
                 "header":{"type":"text","text":"New workshop dates announced!"},
                 "body":{"text":"Tap the button below to see available dates."},
                 "action":{"name":"cta_url","parameters":{"display_text":"See Dates",
                   "url":"https://www.luckyshrub.com?clickID=kqDGWd24Q5TRwoEQTICY7W1JKoXvaZOXWAS7h1P76s0R7Paec4"}},
                 "footer":{"text":"Dates subject to change."}}}""");

        OutboundRequest request = send(content);

        assertThat(json(request.getInteractiveJson())).isEqualTo(content.get("interactive"));
    }

    @Test
    void otherInteractiveTypes() {
        send(json("""
                {"type":"interactive","interactive":{"type":"location_request_message","body":{"text":"Where are you?"},
                 "action":{"name":"send_location"}}}"""));
        send(json("""
                {"type":"interactive","interactive":{"type":"product",
                 "action":{"catalog_id":"194836987003835","product_retailer_id":"di9ozbzfi4"}}}"""));
        send(json("""
                {"type":"interactive","interactive":{"type":"product_list","header":{"type":"text","text":"Summer"},
                 "body":{"text":"Our picks"},"action":{"catalog_id":"194836987003835","sections":[
                   {"title":"Succulents","product_items":[{"product_retailer_id":"di9ozbzfi4"}]},
                   {"title":"Cacti","product_items":[{"product_retailer_id":"nqryix03ez"}]}]}}}"""));
        send(json("""
                {"type":"interactive","interactive":{"type":"flow","body":{"text":"Book a table"},
                 "action":{"name":"flow","parameters":{"flow_message_version":"3","flow_id":"1234","flow_cta":"Book"}}}}"""));
        JsonNode product = json("""
                {"type":"interactive","interactive":{"type":"product",
                 "action":{"catalog_id":"194836987003835","product_retailer_id":"di9ozbzfi4"}}}""");
        assertThat(OutboundContent.summary(product)).isEqualTo("[interactive product]");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # content | type | link | id | caption | filename | summary
            {"type":"image","media":{"link":"https://luckyshrub.com/aloe.png","caption":"The best succulent ever?"}} \
                | IMAGE | https://luckyshrub.com/aloe.png | - | The best succulent ever? | - | The best succulent ever?
            {"type":"audio","media":{"id":"1013859600285441"}} \
                | AUDIO | - | 1013859600285441 | - | - | [audio]
            {"type":"video","media":{"link":"http://example.com/v.mp4","caption":"Unboxing"}} \
                | VIDEO | http://example.com/v.mp4 | - | Unboxing | - | Unboxing
            {"type":"document","media":{"id":"1013859600285441","filename":"lucky-shrub-invoice.pdf"}} \
                | DOCUMENT | - | 1013859600285441 | - | lucky-shrub-invoice.pdf | lucky-shrub-invoice.pdf
            {"type":"sticker","media":{"id":"798882015472548"}} \
                | STICKER | - | 798882015472548 | - | - | [sticker]
            """)
    void media(String json, OutboundType type, String link, String id, String caption, String filename, String summary) {
        JsonNode content = json(json);

        OutboundRequest request = send(content);

        assertThat(request.getType()).isEqualTo(type);
        assertThat(request.getMedia().getLink()).isEqualTo(link);
        assertThat(request.getMedia().getId()).isEqualTo(id);
        assertThat(request.getMedia().getCaption()).isEqualTo(caption);
        assertThat(request.getMedia().getFilename()).isEqualTo(filename);
        assertThat(OutboundContent.summary(content)).isEqualTo(summary);
    }

    @Test
    void location() {
        JsonNode content = json("""
                {"type":"location","location":{"latitude":37.44216251868683,"longitude":-122.16153582049394,
                 "name":"Philz Coffee","address":"101 Forest Ave, Palo Alto, CA 94301"}}""");

        OutboundRequest request = send(content);

        assertThat(request.getType()).isEqualTo(OutboundType.LOCATION);
        assertThat(request.getLocation().getLatitude()).isEqualTo(37.44216251868683);
        assertThat(request.getLocation().getLongitude()).isEqualTo(-122.16153582049394);
        assertThat(request.getLocation().getName()).isEqualTo("Philz Coffee");
        assertThat(request.getLocation().getAddress()).isEqualTo("101 Forest Ave, Palo Alto, CA 94301");
        assertThat(OutboundContent.summary(content)).isEqualTo("location Philz Coffee");
    }

    @Test
    void locationWithoutNameAndWithQuotedCoordinates() {
        // Meta's own examples quote the coordinates
        JsonNode content = json("{\"type\":\"location\",\"location\":{\"latitude\":\"12.25089\",\"longitude\":43.90539}}");

        OutboundRequest request = send(content);

        assertThat(request.getLocation().getLatitude()).isEqualTo(12.25089);
        assertThat(OutboundContent.summary(content)).isEqualTo("location 12.25089,43.90539");
    }

    @Test
    void contacts() {
        JsonNode content = json("""
                {"type":"contacts","contacts":[{
                  "addresses":[{"street":"1 Hacker Way","city":"Menlo Park","state":"CA","zip":"94025",
                                "country":"United States","country_code":"us","type":"HOME"}],
                  "birthday":"2012-08-18",
                  "emails":[{"email":"test@fb.com","type":"WORK"}],
                  "name":{"formatted_name":"John Smith","first_name":"John","last_name":"Smith","middle_name":"D.",
                          "prefix":"Dr","suffix":"Jr"},
                  "org":{"company":"WhatsApp","department":"Design","title":"Manager"},
                  "phones":[{"phone":"+1 (940) 555-1234","type":"HOME"},
                            {"phone":"+1 (650) 555-1234","type":"WORK","wa_id":"16505551234"}],
                  "urls":[{"url":"https://www.facebook.com","type":"WORK"}]},
                 {"name":{"formatted_name":"Lucía Gómez","first_name":"Lucía"}}]}""");

        OutboundRequest request = send(content);

        assertThat(request.getType()).isEqualTo(OutboundType.CONTACTS);
        assertThat(request.getContacts()).hasSize(2);
        SharedContact john = request.getContacts().get(0);
        assertThat(john.getName().getFormattedName()).isEqualTo("John Smith");
        assertThat(john.getName().getPrefix()).isEqualTo("Dr");
        assertThat(john.getName().getSuffix()).isEqualTo("Jr");
        assertThat(john.getPhones()).hasSize(2);
        assertThat(john.getPhones().get(1).getWaId()).isEqualTo("16505551234");
        assertThat(john.getPhones().get(1).getType()).isEqualTo("WORK");
        assertThat(john.getEmails().get(0).getEmail()).isEqualTo("test@fb.com");
        assertThat(john.getUrls().get(0).getUrl()).isEqualTo("https://www.facebook.com");
        assertThat(john.getAddresses().get(0).getCountryCode()).isEqualTo("us");
        assertThat(john.getAddresses().get(0).getZip()).isEqualTo("94025");
        assertThat(john.getCompany()).isEqualTo("WhatsApp");
        assertThat(john.getDepartment()).isEqualTo("Design");
        assertThat(john.getTitle()).isEqualTo("Manager");
        assertThat(john.getBirthday()).isEqualTo("2012-08-18");
        assertThat(request.getContacts().get(1).getPhones()).isEmpty();
        assertThat(OutboundContent.summary(content)).isEqualTo("contacts John Smith, Lucía Gómez");
    }

    @Test
    void reaction() {
        JsonNode content = json("""
                {"type":"reaction","reaction":{"messageId":"wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=",
                 "emoji":"👍🏽"}}""");

        OutboundRequest request = send(content);

        assertThat(request.getType()).isEqualTo(OutboundType.REACTION);
        assertThat(request.getReaction().getMessageId())
                .isEqualTo("wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=");
        assertThat(request.getReaction().getEmoji()).isEqualTo("👍🏽");
        assertThat(OutboundContent.summary(content)).isEqualTo("👍🏽");
    }

    @Test
    void anEmptyEmojiRemovesTheReaction() {
        JsonNode content = json("{\"type\":\"reaction\",\"reaction\":{\"messageId\":\"wamid.1\",\"emoji\":\"\"}}");

        OutboundRequest request = send(content);

        assertThat(request.getReaction().getEmoji()).isEmpty();
        assertThat(OutboundContent.summary(content)).isEqualTo("reaction removed");
    }

    @Test
    void aReusedBuilderCarriesOnlyTheNewContent() {
        OutboundRequest.Builder request = OutboundRequest.newBuilder()
                .setRequestId("req-2")
                .setKind(OutboundKind.AGENT_REPLY)
                .setChannelId("demo")
                .setRecipient(Customer.newBuilder().setWaId("16505551234").build())
                .setRequestedAt(Instant.parse("2026-03-01T10:15:30Z"));
        OutboundContent.applyTo(json("{\"type\":\"text\",\"text\":\"first\",\"replyToMessageId\":\"wamid.1\"}"), request);

        OutboundContent.applyTo(json("{\"type\":\"sticker\",\"media\":{\"id\":\"1\"}}"), request);

        OutboundRequest built = request.build();
        assertThat(built.getType()).isEqualTo(OutboundType.STICKER);
        assertThat(built.getText()).isNull();
        assertThat(built.getReplyToMessageId()).isNull();
    }

    @Test
    void applyToRefusesInvalidContent() {
        OutboundRequest.Builder request = OutboundRequest.newBuilder();

        assertThatThrownBy(() -> OutboundContent.applyTo(json("{\"type\":\"text\",\"text\":\"\"}"), request))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("text: must not be blank");
    }

    @Test
    void summariesAreOneLine() {
        assertThat(OutboundContent.summary(json("{\"type\":\"text\",\"text\":\"Hello\\r\\n\\n  Jane,\\nsee you\"}")))
                .isEqualTo("Hello Jane, see you");
        assertThat(OutboundContent.summary(json("""
                {"type":"interactive","interactive":{"type":"button","body":{"text":"Pick\\none"},"action":{}}}""")))
                .isEqualTo("Pick one");
    }

    @Test
    void typeAndSummaryOfGarbageNeverThrow() {
        for (String garbage : new String[] {"null", "42", "\"text\"", "[]", "{}", "{\"type\":7}",
                "{\"type\":\"text\",\"text\":[1]}", "{\"type\":\"image\",\"media\":[]}", "{\"type\":\"location\"}",
                "{\"type\":\"location\",\"location\":{\"latitude\":{}}}", "{\"type\":\"contacts\",\"contacts\":[1,{}]}",
                "{\"type\":\"reaction\",\"reaction\":\"x\"}", "{\"type\":\"template\",\"template\":[]}",
                "{\"type\":\"interactive\",\"interactive\":{\"body\":[]}}", "{\"type\":\"poll\"}"}) {
            JsonNode content = json(garbage);
            assertThat(OutboundContent.summary(content)).as(garbage).isNotNull();
            assertThat(OutboundContent.type(content)).as(garbage).isIn(null, "text", "image", "location", "contacts",
                    "reaction", "template", "interactive", "poll");
        }
        assertThat(OutboundContent.summary(null)).isEmpty();
        assertThat(OutboundContent.type(null)).isNull();
        assertThat(OutboundContent.type(json("{\"type\":7}"))).isNull();
        assertThat(OutboundContent.isTemplate(json("[\"template\"]"))).isFalse();
        // isTemplate only reads the type: validate() says whether the template itself is sendable
        assertThat(OutboundContent.isTemplate(json("{\"type\":\"template\",\"template\":[]}"))).isTrue();
        assertThat(OutboundContent.summary(json("{\"type\":\"poll\"}"))).isEqualTo("[poll]");
        assertThat(OutboundContent.summary(json("{\"type\":\"image\",\"media\":[]}"))).isEqualTo("[image]");
    }
}
