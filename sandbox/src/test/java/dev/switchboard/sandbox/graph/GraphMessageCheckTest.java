package dev.switchboard.sandbox.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.switchboard.sandbox.support.Fixtures;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

class GraphMessageCheckTest {

    /** Meta's own request examples, their placeholders filled in (a number, URLs, a wamid). */
    static Stream<String> metaRequestExamples() throws IOException, URISyntaxException {
        Path folder = Path.of(GraphMessageCheckTest.class.getResource("/fixtures/meta").toURI());
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(n -> n.startsWith("send-") && !n.startsWith("send-response") && !n.startsWith("send-error"))
                    .sorted().toList().stream();
        }
    }

    static JsonNode filledIn(String fixture) {
        String text = Fixtures.text("meta/" + fixture)
                .replace("{{Recipient-Phone-Number}}", "4915112345678")
                .replaceAll("\"<?http\\(s\\)://[^\"]*\"", "\"https://example.com/media.jpg\"")
                .replace("<MSGID_OF_PREV_MSG>", "wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJDQjZCMzlEQUE4OTJBMTE4RTUA");
        return Fixtures.JSON.readTree(text);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("metaRequestExamples")
    void acceptsEveryRequestExampleOfMetasSpec(String fixture) {
        JsonNode body = filledIn(fixture);
        if (GraphMessageCheck.isMarkRead(body)) {
            assertThat(GraphMessageCheck.markRead(body)).startsWith("wamid.");
        } else {
            GraphMessageCheck.Message message = GraphMessageCheck.message(body);
            assertThat(message.recipient()).isEqualTo("4915112345678");
            assertThat(message.type()).isEqualTo(body.has("type") ? body.get("type").asString() : "text");
        }
    }

    @Test
    void theExamplesCoverEveryMessageType() throws Exception {
        List<String> types = metaRequestExamples().map(GraphMessageCheckTest::filledIn)
                .filter(b -> !GraphMessageCheck.isMarkRead(b))
                .map(b -> GraphMessageCheck.message(b).type()).distinct().toList();
        assertThat(types).containsExactlyInAnyOrderElementsOf(GraphMessageCheck.TYPES);
    }

    private static ObjectNode text(String body) {
        ObjectNode message = Fixtures.JSON.createObjectNode();
        message.put("messaging_product", "whatsapp");
        message.put("to", "+49 151 12345678");
        message.put("type", "text");
        message.putObject("text").put("body", body);
        return message;
    }

    private static ObjectNode buttons(int count, int titleLength) {
        ObjectNode message = (ObjectNode) filledIn("send-interactive-reply-buttons.json");
        ArrayNode buttons = ((ObjectNode) message.get("interactive").get("action")).putArray("buttons");
        for (int i = 0; i < count; i++) {
            ObjectNode button = buttons.addObject();
            button.put("type", "reply");
            button.putObject("reply").put("id", "id-" + i).put("title", (i + "-" + "x".repeat(40)).substring(0,
                    titleLength));
        }
        return message;
    }

    private static ObjectNode change(String fixture, Consumer<ObjectNode> change) {
        ObjectNode message = (ObjectNode) filledIn(fixture);
        change.accept(message);
        return message;
    }

    static Stream<Arguments> breaches() {
        return Stream.of(
                Arguments.of("no messaging_product", change("send-text.json", m -> m.remove("messaging_product")),
                        100, "(#100) The parameter messaging_product is required."),
                Arguments.of("another product", change("send-text.json", m -> m.put("messaging_product", "sms")),
                        100, "Param messaging_product must be one of {WHATSAPP}"),
                Arguments.of("no recipient", change("send-text.json", m -> m.remove("to")),
                        100, "The parameter to is required."),
                Arguments.of("recipient not a number", change("send-text.json", m -> m.put("to", "call me")),
                        131009, "Parameter value is not valid"),
                Arguments.of("unknown type", change("send-text.json", m -> m.put("type", "fax")),
                        100, "Param type must be one of"),
                Arguments.of("type without its object", change("send-text.json", m -> m.remove("text")),
                        131008, "Required parameter is missing"),
                Arguments.of("text without body", change("send-text.json", m -> ((ObjectNode) m.get("text"))
                        .remove("body")), 131008, "Required parameter is missing"),
                Arguments.of("text of 4097", text("x".repeat(4097)), 100,
                        "Param text['body'] must be at most 4096 characters long."),
                Arguments.of("caption of 1025", change("send-image-by-link.json", m -> ((ObjectNode) m.get("image"))
                        .put("caption", "c".repeat(1025))), 100, "Param image['caption'] must be at most 1024"),
                Arguments.of("audio with a caption", change("send-audio-by-link.json", m -> ((ObjectNode) m
                        .get("audio")).put("caption", "no")), 131009, "Parameter value is not valid"),
                Arguments.of("media without id or link", change("send-image-by-id.json", m -> ((ObjectNode) m
                        .get("image")).remove("id")), 131008, "Required parameter is missing"),
                Arguments.of("media link not http", change("send-image-by-link.json", m -> ((ObjectNode) m
                        .get("image")).put("link", "ftp://example.com/a.jpg")), 131009, "Parameter value is not valid"),
                Arguments.of("four reply buttons", buttons(4, 10), 100,
                        "Param interactive['action']['buttons'] must contain at most 3 elements."),
                Arguments.of("button title of 21", buttons(1, 21), 100,
                        "Param interactive['action']['buttons'][0]['reply']['title'] must be at most 20 characters"),
                Arguments.of("no buttons", buttons(0, 10), 131008, "Required parameter is missing"),
                Arguments.of("header of 61", change("send-interactive-list.json", m -> ((ObjectNode) m
                        .get("interactive").get("header")).put("text", "h".repeat(61))), 100,
                        "Param interactive['header']['text'] must be at most 60 characters long."),
                Arguments.of("footer of 61", change("send-interactive-list.json", m -> ((ObjectNode) m
                        .get("interactive").get("footer")).put("text", "f".repeat(61))), 100,
                        "Param interactive['footer']['text'] must be at most 60 characters long."),
                Arguments.of("eleven rows", change("send-interactive-list.json", m -> {
                    ArrayNode rows = (ArrayNode) m.get("interactive").get("action").get("sections").get(0).get("rows");
                    for (int i = 0; i < 9; i++) {
                        rows.addObject().put("id", "more-" + i).put("title", "Row " + i);
                    }
                }), 131009, "Parameter value is not valid"),
                Arguments.of("untitled section among two", change("send-interactive-list.json", m ->
                        ((ObjectNode) m.get("interactive").get("action").get("sections").get(1)).remove("title")),
                        131008, "Required parameter is missing"),
                Arguments.of("row title of 25", change("send-interactive-list.json", m ->
                        ((ObjectNode) m.get("interactive").get("action").get("sections").get(0).get("rows").get(0))
                                .put("title", "t".repeat(25))), 100, "must be at most 24 characters long."),
                Arguments.of("template without name", change("send-template-text.json", m -> ((ObjectNode) m
                        .get("template")).remove("name")), 131008, "Required parameter is missing"),
                Arguments.of("template without language", change("send-template-text.json", m -> ((ObjectNode) m
                        .get("template")).remove("language")), 131008, "Required parameter is missing"),
                Arguments.of("location without latitude", change("send-location.json", m -> ((ObjectNode) m
                        .get("location")).remove("latitude")), 131008, "Required parameter is missing"),
                Arguments.of("latitude of 91", change("send-location.json", m -> ((ObjectNode) m
                        .get("location")).put("latitude", 91.0)), 131009, "Parameter value is not valid"),
                Arguments.of("contact without formatted name", change("send-contacts.json", m -> ((ObjectNode) m
                        .get("contacts").get(0).get("name")).remove("formatted_name")), 131008,
                        "Required parameter is missing"),
                Arguments.of("reaction without message", change("send-reaction.json", m -> ((ObjectNode) m
                        .get("reaction")).remove("message_id")), 131008, "Required parameter is missing"),
                Arguments.of("callback data of 513", change("send-text.json", m ->
                        m.put("biz_opaque_callback_data", "d".repeat(513))), 100,
                        "Param biz_opaque_callback_data must be at most 512 characters long."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("breaches")
    void refusesABreachWithGraphsError(String breach, JsonNode body, int code, String message) {
        assertThatThrownBy(() -> GraphMessageCheck.message(body))
                .isInstanceOfSatisfying(GraphMessageCheck.Invalid.class, invalid -> {
                    assertThat(invalid.error().code()).isEqualTo(code);
                    assertThat(invalid.error().httpStatus()).isEqualTo(400);
                    assertThat(invalid.error().message()).contains(message);
                    JsonNode json = invalid.error().toJson().get("error");
                    assertThat(json.get("code").asInt()).isEqualTo(code);
                    assertThat(json.get("type").asString()).isEqualTo("OAuthException");
                    assertThat(json.get("error_data").get("messaging_product").asString()).isEqualTo("whatsapp");
                    assertThat(json.get("error_data").get("details").asString()).isNotBlank();
                    assertThat(json.get("fbtrace_id").asString()).isNotBlank();
                });
    }

    @Test
    void aTextOfExactly4096AndThreeButtonsOf20PassTheLimits() {
        assertThat(GraphMessageCheck.message(text("x".repeat(4096))).type()).isEqualTo("text");
        assertThat(GraphMessageCheck.message(buttons(3, 20)).type()).isEqualTo("interactive");
    }

    @Test
    void aMarkAsReadNeedsTheMessageId() {
        ObjectNode read = Fixtures.JSON.createObjectNode().put("messaging_product", "whatsapp").put("status", "read");
        assertThat(GraphMessageCheck.isMarkRead(read)).isTrue();
        assertThatThrownBy(() -> GraphMessageCheck.markRead(read))
                .hasMessage("(#100) The parameter message_id is required.");
    }
}
