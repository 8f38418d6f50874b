package dev.switchboard.ticket.content;

import static dev.switchboard.ticket.content.OutboundContentTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Each WhatsApp limit at its boundary passes, one over fails at the right field; garbage never throws. */
class OutboundContentValidationTest {

    private static final JsonMapper JSON = JsonMapper.shared();

    /** The fields that have problems (validation must not throw, whatever it gets). */
    static List<String> fields(JsonNode content) {
        return OutboundContent.validate(content).stream().map(FieldProblem::field).toList();
    }

    static ObjectNode text(String body) {
        return JSON.createObjectNode().put("type", "text").put("text", body);
    }

    static ObjectNode media(String type, String media) {
        return (ObjectNode) json("{\"type\":\"" + type + "\",\"media\":" + media + "}");
    }

    static String quote(String value) {
        return JSON.writeValueAsString(value);
    }

    /** Reply buttons with the given titles; ids b0, b1, … */
    static JsonNode buttons(String... titles) {
        String buttons = IntStream.range(0, titles.length)
                .mapToObj(i -> "{\"type\":\"reply\",\"reply\":{\"id\":\"b" + i + "\",\"title\":" + quote(titles[i]) + "}}")
                .collect(Collectors.joining(","));
        return json("{\"type\":\"interactive\",\"interactive\":{\"type\":\"button\",\"body\":{\"text\":\"Pick one\"},"
                + "\"action\":{\"buttons\":[" + buttons + "]}}}");
    }

    /** A list message whose sections have the given numbers of rows; row ids r0, r1, … across sections. */
    static JsonNode list(int... rowsPerSection) {
        StringBuilder sections = new StringBuilder();
        int row = 0;
        for (int s = 0; s < rowsPerSection.length; s++) {
            StringBuilder rows = new StringBuilder();
            for (int r = 0; r < rowsPerSection[s]; r++, row++) {
                rows.append(r == 0 ? "" : ",").append("{\"id\":\"r").append(row).append("\",\"title\":\"Row ")
                        .append(row).append("\"}");
            }
            sections.append(s == 0 ? "" : ",").append("{\"title\":\"Section ").append(s).append("\",\"rows\":[")
                    .append(rows).append("]}");
        }
        return json("{\"type\":\"interactive\",\"interactive\":{\"type\":\"list\",\"body\":{\"text\":\"Choose\"},"
                + "\"action\":{\"button\":\"Options\",\"sections\":[" + sections + "]}}}");
    }

    static ObjectNode at(JsonNode content, String... path) {
        JsonNode node = content;
        for (String step : path) {
            node = step.matches("\\d+") ? node.get(Integer.parseInt(step)) : node.get(step);
        }
        return (ObjectNode) node;
    }

    /** {@code content} with the JSON {@code part} set at {@code path} (its last step names the field). */
    static JsonNode with(JsonNode content, String part, String... path) {
        at(content, Arrays.copyOf(path, path.length - 1)).set(path[path.length - 1], json(part));
        return content;
    }

    static JsonNode ctaUrlMessage(String displayText, String url) {
        return json("""
                {"type":"interactive","interactive":{"type":"cta_url","body":{"text":"See dates"},
                 "action":{"name":"cta_url","parameters":{"display_text":%s,"url":%s}}}}""".formatted(displayText, url));
    }

    static ObjectNode template(String template) {
        return (ObjectNode) json("{\"type\":\"template\",\"template\":" + template + "}");
    }

    static final String TWILIO_SID = "\"contentSid\":\"HX0123456789abcdef0123456789abcdef\"";

