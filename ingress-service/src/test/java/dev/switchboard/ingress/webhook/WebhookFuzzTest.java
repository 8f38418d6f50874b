package dev.switchboard.ingress.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import dev.switchboard.events.RawWebhook;
import dev.switchboard.ingress.fuzz.ParserFuzz;
import dev.switchboard.ingress.meta.MetaWebhookParser;
import dev.switchboard.schemas.EventDeserializer;
import dev.switchboard.schemas.Topics;
import dev.switchboard.testing.SharedKafka;
import dev.switchboard.testing.TopicTail;
import dev.switchboard.testing.UseSharedKafka;
import dev.switchboard.testing.fuzz.Mutation;
import dev.switchboard.testing.fuzz.WebhookMutator;
import dev.switchboard.testing.fuzz.WebhookMutator.Format;

/**
 * Mutated fixtures (test-support's {@link WebhookMutator}) with valid signatures: a 20,000-body slice of the parser
 * fuzz ({@link ParserFuzz}, whose full run is {@code -Pfuzz}) neither crashes nor hangs and every event it makes can be
 * serialised; over HTTP every Meta and Twilio body is answered 200 and lands on the raw topic byte for byte.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@UseSharedKafka
@ActiveProfiles("test-channels")
class WebhookFuzzTest {

    private static final long SEED = Long.getLong("fuzz.seed", 20261121L);
    private static final Set<String> NUMBERS = Set.of("106540352242922", "109999999999999", "1122334455667", "409552778964973");

    @Value("${local.server.port}")
    private int port;

    @BeforeAll
    static void topics() {
        SharedKafka.createTopics(WebhookClient.ingressTopics());
    }

    @Test
    void aSliceOfTheParserFuzzNeitherCrashesNorHangsAndEveryEventCanBeSerialised() throws Exception {
        ParserFuzz fuzz = new ParserFuzz(Path.of(WebhookFuzzTest.class.getResource("/fixtures").toURI()),
                Path.of("target", "fuzz-slice"));
        ParserFuzz.Result result = fuzz.run(SEED, 0, 20_000, Duration.ofSeconds(2), System.out);

        assertThat(result.tried()).isEqualTo(20_000);
        assertThat(result.events()).as("events made from mutated fixtures").isGreaterThan(1_000);
        assertThat(result.failures()).as("crashes, safety-net catches and hangs (seed %d)", SEED).isEmpty();
        assertThat(result.passed()).isTrue();
    }

    /** D6: a key written twice keeps its last value, every time (Jackson's default; the raw body keeps both). */
    @Test
    void aDuplicateKeyKeepsItsLastValueAndTheSameBodyAlwaysGivesTheSameEvents() {
        String body = new String(WebhookClient.resource("/fixtures/meta/inbound-text.json"), StandardCharsets.UTF_8);
        String from = body.replaceAll("(?s).*\"from\": *\"(\\d+)\".*", "$1");
        byte[] twice = body.replaceFirst("\"from\": *\"\\d+\"", "\"from\": \"" + from + "\", \"from\": \"4900000000001\"")
                .getBytes(StandardCharsets.UTF_8);
        MetaWebhookParser parser = new MetaWebhookParser();

        ParsedWebhook first = parser.parse(source(), twice);
        ParsedWebhook again = parser.parse(source(), twice);

        assertThat(first.messages()).hasSize(1);
        assertThat(first.messages().get(0).getCustomer().getWaId()).isEqualTo("4900000000001");
        assertThat(again.messages()).hasSize(1);
        assertThat(again.messages().get(0).getCustomer()).isEqualTo(first.messages().get(0).getCustomer());
        assertThat(again.messages().get(0).getMessageId()).isEqualTo(first.messages().get(0).getMessageId());
    }

    @Test
    void overHttpEveryMutatedButSignedBodyIsAnswered200AndRecordedRaw() throws Exception {
        WebhookMutator meta = new WebhookMutator(Format.JSON, metaFixtures());
        WebhookMutator twilio = new WebhookMutator(Format.FORM, twilioFixtures());
        WebhookClient client = new WebhookClient(port);
        List<byte[]> sent = new ArrayList<>();
        try (TopicTail<SpecificRecord> tail = TopicTail.fromNow(SharedKafka.bootstrapServers(), new EventDeserializer(), Topics.WEBHOOKS_RAW.name())) {
            for (int i = 0; i < 300; i++) {
                Mutation mutation = i % 3 == 2 ? twilio.mutate(SEED + 1, i) : meta.mutate(SEED + 1, i);
                byte[] body = mutation.body();
                int status = i % 3 == 2
                        ? client.postTwilio("/webhooks/twilio/tw", "tw-auth-token", "https://hooks.example.test/webhooks/twilio/tw", body).statusCode()
                        : client.postMetaSigned("fixtures", "fixtures-app-secret", body).statusCode();
                assertThat(status).as("seed %d, input %d: %s: %s", SEED + 1, i, mutation, mutation.preview(300)).isEqualTo(200);
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

    private static WebhookSource source() {
        return new WebhookSource("fixtures", NUMBERS, "raw", Instant.now());
    }

    // ------------------------------------------------------------------------------------------------ fixtures

    private static List<byte[]> metaFixtures() throws URISyntaxException {
        return WebhookMutator.fixtures(fixtures("meta"), ".json");
    }

    private static List<byte[]> twilioFixtures() throws URISyntaxException {
        return WebhookMutator.fixtures(fixtures("twilio"), ".txt");
    }

    private static Path fixtures(String folder) throws URISyntaxException {
        return Path.of(WebhookFuzzTest.class.getResource("/fixtures/" + folder).toURI());
    }
}
