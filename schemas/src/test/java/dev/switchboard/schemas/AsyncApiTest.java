package dev.switchboard.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.avro.Schema;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

/** schemas/asyncapi.yaml describes exactly the catalogue's topics, with their current schemas. */
class AsyncApiTest {

    private static final Path MODULE = Path.of(".");
    private static Map<String, Object> document;

    @BeforeAll
    static void parse() throws IOException {
        try (Reader reader = Files.newBufferedReader(MODULE.resolve("asyncapi.yaml"))) {
            document = new Yaml().load(reader);
        }
    }

    static Stream<Topic<?>> topics() {
        return Topics.ALL.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topics")
    void everyTopicIsDescribedWithItsLatestReleasedSchema(Topic<?> topic) throws IOException {
        Map<String, Object> channel = channelWithAddress(topic.name());
        Map<String, Object> messages = map(channel.get("messages"));
        assertThat(messages).hasSize(1);
        String messageRef = (String) map(messages.values().iterator().next()).get("$ref");
        Map<String, Object> message = map(map(map(document.get("components")).get("messages"))
                .get(messageRef.substring(messageRef.lastIndexOf('/') + 1)));

        String schemaRef = (String) map(map(map(message.get("payload")).get("schema"))).get("$ref");
        List<Schema> released = SchemaCatalog.released().versions(topic.valueSchema().getFullName());
        String latest = SchemaCatalog.historyPath(topic.valueSchema().getFullName(), released.size());
        assertThat(schemaRef).isEqualTo("./src/main/" + latest);
        Schema described = new Schema.Parser().parse(MODULE.resolve(schemaRef).toFile());
        assertThat(described).isEqualTo(topic.valueSchema());

        assertThat(map(map(message.get("bindings")).get("kafka")).get("key")).isNotNull();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topics")
    void everyTopicHasAProducerAndAConsumer(Topic<?> topic) {
        String channelId = channelIdWithAddress(topic.name());
        List<String> actions = map(document.get("operations")).values().stream()
                .map(AsyncApiTest::map)
                .filter(op -> ("#/channels/" + channelId).equals(map(op.get("channel")).get("$ref")))
                .map(op -> (String) op.get("action"))
                .toList();
        assertThat(actions).contains("send", "receive");
    }

    @Test
    void describesNoTopicOutsideTheCatalogue() {
        List<String> addresses = map(document.get("channels")).values().stream()
                .map(c -> (String) map(c).get("address")).toList();
        assertThat(addresses).containsExactlyInAnyOrderElementsOf(Topics.ALL.stream().map(Topic::name).toList());
    }

    private static Map<String, Object> channelWithAddress(String address) {
        return map(map(document.get("channels")).get(channelIdWithAddress(address)));
    }

    private static String channelIdWithAddress(String address) {
        return map(document.get("channels")).entrySet().stream()
                .filter(e -> address.equals(map(e.getValue()).get("address")))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow(() -> new AssertionError("asyncapi.yaml has no channel for " + address));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }
}