    /** Each length limit of {@link ContentLimits}: the field and a content holding the given value there. */
    static Stream<Arguments> lengthLimits() {
        String row = "interactive.action.sections[0].rows[0]";
        return Stream.of(
                limit("text", 4096, s -> text(s)),
                limit("media.caption", 1024, s -> media("image", "{\"id\":\"1\",\"caption\":" + quote(s) + "}")),
                limit("media.filename", 255, s -> media("document", "{\"id\":\"1\",\"filename\":" + quote(s) + "}")),
                limit("interactive.body.text", 1024, s -> with(buttons("Yes"), quote(s), "interactive", "body", "text")),
                limit("interactive.header.text", 60,
                        s -> with(buttons("Yes"), "{\"type\":\"text\",\"text\":" + quote(s) + "}", "interactive", "header")),
                limit("interactive.footer.text", 60,
                        s -> with(buttons("Yes"), "{\"text\":" + quote(s) + "}", "interactive", "footer")),
                limit("interactive.action.buttons[0].reply.title", 20, s -> buttons(s)),
                limit("interactive.action.buttons[0].reply.id", 256,
                        s -> with(buttons("Yes"), quote(s), "interactive", "action", "buttons", "0", "reply", "id")),
                limit("interactive.action.parameters.display_text", 20, s -> ctaUrlMessage(quote(s), quote("https://example.com/x"))),
                limit("interactive.action.button", 20, s -> with(list(1), quote(s), "interactive", "action", "button")),
                limit("interactive.action.sections[0].title", 24,
                        s -> with(list(1, 1), quote(s), "interactive", "action", "sections", "0", "title")),
                limit(row + ".id", 200, s -> with(list(1), quote(s), "interactive", "action", "sections", "0", "rows", "0", "id")),
                limit(row + ".title", 24,
                        s -> with(list(1), quote(s), "interactive", "action", "sections", "0", "rows", "0", "title")),
                limit(row + ".description", 72,
                        s -> with(list(1), quote(s), "interactive", "action", "sections", "0", "rows", "0", "description")),
                limit("template.name", 512, s -> template("{\"name\":" + quote(s) + ",\"language\":\"en\"}")),
                limit("template.contentVariables.1", 1600,
                        s -> template("{" + TWILIO_SID + ",\"contentVariables\":{\"1\":" + quote(s) + "}}")));
    }

    static Arguments limit(String field, int max, Function<String, JsonNode> content) {
        return Arguments.of(field, max, content);
    }

    @ParameterizedTest(name = "{0}: at most {1} characters")
    @MethodSource("lengthLimits")
    void eachLengthLimitPassesAtItsBoundaryAndFailsOneOver(String field, int max, Function<String, JsonNode> content) {
        assertThat(fields(content.apply("x".repeat(max)))).isEmpty();
        assertThat(OutboundContent.validate(content.apply("x".repeat(max + 1))))
                .containsExactly(new FieldProblem(field, "must be at most " + max + " characters (has " + (max + 1) + ")"));
    }

    @Nested
    class Text {

        @Test
        void emojiCountAsOneCharacterEach() {
            // 😀 is two UTF-16 units: 4096 of them are 8192 Java chars, yet 4096 characters for WhatsApp
            assertThat("😀".repeat(4096)).hasSize(8192);
            assertThat(fields(text("😀".repeat(4096)))).isEmpty();
            assertThat(fields(text("😀".repeat(4097)))).containsExactly("text");
        }

        @Test
        void bodyIsRequiredAndNotBlank() {
            assertThat(fields(text(""))).containsExactly("text");
            assertThat(fields(text(" \n\t"))).containsExactly("text");
            assertThat(fields(json("{\"type\":\"text\"}"))).containsExactly("text");
            assertThat(fields(json("{\"type\":\"text\",\"text\":{\"body\":\"hi\"}}"))).containsExactly("text");
        }

        @Test
        void previewUrlIsABooleanForTextOnly() {
            assertThat(fields(text("hi").put("previewUrl", false))).isEmpty();
            assertThat(fields(text("hi").put("previewUrl", "yes"))).containsExactly("previewUrl");
            assertThat(fields(media("image", "{\"id\":\"1\"}").put("previewUrl", true))).containsExactly("previewUrl");
        }

        @Test
        void replyToMessageIdIsAString() {
            assertThat(fields(text("hi").put("replyToMessageId", "wamid.1"))).isEmpty();
            assertThat(fields(text("hi").put("replyToMessageId", 12))).containsExactly("replyToMessageId");
            assertThat(fields(text("hi").put("replyToMessageId", " "))).containsExactly("replyToMessageId");
        }
    }

    @Nested
    class Media {

