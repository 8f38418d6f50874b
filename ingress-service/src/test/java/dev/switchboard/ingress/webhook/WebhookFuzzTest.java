package dev.switchboard.ingress.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import dev.switchboard.events.RawWebhook;
import dev.switchboard.ingress.meta.MetaWebhookParser;
import dev.switchboard.ingress.twilio.FormBody;
import dev.switchboard.ingress.twilio.TwilioWebhookParser;
import dev.switchboard.ingress.webhook.ParsedWebhook;
import dev.switchboard.schemas.EventSerializer;
import dev.switchboard.schemas.EventDeserializer;
import dev.switchboard.schemas.Topics;
import dev.switchboard.testing.SharedKafka;
import dev.switchboard.testing.TopicTail;
import dev.switchboard.testing.UseSharedKafka;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Malformed and random bodies with valid signatures: the parsers never throw, every event they make can be
 * serialised, and over HTTP every body is answered 200 and lands on the raw topic.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@UseSharedKafka
@ActiveProfiles("test-channels")
class WebhookFuzzTest {

    private static final long SEED = Long.getLong("fuzz.seed", 20261121L);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> NUMBERS = Set.of("106540352242922", "109999999999999", "1122334455667", "409552778964973");

    @Value("${local.server.port}")
    private int port;

    private final EventSerializer<SpecificRecord> serializer = new EventSerializer<>();

    @BeforeAll
    static void topics() {
        SharedKafka.createTopics(WebhookClient.ingressTopics());
    }

    @Test
    void theMetaParserNeverThrowsAndEveryEventItMakesCanBeSerialised() throws Exception {
        Random random = new Random(SEED);
        List<byte[]> fixtures = metaFixtures();
        MetaWebhookParser parser = new MetaWebhookParser();
        for (int i = 0; i < 5_000; i++) {
            byte[] body = malformed(random, fixtures);
            String description = "seed " + SEED + ", input " + i + ": " + preview(body);
            assertThatCode(() -> serialiseAll(parser.parse(source(), body))).as(description).doesNotThrowAnyException();
        }
    }

    @Test
    void theTwilioParserNeverThrowsAndEveryEventItMakesCanBeSerialised() throws Exception {
        Random random = new Random(SEED);
        List<byte[]> fixtures = twilioFixtures();
        TwilioWebhookParser parser = new TwilioWebhookParser();
        WebhookSource source = new WebhookSource("tw", Set.of("whatsapp:+14123456789"), "raw", Instant.now());
        for (int i = 0; i < 5_000; i++) {
            byte[] body = malformedForm(random, fixtures);
            boolean status = random.nextBoolean();
            String description = "seed " + SEED + ", input " + i + ": " + preview(body);
            assertThatCode(() -> serialiseAll(parser.parse(source, FormBody.decode(body), status)))
                    .as(description).doesNotThrowAnyException();
        }
    }

