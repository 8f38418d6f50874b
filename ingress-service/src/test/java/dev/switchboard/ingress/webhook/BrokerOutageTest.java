package dev.switchboard.ingress.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.switchboard.events.InboundMessage;
import dev.switchboard.events.RawWebhook;
import dev.switchboard.schemas.EventDeserializer;
import dev.switchboard.schemas.Topics;
import dev.switchboard.testing.RestartableKafka;
import dev.switchboard.testing.TopicTail;

/**
 * The broker goes away and comes back: while it is away, webhooks are answered 503 within the configured bound (so
 * Meta retries them); once it is back, the retries succeed and every message is on its topic.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "switchboard.ingress.publish-timeout=2s",
        "spring.kafka.producer.properties.max.block.ms=2000"})
@ActiveProfiles("test-channels")
@DirtiesContext
class BrokerOutageTest {

    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(2);
    private static final RestartableKafka kafka = RestartableKafka.start();

    @Value("${local.server.port}")
    private int port;

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", kafka::bootstrapServers);
    }

    @BeforeAll
    static void topics() {
        kafka.createTopics(WebhookClient.ingressTopics());
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void whileTheBrokerIsDownWebhooksAreAnswered503InBoundedTimeAndNothingIsLostWhenItReturns() {
        WebhookClient client = new WebhookClient(port);
        byte[] before = textWebhook("wamid.OUTAGE.BEFORE");
        List<byte[]> during = List.of(textWebhook("wamid.OUTAGE.D1"), textWebhook("wamid.OUTAGE.D2"),
                textWebhook("wamid.OUTAGE.D3"));
        byte[] after = textWebhook("wamid.OUTAGE.AFTER");

        // The first send of a new producer (metadata, producer id) may outlast the 2 s timeout on a busy machine:
        // retried, as Meta would.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> post(client, before).statusCode() == 200);

        kafka.stop();
        for (byte[] body : during) {
            long started = System.nanoTime();
            HttpResponse<String> response = post(client, body);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(took).isLessThan(PUBLISH_TIMEOUT.plusSeconds(3));
        }

        kafka.restart();
        // What Meta does with a webhook that was not acknowledged: deliver it again until it is.
        for (byte[] body : during) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> post(client, body).statusCode() == 200);
        }
        assertThat(post(client, after).statusCode()).isEqualTo(200);

        List<byte[]> all = new ArrayList<>(during);
        all.add(0, before);
        all.add(after);
        try (TopicTail<SpecificRecord> topics = TopicTail.fromBeginning(kafka.bootstrapServers(), new EventDeserializer(), Topics.WEBHOOKS_RAW.name(),
                Topics.INBOUND_MESSAGES.name())) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                List<ByteBuffer> rawBodies = topics.records(Topics.WEBHOOKS_RAW.name()).stream()
                        .map(r -> ((RawWebhook) r.value()).getBody()).toList();
                List<String> messageIds = topics.records(Topics.INBOUND_MESSAGES.name()).stream()
                        .map(r -> ((InboundMessage) r.value()).getMessageId()).toList();
                assertThat(rawBodies).containsAll(all.stream().map(ByteBuffer::wrap).toList());
                assertThat(messageIds).contains("wamid.OUTAGE.BEFORE", "wamid.OUTAGE.D1", "wamid.OUTAGE.D2",
                        "wamid.OUTAGE.D3", "wamid.OUTAGE.AFTER");
            });
        }
    }

    private static HttpResponse<String> post(WebhookClient client, byte[] body) {
        return client.postMetaSigned("batch", "batch-app-secret", body);
    }

    private static byte[] textWebhook(String messageId) {
        return ("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"w\",\"changes\":[{\"field\":\"messages\","
                + "\"value\":{\"metadata\":{\"phone_number_id\":\"111\"},\"contacts\":[{\"profile\":{\"name\":\"Ana\"},"
                + "\"wa_id\":\"491701\"}],\"messages\":[{\"from\":\"491701\",\"id\":\"" + messageId + "\","
                + "\"timestamp\":\"1750000000\",\"type\":\"text\",\"text\":{\"body\":\"hello\"}}]}}]}]}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