        @Test
        void captionUpTo1024Characters() {
            assertThat(fields(media("image", "{\"id\":\"1\",\"caption\":" + quote("c".repeat(1024)) + "}"))).isEmpty();
            assertThat(fields(media("video", "{\"id\":\"1\",\"caption\":" + quote("c".repeat(1025)) + "}")))
                    .containsExactly("media.caption");
            assertThat(fields(media("document", "{\"id\":\"1\",\"caption\":" + quote("🎉".repeat(1024)) + "}")))
                    .isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {"audio", "sticker"})
        void audioAndStickersHaveNoCaption(String type) {
            assertThat(fields(media(type, "{\"id\":\"1\"}"))).isEmpty();
            assertThat(fields(media(type, "{\"id\":\"1\",\"caption\":\"hi\"}"))).containsExactly("media.caption");
        }

        @ParameterizedTest
        @ValueSource(strings = {"image", "audio", "video", "sticker"})
        void onlyDocumentsHaveAFilename(String type) {
            assertThat(fields(media(type, "{\"id\":\"1\",\"filename\":\"a.pdf\"}"))).contains("media.filename");
        }

        @Test
        void filenameRules() {
            assertThat(fields(media("document", "{\"id\":\"1\",\"filename\":" + quote("f".repeat(251) + ".pdf") + "}")))
                    .isEmpty();
            assertThat(fields(media("document", "{\"id\":\"1\",\"filename\":" + quote("f".repeat(252) + ".pdf") + "}")))
                    .containsExactly("media.filename");
            assertThat(fields(media("document", "{\"id\":\"1\",\"filename\":\"invoices/a.pdf\"}")))
                    .containsExactly("media.filename");
            assertThat(fields(media("document", "{\"id\":\"1\",\"filename\":\"..\\\\a.pdf\"}")))
                    .containsExactly("media.filename");
            assertThat(fields(media("document", "{\"id\":\"1\",\"filename\":\"a\\u0000.pdf\"}")))
                    .containsExactly("media.filename");
            assertThat(fields(media("document", "{\"id\":\"1\",\"filename\":\" \"}"))).containsExactly("media.filename");
            assertThat(fields(media("document", "{\"id\":\"1\",\"filename\":5}"))).containsExactly("media.filename");
        }

        @Test
        void exactlyOneOfLinkOrId() {
            assertThat(fields(media("image", "{\"link\":\"https://example.com/a.png\"}"))).isEmpty();
            assertThat(fields(media("image", "{\"link\":\"https://example.com/a.png\",\"id\":\"1\"}")))
                    .containsExactly("media");
            assertThat(fields(media("image", "{\"caption\":\"hi\"}"))).containsExactly("media");
            assertThat(fields(media("image", "{\"id\":\" \"}"))).containsExactly("media.id");
        }

        @ParameterizedTest
        @ValueSource(strings = {"ftp://example.com/a.png", "/assets/a.png", "example.com/a.png", "https://", "https:///a.png",
                "https://exa mple.com/a.png", "javascript:alert(1)", ""})
        void linkIsAnAbsoluteHttpUrl(String link) {
            assertThat(fields(media("image", "{\"link\":" + quote(link) + "}"))).containsExactly("media.link");
        }

        @Test
        void mediaIsRequired() {
            assertThat(fields(json("{\"type\":\"image\"}"))).containsExactly("media");
        }
    }

    @Nested
    class ReplyButtons {

        @Test
        void oneToThreeButtons() {
            assertThat(fields(buttons("Yes"))).isEmpty();
            assertThat(fields(buttons("Yes", "No", "Maybe"))).isEmpty();
            assertThat(fields(buttons("Yes", "No", "Maybe", "Later"))).containsExactly("interactive.action.buttons[3]");
            assertThat(fields(buttons())).containsExactly("interactive.action.buttons");
        }

        @Test
        void titlesUpTo20Characters() {
            assertThat(fields(buttons("t".repeat(20)))).isEmpty();
            assertThat(fields(buttons("👍".repeat(20)))).isEmpty();
            assertThat(fields(buttons("ok", "t".repeat(21)))).containsExactly("interactive.action.buttons[1].reply.title");
            assertThat(fields(buttons(""))).containsExactly("interactive.action.buttons[0].reply.title");
        }