    @Test
    void overHttpEveryMalformedButSignedBodyIsAnswered200AndRecordedRaw() throws Exception {
        Random random = new Random(SEED + 1);
        List<byte[]> fixtures = metaFixtures();
        WebhookClient client = new WebhookClient(port);
        List<byte[]> sent = new ArrayList<>();
        try (TopicTail<SpecificRecord> tail = TopicTail.fromNow(SharedKafka.bootstrapServers(), new EventDeserializer(), Topics.WEBHOOKS_RAW.name())) {
            for (int i = 0; i < 300; i++) {
                byte[] body = malformed(random, fixtures);
                int status = client.postMetaSigned("fixtures", "fixtures-app-secret", body).statusCode();
                assertThat(status).as("seed %d, input %d: %s", SEED + 1, i, preview(body)).isEqualTo(200);
                sent.add(body);
            }
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(tail.records(Topics.WEBHOOKS_RAW.name())).hasSize(sent.size()));
            Map<ByteBuffer, Integer> recorded = new HashMap<>();
            tail.records(Topics.WEBHOOKS_RAW.name()).forEach(r ->
                    recorded.merge(((RawWebhook) r.value()).getBody(), 1, Integer::sum));
            Map<ByteBuffer, Integer> expected = new HashMap<>();
            sent.forEach(b -> expected.merge(ByteBuffer.wrap(b), 1, Integer::sum));
            assertThat(recorded).isEqualTo(expected);
        }
    }

    // ------------------------------------------------------------------------------------------------ inputs

    /** Serialises every event and fails on a problem that stems from a bug rather than from the input. */
    private void serialiseAll(ParsedWebhook parsed) {
        assertThat(parsed.problems()).noneMatch(p -> p.contains("unexpected ") || p.startsWith("parser failure")
                || p.startsWith("form body could not be mapped"));
        parsed.messages().forEach(m -> serializer.serialize(Topics.INBOUND_MESSAGES.name(), m));
        parsed.statuses().forEach(s -> serializer.serialize(Topics.INBOUND_STATUSES.name(), s));
    }

    private static WebhookSource source() {
        return new WebhookSource("fixtures", NUMBERS, "raw", Instant.now());
    }

    /** One of: a structurally damaged fixture, a byte-damaged fixture, random JSON, or random bytes. */
    static byte[] malformed(Random random, List<byte[]> fixtures) {
        byte[] fixture = fixtures.get(random.nextInt(fixtures.size()));
        return switch (random.nextInt(6)) {
            case 0, 1 -> structurallyDamaged(random, fixture);
            case 2 -> byteDamaged(random, fixture);
            case 3 -> JSON.writeValueAsBytes(randomNode(random, 0));
            case 4 -> Arrays.copyOf(fixture, random.nextInt(fixture.length));
            default -> randomBytes(random);
        };
    }

    /** Replaces a random node of the fixture by a random value of any type, a few times over. */
    private static byte[] structurallyDamaged(Random random, byte[] fixture) {
        JsonNode root = JSON.readTree(fixture);
        int damages = 1 + random.nextInt(3);
        for (int d = 0; d < damages; d++) {
            List<JsonNode> containers = new ArrayList<>();
            collectContainers(root, containers);
            JsonNode container = containers.get(random.nextInt(containers.size()));
            if (container instanceof ObjectNode object && !object.isEmpty()) {
                List<String> names = new ArrayList<>(object.propertyNames());
                String name = names.get(random.nextInt(names.size()));
                if (random.nextInt(4) == 0) {
                    object.remove(name);
                } else {
                    object.set(name, randomNode(random, 3));
                }
            } else if (container instanceof ArrayNode array && !array.isEmpty()) {
                array.set(random.nextInt(array.size()), randomNode(random, 3));
            }
        }
        return JSON.writeValueAsBytes(root);
    }

    private static void collectContainers(JsonNode node, List<JsonNode> into) {
        if (node.isContainer()) {
            into.add(node);
            node.values().forEach(child -> collectContainers(child, into));
        }
    }

    private static JsonNode randomNode(Random random, int depth) {
        int kind = random.nextInt(depth >= 5 ? 6 : 8);
        return switch (kind) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> NODES.numberNode(random.nextLong());
            case 3 -> NODES.numberNode(random.nextDouble() * Math.pow(10, random.nextInt(400) - 200));
            case 4 -> NODES.stringNode(randomText(random));
            case 5 -> NODES.stringNode(String.valueOf(random.nextInt(2_000_000_000)));
            case 6 -> {
                ArrayNode array = NODES.arrayNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    array.add(randomNode(random, depth + 1));
                }
                yield array;
            }
            default -> {
                ObjectNode object = NODES.objectNode();
                String[] names = {"id", "from", "type", "text", "body", "timestamp", "messages", "statuses", "entry",
                        "changes", "value", "metadata", "phone_number_id", "contacts", "wa_id", "status", "errors",
                        "context", "image", "location", "interactive", "reaction", "button", randomText(random)};
                for (int i = random.nextInt(5); i > 0; i--) {
                    object.set(names[random.nextInt(names.length)], randomNode(random, depth + 1));
                }
                yield object;
            }
        };
    }

    private static String randomText(Random random) {
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(12); i > 0; i--) {
            int pick = random.nextInt(4);
            text.appendCodePoint(switch (pick) {
                case 0 -> 'a' + random.nextInt(26);
                case 1 -> 0x1F600 + random.nextInt(80);
                case 2 -> random.nextInt(32);
                default -> 0xA0 + random.nextInt(0x2000);
            });
        }
        return text.toString();
    }

    private static byte[] byteDamaged(Random random, byte[] fixture) {
        byte[] copy = fixture.clone();
        for (int i = 1 + random.nextInt(4); i > 0; i--) {
            copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
        }
        return copy;
    }

    private static byte[] randomBytes(Random random) {
        byte[] bytes = new byte[random.nextInt(200)];
        random.nextBytes(bytes);
        return bytes;
    }

    /** Damaged Twilio forms: dropped, duplicated and garbled parameters, bad escapes, random pairs. */
    static byte[] malformedForm(Random random, List<byte[]> fixtures) {
        String form = new String(fixtures.get(random.nextInt(fixtures.size())), StandardCharsets.US_ASCII);
        List<String> pairs = new ArrayList<>(List.of(form.split("&")));
        for (int i = 1 + random.nextInt(4); i > 0 && !pairs.isEmpty(); i--) {
            int at = random.nextInt(pairs.size());
            switch (random.nextInt(6)) {
                case 0 -> pairs.remove(at);
                case 1 -> pairs.add(pairs.get(at));
                case 2 -> pairs.set(at, pairs.get(at).split("=")[0] + "=" + randomFormValue(random));
                case 3 -> pairs.set(at, pairs.get(at).replace("=", ""));
                case 4 -> pairs.add(randomFormValue(random) + "=" + randomFormValue(random));
                default -> pairs.add(random.nextBoolean() ? "NumMedia=" + randomFormValue(random)
                        : "Latitude=" + randomFormValue(random));
            }
        }
        return String.join("&", pairs).getBytes(StandardCharsets.US_ASCII);
    }

    private static String randomFormValue(Random random) {
        String[] values = {"", "%", "%zz", "%E2%82", "-1", "99999999999999999999", "NaN", "1e309", "abc", "+",
                "whatsapp%3A%2B", "image%2Fjpeg", "%F0%9F%98%80"};
        return values[random.nextInt(values.length)];
    }

    // ------------------------------------------------------------------------------------------------ fixtures

    private static List<byte[]> metaFixtures() throws IOException, URISyntaxException {
        return fixtures("/fixtures/meta", ".json", "signature-test-vectors");
    }

    private static List<byte[]> twilioFixtures() throws IOException, URISyntaxException {
        return fixtures("/fixtures/twilio", ".txt", "\0");
    }

    private static List<byte[]> fixtures(String folder, String suffix, String except) throws IOException, URISyntaxException {
        Path path = Path.of(WebhookFuzzTest.class.getResource(folder).toURI());
        try (Stream<Path> files = Files.list(path)) {
            List<Path> chosen = files.filter(p -> p.toString().endsWith(suffix) && !p.toString().contains(except))
                    .sorted().toList();
            List<byte[]> bodies = new ArrayList<>();
            for (Path p : chosen) {
                bodies.add(Files.readAllBytes(p));
            }
            return bodies;
        }
    }

    private static String preview(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }
}