        @Test
        void idsUniqueAndUpTo256Characters() {
            JsonNode content = buttons("Yes", "No");
            at(content, "interactive", "action", "buttons", "1", "reply").put("id", "b0");
            assertThat(OutboundContent.validate(content)).containsExactly(new FieldProblem(
                    "interactive.action.buttons[1].reply.id", "must be unique: same as interactive.action.buttons[0].reply.id"));

            at(content, "interactive", "action", "buttons", "1", "reply").put("id", "i".repeat(256));
            assertThat(fields(content)).isEmpty();
            at(content, "interactive", "action", "buttons", "1", "reply").put("id", "i".repeat(257));
            assertThat(fields(content)).containsExactly("interactive.action.buttons[1].reply.id");
            at(content, "interactive", "action", "buttons", "1", "reply").put("id", " b1");
            assertThat(fields(content)).containsExactly("interactive.action.buttons[1].reply.id");
        }

        @Test
        void titlesUnique() {
            assertThat(fields(buttons("Yes", "Yes"))).containsExactly("interactive.action.buttons[1].reply.title");
        }

        @Test
        void buttonsAreReplies() {
            JsonNode content = buttons("Yes");
            at(content, "interactive", "action", "buttons", "0").put("type", "url");
            assertThat(fields(content)).containsExactly("interactive.action.buttons[0].type");
            at(content, "interactive", "action", "buttons", "0").remove("reply");
            assertThat(fields(content)).containsExactly("interactive.action.buttons[0].type",
                    "interactive.action.buttons[0].reply");
        }
    }

    @Nested
    class Interactive {

        @Test
        void bodyIsRequired() {
            JsonNode content = buttons("Yes");
            at(content, "interactive").remove("body");
            assertThat(fields(content)).containsExactly("interactive.body");
        }

        @Test
        void headerMediaNeedsASource() {
            JsonNode content = buttons("Yes");
            at(content, "interactive").set("header", json("{\"type\":\"video\",\"video\":{\"link\":\"https://e.com/v.mp4\"}}"));
            assertThat(fields(content)).isEmpty();
            at(content, "interactive").set("header", json("{\"type\":\"video\",\"video\":{}}"));
            assertThat(fields(content)).containsExactly("interactive.header.video");
            at(content, "interactive").set("header", json("{\"type\":\"gif\"}"));
            assertThat(fields(content)).containsExactly("interactive.header.type");
        }

        @Test
        void typeMustBeKnown() {
            JsonNode content = buttons("Yes");
            at(content, "interactive").put("type", "carousel_of_doom");
            assertThat(fields(content)).containsExactly("interactive.type");
            at(content, "interactive").remove("type");
            assertThat(fields(content)).containsExactly("interactive.type");
        }

        @Test
        void ctaUrl() {
            assertThat(fields(ctaUrlMessage(quote("See"), quote("www.example.com"))))
                    .containsExactly("interactive.action.parameters.url");
            assertThat(fields(ctaUrlMessage(quote("See"), "null"))).containsExactly("interactive.action.parameters.url");
            JsonNode content = ctaUrlMessage(quote("See"), quote("https://example.com/x"));
            at(content, "interactive", "action").put("name", "url");
            assertThat(fields(content)).containsExactly("interactive.action.name");
        }

        @Test
        void productListLimits() {
            String items = IntStream.range(0, 31).mapToObj(i -> "{\"product_retailer_id\":\"p" + i + "\"}")
                    .collect(Collectors.joining(","));
            JsonNode content = json("""
                    {"type":"interactive","interactive":{"type":"product_list","header":{"type":"text","text":"All"},
                     "body":{"text":"Our picks"},"action":{"catalog_id":"1","sections":[{"title":"All","product_items":[%s]}]}}}"""
                    .formatted(items));
            assertThat(fields(content)).containsExactly("interactive.action.sections[0].product_items[30]");
            at(content, "interactive").remove("header");
            assertThat(fields(content)).contains("interactive.header");
        }
    }

    @Nested
    class ListMessages {

        @Test
        void upTo10RowsAcrossAllSections() {
            assertThat(fields(list(10))).isEmpty();
            assertThat(fields(list(6, 4))).isEmpty();
            assertThat(fields(list(6, 5))).containsExactly("interactive.action.sections[1].rows[4]");
            assertThat(OutboundContent.validate(list(6, 5))).containsExactly(new FieldProblem(
                    "interactive.action.sections[1].rows[4]", "too many rows: at most 10 across all sections (has 11)"));
            assertThat(fields(list(11))).containsExactly("interactive.action.sections[0].rows[10]");
        }

        @Test
        void oneToTenSections() {
            assertThat(fields(list(1, 1, 1, 1, 1, 1, 1, 1, 1, 1))).isEmpty();
            assertThat(fields(list(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1)))
                    .containsExactly("interactive.action.sections[10]", "interactive.action.sections[10].rows[0]");
            assertThat(fields(list())).containsExactly("interactive.action.sections");
            assertThat(fields(list(1, 0))).containsExactly("interactive.action.sections[1].rows");
        }

        @Test
        void rowIdsUniqueAcrossSections() {
            JsonNode content = list(2, 2);
            at(content, "interactive", "action", "sections", "1", "rows", "1").put("id", "r0");
            assertThat(fields(content)).containsExactly("interactive.action.sections[1].rows[1].id");
        }

        @Test
        void rowLimits() {
            JsonNode content = list(1);
            ObjectNode row = at(content, "interactive", "action", "sections", "0", "rows", "0");
            row.put("id", "i".repeat(200)).put("title", "t".repeat(24)).put("description", "d".repeat(72));
            assertThat(fields(content)).isEmpty();
            row.put("id", "i".repeat(201)).put("title", "t".repeat(25)).put("description", "d".repeat(73));
            assertThat(fields(content)).containsExactly("interactive.action.sections[0].rows[0].id",
                    "interactive.action.sections[0].rows[0].title", "interactive.action.sections[0].rows[0].description");
        }

        @Test
        void sectionTitleUpTo24CharactersAndRequiredWithMoreThanOneSection() {
            JsonNode content = list(1, 1);
            at(content, "interactive", "action", "sections", "0").put("title", "s".repeat(24));
            assertThat(fields(content)).isEmpty();
            at(content, "interactive", "action", "sections", "0").put("title", "s".repeat(25));
            assertThat(fields(content)).containsExactly("interactive.action.sections[0].title");
            at(content, "interactive", "action", "sections", "0").remove("title");
            assertThat(fields(content)).containsExactly("interactive.action.sections[0].title");

            JsonNode single = list(1);
            at(single, "interactive", "action", "sections", "0").remove("title");
            assertThat(fields(single)).isEmpty();
        }

        @Test
        void buttonLabelIsRequired() {
            JsonNode content = list(1);
            at(content, "interactive", "action").remove("button");
            assertThat(fields(content)).containsExactly("interactive.action.button");
        }

        @Test
        void headerIsTextOnly() {
            JsonNode content = list(1);
            at(content, "interactive").set("header", json("{\"type\":\"image\",\"image\":{\"id\":\"1\"}}"));
            assertThat(fields(content)).containsExactly("interactive.header.type");
        }
    }

    @Nested
    class Templates {

        @Test
        void nameIsLowercaseDigitsAndUnderscoresUpTo512() {
            assertThat(fields(template("{\"name\":" + quote("n".repeat(512)) + ",\"language\":\"en\"}"))).isEmpty();
            assertThat(fields(template("{\"name\":" + quote("n".repeat(513)) + ",\"language\":\"en\"}")))
                    .containsExactly("template.name");
            assertThat(fields(template("{\"name\":\"Order Update\",\"language\":\"en\"}"))).containsExactly("template.name");
            assertThat(fields(template("{\"name\":\"order-update\",\"language\":\"en\"}"))).containsExactly("template.name");
            assertThat(fields(template("{\"language\":\"en\"}"))).containsExactly("template.name");
        }

        @Test
        void languageCodeOrObject() {
            assertThat(fields(template("{\"name\":\"hello_world\",\"language\":\"pt_BR\"}"))).isEmpty();
            assertThat(fields(template("{\"name\":\"hello_world\",\"language\":{\"code\":\"fil\"}}"))).isEmpty();
        }

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(delimiter = '|', textBlock = """
                {"name":"hello_world"}                                               | template.language
                {"name":"hello_world","language":"English"}                          | template.language
                {"name":"hello_world","language":{}}                                 | template.language.code
                {"name":"hello_world","language":{"code":"en-US"}}                   | template.language.code
                {"name":"hello_world","language":{"code":"en","policy":"fallback"}}  | template.language.policy
                {"name":"hello_world","language":["en"]}                             | template.language
                """)
        void languageProblems(String template, String field) {
            assertThat(fields(template(template))).containsExactly(field);
        }

        @Test
        void componentsWithParametersAndButtons() {
            assertThat(fields(components("[{\"type\":\"body\",\"parameters\":[{\"type\":\"text\",\"text\":\"Jane\"}]}]")))
                    .isEmpty();
            assertThat(fields(components("[{\"type\":\"button\",\"sub_type\":\"quick_reply\",\"index\":9}]"))).isEmpty();
            assertThat(fields(components("[{\"type\":\"button\"}]")))
                    .containsExactly("template.components[0].sub_type", "template.components[0].index");
        }

        /** Components are objects with a valid type; their parameters objects with a type; buttons have an index. */
        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(delimiter = '|', textBlock = """
                [{"type":"BUTTONS"}]                                          | template.components[0].type
                ["body"]                                                      | template.components[0]
                {"type":"body"}                                               | template.components
                [{"parameters":[]}]                                           | template.components[0].type
                [{"type":"body","parameters":["Jane"]}]                       | template.components[0].parameters[0]
                [{"type":"body","parameters":[{"text":"Jane"}]}]              | template.components[0].parameters[0].type
                [{"type":"body","parameters":[{"type":"text"}]}]              | template.components[0].parameters[0].text
                [{"type":"body","parameters":[{"type":"image","image":{}}]}]  | template.components[0].parameters[0].image
                [{"type":"body","parameters":{}}]                             | template.components[0].parameters
                [{"type":"button","sub_type":"quick_reply","index":"10"}]     | template.components[0].index
                """)
        void componentProblems(String components, String field) {
            assertThat(fields(components(components))).containsExactly(field);
        }

        static JsonNode components(String components) {
            return template("{\"name\":\"hello_world\",\"language\":\"en\",\"components\":" + components + "}");
        }

        @Test
        void twilioContentSid() {
            assertThat(fields(template("{\"contentSid\":\"HX0123456789abcdef0123456789ABCDEF\"}"))).isEmpty();
        }

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(delimiter = '|', textBlock = """
                {"contentSid":"HX123"}                                                          | template.contentSid
                {"contentSid":"MG0123456789abcdef0123456789abcdef"}                             | template.contentSid
                {"contentSid":42}                                                               | template.contentSid
                {"contentSid":"HX0123456789abcdef0123456789abcdef","components":[]}             | template.components
                {"contentSid":"HX0123456789abcdef0123456789abcdef","contentVariables":{"1":5}}  | template.contentVariables.1
                {"contentSid":"HX0123456789abcdef0123456789abcdef","contentVariables":["Jane"]} | template.contentVariables
                {"name":"hello_world","language":"en","contentVariables":{"1":"Jane"}}          | template.contentVariables
                """)
        void twilioTemplateProblems(String template, String field) {
            assertThat(fields(template(template))).containsExactly(field);
        }

        @Test
        void atMost100TwilioVariables() {
            String hundredAndOne = IntStream.rangeClosed(1, 101).mapToObj(i -> "\"" + i + "\":\"x\"")
                    .collect(Collectors.joining(","));
            assertThat(fields(template("{" + TWILIO_SID + ",\"contentVariables\":{" + hundredAndOne + "}}")))
                    .containsExactly("template.contentVariables");
        }
    }

    @Nested
    class Location {

        static JsonNode location(String latitude, String longitude) {
            return json("{\"type\":\"location\",\"location\":{\"latitude\":" + latitude + ",\"longitude\":" + longitude + "}}");
        }

        @Test
        void latitudeWithin90AndLongitudeWithin180() {
            assertThat(fields(location("90", "180"))).isEmpty();
            assertThat(fields(location("-90", "-180"))).isEmpty();
            assertThat(fields(location("90.000001", "0"))).containsExactly("location.latitude");
            assertThat(fields(location("-90.5", "0"))).containsExactly("location.latitude");
            assertThat(fields(location("0", "180.000001"))).containsExactly("location.longitude");
            assertThat(fields(location("0", "-181"))).containsExactly("location.longitude");
        }

        @Test
        void coordinatesAreRequiredNumbers() {
            assertThat(fields(json("{\"type\":\"location\",\"location\":{}}")))
                    .containsExactly("location.latitude", "location.longitude");
            assertThat(fields(location("\"north\"", "true"))).containsExactly("location.latitude", "location.longitude");
            assertThat(fields(json("{\"type\":\"location\",\"location\":{\"latitude\":1,\"longitude\":2,\"name\":3}}")))
                    .containsExactly("location.name");
        }
    }

    @Nested
    class Reactions {

        static JsonNode reaction(String emoji) {
            return json("{\"type\":\"reaction\",\"reaction\":{\"messageId\":\"wamid.1\",\"emoji\":" + quote(emoji) + "}}");
        }

        @ParameterizedTest
        @ValueSource(strings = {"😀", "👍🏽", "👨‍👩‍👧", "🇩🇪", "1️⃣", "❤️", "❤", "🏳️‍🌈", "⭐", ""})
        void oneEmojiOrNone(String emoji) {
            assertThat(fields(reaction(emoji))).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {"😀😀", "👍 ", "a", "ok", "1", "é", " "})
        void notTwoEmojiNorText(String emoji) {
            assertThat(fields(reaction(emoji))).containsExactly("reaction.emoji");
        }

        @Test
        void theEmojiIsOptional() {
            assertThat(fields(json("{\"type\":\"reaction\",\"reaction\":{\"messageId\":\"wamid.1\"}}"))).isEmpty();
        }

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(delimiter = '|', textBlock = """
                {"type":"reaction","reaction":{"emoji":"😀"}}                 | reaction.messageId
                {"type":"reaction","reaction":{"messageId":""}}              | reaction.messageId
                {"type":"reaction","reaction":{"messageId":"wamid.1","emoji":1}} | reaction.emoji
                """)
        void aMessageIdAndAStringEmoji(String content, String field) {
            assertThat(fields(json(content))).containsExactly(field);
        }
    }

    @Nested
    class Contacts {

        static JsonNode contacts(int count) {
            String contacts = IntStream.range(0, count)
                    .mapToObj(i -> "{\"name\":{\"formatted_name\":\"Contact " + i + "\",\"first_name\":\"C\"}}")
                    .collect(Collectors.joining(","));
            return json("{\"type\":\"contacts\",\"contacts\":[" + contacts + "]}");
        }

        @Test
        void oneTo257Contacts() {
            assertThat(fields(contacts(1))).isEmpty();
            assertThat(fields(contacts(257))).isEmpty();
            assertThat(fields(contacts(258))).containsExactly("contacts[257]");
            assertThat(fields(contacts(0))).containsExactly("contacts");
        }

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(delimiter = '|', textBlock = """
                {"type":"contacts","contacts":[{"name":{"first_name":"Jane"}}]}     | contacts[0].name.formatted_name
                {"type":"contacts","contacts":[{"name":{"formatted_name":" "}}]}    | contacts[0].name.formatted_name
                {"type":"contacts","contacts":[{"phones":[{"phone":"+1"}]}]}        | contacts[0].name
                """)
        void formattedNameIsRequired(String content, String field) {
            assertThat(fields(json(content))).containsExactly(field);
        }

        @Test
        void partsHaveTheirCloudApiShapes() {
            JsonNode content = json("""
                    {"type":"contacts","contacts":[{"name":{"formatted_name":"Jane"},"birthday":"2024-02-30",
                     "phones":{"phone":"+1"},"emails":["a@b.c"],"urls":[{"url":7}],"org":"Acme"}]}""");
            assertThat(fields(content)).containsExactly("contacts[0].phones", "contacts[0].emails[0]",
                    "contacts[0].urls[0].url", "contacts[0].org", "contacts[0].birthday");
        }
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        JsonNode content = json("""
                {"type":"interactive","replyToMessageId":7,"interactive":{"type":"button",
                 "header":{"type":"text","text":%s},"body":{"text":%s},"footer":{"text":%s},
                 "action":{"buttons":[
                   {"type":"reply","reply":{"id":"same","title":"Twenty-one characters"}},
                   {"type":"reply","reply":{"id":"same","title":"No"}},
                   {"type":"reply","reply":{"id":"c","title":"Maybe"}},
                   {"type":"reply","reply":{"id":"d","title":"Later"}}]}}}"""
                .formatted(quote("h".repeat(61)), quote("b".repeat(1025)), quote("f".repeat(61))));

        assertThat(fields(content)).containsExactlyInAnyOrder(
                "replyToMessageId",
                "interactive.header.text",
                "interactive.body.text",
                "interactive.footer.text",
                "interactive.action.buttons[3]",
                "interactive.action.buttons[0].reply.title",
                "interactive.action.buttons[1].reply.id");
    }

    @Nested
    class Garbage {

        @ParameterizedTest
        @ValueSource(strings = {"null", "42", "\"hello\"", "[]", "[{\"type\":\"text\",\"text\":\"hi\"}]", "true"})
        void notAnObject(String content) {
            assertThat(fields(json(content))).containsExactly("$");
        }

        @Test
        void javaNull() {
            assertThat(fields(null)).containsExactly("$");
        }

        @ParameterizedTest
        @ValueSource(strings = {"{}", "{\"text\":\"hi\"}", "{\"type\":1,\"text\":\"hi\"}", "{\"type\":null}",
                "{\"type\":[\"text\"]}", "{\"type\":\"TEXT\",\"text\":\"hi\"}", "{\"type\":\"poll\"}"})
        void missingOrWrongType(String content) {
            assertThat(fields(json(content))).containsExactly("type");
        }

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(delimiter = '|', textBlock = """
                {"type":"image","media":[]}                      | media
                {"type":"interactive","interactive":[]}          | interactive
                {"type":"template","template":["hello_world"]}   | template
                {"type":"location","location":[1,2]}             | location
                {"type":"reaction","reaction":[]}                | reaction
                {"type":"contacts","contacts":{"name":{}}}       | contacts
                {"type":"contacts","contacts":[[]]}              | contacts[0]
                """)
        void arraysWhereObjectsBelong(String content, String field) {
            assertThat(fields(json(content))).containsExactly(field);
        }

        @Test
        void arraysWhereObjectsBelongInInteractiveMessages() {
            assertThat(fields(json("""
                    {"type":"interactive","interactive":{"type":"button","body":[],"header":[],"footer":"f",
                     "action":{"buttons":[[],"x",{"type":"reply","reply":[]}]}}}""")))
                    .containsExactly("interactive.body", "interactive.header", "interactive.footer",
                            "interactive.action.buttons[0]", "interactive.action.buttons[1]",
                            "interactive.action.buttons[2].reply");
            assertThat(fields(json("""
                    {"type":"interactive","interactive":{"type":"list","body":{"text":"x"},
                     "action":{"button":"b","sections":{"rows":[]}}}}""")))
                    .containsExactly("interactive.action.sections");
            assertThat(fields(json("""
                    {"type":"interactive","interactive":{"type":"list","body":{"text":"x"},
                     "action":{"button":"b","sections":[{"rows":{"id":"1"}},[],{"rows":[[],7]}]}}}""")))
                    .containsExactly("interactive.action.sections[0].title", "interactive.action.sections[0].rows",
                            "interactive.action.sections[1]", "interactive.action.sections[2].title",
                            "interactive.action.sections[2].rows[0]", "interactive.action.sections[2].rows[1]");
        }

        @Test
        void oddJsonValuesNeverThrow() {
            for (String content : List.of(
                    "{\"type\":\"text\",\"text\":1e400}",
                    "{\"type\":\"location\",\"location\":{\"latitude\":1e400,\"longitude\":\"NaN\"}}",
                    "{\"type\":\"location\",\"location\":{\"latitude\":\"\",\"longitude\":\"Infinity\"}}",
                    "{\"type\":\"template\",\"template\":{\"name\":null,\"language\":null,\"components\":null}}",
                    "{\"type\":\"template\",\"template\":{\"name\":\"x\",\"language\":\"en\",\"components\":[{\"type\":\"button\",\"index\":-1}]}}",
                    "{\"type\":\"template\",\"template\":{\"name\":\"x\",\"language\":\"en\",\"components\":[{\"type\":\"button\",\"index\":99999999999999999999}]}}",
                    "{\"type\":\"interactive\",\"interactive\":{\"type\":5,\"action\":[]}}",
                    "{\"type\":\"interactive\",\"interactive\":{\"type\":\"cta_url\",\"body\":{\"text\":\"x\"},\"action\":{\"parameters\":[]}}}",
                    "{\"type\":\"document\",\"media\":{\"link\":\"https://[::1\",\"filename\":[]}}",
                    "{\"type\":\"reaction\",\"reaction\":{\"messageId\":{},\"emoji\":{}}}")) {
                assertThatCode(() -> assertThat(fields(json(content))).as(content).isNotEmpty()).doesNotThrowAnyException();
            }
        }
    }
}
