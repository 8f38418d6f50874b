package dev.switchboard.ingress.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import dev.switchboard.events.AccountEvent;
import dev.switchboard.events.AccountEventType;
import dev.switchboard.events.BusinessNumber;
import dev.switchboard.events.ChannelConfig;
import dev.switchboard.events.Dialog360Channel;
import dev.switchboard.events.MetaChannel;
import dev.switchboard.events.Provider;
import dev.switchboard.events.TwilioChannel;
import dev.switchboard.events.RawWebhook;
import dev.switchboard.kit.channels.ChannelKeys;
import dev.switchboard.kit.channels.ChannelPublisher;
import dev.switchboard.testing.UseSharedKafka;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Channels created, changed, disabled and removed on the channels topic while the service runs take effect without a
 * restart; account-level webhook fields become account events; 360dialog's webhooks are authenticated by their token.
 *
 * <p>Every test uses channel ids (and numbers) of its own: the broker and its compacted channels topic are shared by
 * every test of the module, so a record of another test's channel would change that test's channel.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@UseSharedKafka
@ActiveProfiles("test-channels")
class LiveChannelsEndpointTest {

    /** Well within "seconds": the feed polls every 200 ms. */
    private static final Duration WITHIN = Duration.ofSeconds(10);
    private static final String RAW = WebhookRecords.RAW;
    private static final String TOKEN_HEADER = "X-Switchboard-Webhook-Token";

    @Value("${local.server.port}")
    private int port;

    @Autowired
    private ChannelPublisher channels;

    /** The keys of application-test-channels.yml: what the registry would seal with. */
    @Autowired
    private ChannelKeys keys;

    @Autowired
    private MeterRegistry registry;

    private WebhookClient client;
    private WebhookRecords published;

    @BeforeEach
    void followTopics() {
        client = new WebhookClient(port);
        published = WebhookRecords.fromNow();
    }

    @AfterEach
    void close() {
        published.close();
    }

    @Test
    void aChannelCreatedOnTheTopicIsVerifiedAndReceivesWebhooksWithoutARestart() {
        byte[] body = textWebhook("7200001", "wamid.LIVE.CREATED");
        assertThat(client.postMetaSigned("it-created", "created-secret", body).statusCode()).isEqualTo(404);

        channels.publish(meta("it-created", 1, "created-secret", "7200001"));

        await().atMost(WITHIN).until(() -> verify("it-created", "verify-it-created").statusCode() == 200);
        assertThat(verify("it-created", "verify-it-created").body()).isEqualTo("challenge-42");
        assertThat(verify("it-created", "another-token").statusCode()).isEqualTo(403);
        assertThat(client.postMetaSigned("it-created", "created-secret", body).statusCode()).isEqualTo(200);
        RawWebhook raw = published.awaitRaw(body);
        assertThat(raw.getChannelId()).isEqualTo("it-created");
        await().atMost(WITHIN).untilAsserted(() -> assertThat(published.messagesOf(raw)).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("it-created:4915100001");
            assertThat(r.value().getChannelId()).isEqualTo("it-created");
            assertThat(r.value().getMessageId()).isEqualTo("wamid.LIVE.CREATED");
        }));
    }

    @Test
    void aRotatedAppSecretRefusesOldSignaturesAndAcceptsNewOnesWithinSeconds() {
        channels.publish(meta("it-rotation", 1, "old-secret", "7200002"));
        await().atMost(WITHIN).until(() ->
                client.postMetaSigned("it-rotation", "old-secret", textWebhook("7200002", "wamid.ROT.0")).statusCode() == 200);

        channels.publish(meta("it-rotation", 2, "new-secret", "7200002"));

        await().atMost(WITHIN).until(() ->
                client.postMetaSigned("it-rotation", "new-secret", textWebhook("7200002", "wamid.ROT.1")).statusCode() == 200);
        assertThat(client.postMetaSigned("it-rotation", "old-secret", textWebhook("7200002", "wamid.ROT.2")).statusCode())
                .isEqualTo(401);
        assertThat(client.postMetaSigned("it-rotation", "new-secret", textWebhook("7200002", "wamid.ROT.3")).statusCode())
                .isEqualTo(200);
    }

    @Test
    void aDisabledChannelIsAnswered404UntilItIsEnabledAgain() {
        channels.publish(meta("it-toggle", 1, "toggle-secret", "7200003"));
        await().atMost(WITHIN).until(() -> verify("it-toggle", "verify-it-toggle").statusCode() == 200);

        channels.publish(ChannelConfig.newBuilder(meta("it-toggle", 2, "toggle-secret", "7200003")).setEnabled(false).build());

        await().atMost(WITHIN).until(() -> verify("it-toggle", "verify-it-toggle").statusCode() == 404);
        byte[] whileDisabled = textWebhook("7200003", "wamid.TOGGLE.OFF");
        assertThat(client.postMetaSigned("it-toggle", "toggle-secret", whileDisabled).statusCode()).isEqualTo(404);
        assertThat(registry.get("switchboard.webhooks").tags("channel", "it-toggle", "outcome", "channel_disabled")
                .counter().count()).isPositive();

        channels.publish(meta("it-toggle", 3, "toggle-secret", "7200003"));

        byte[] enabledAgain = textWebhook("7200003", "wamid.TOGGLE.ON");
        await().atMost(WITHIN).until(() ->
                client.postMetaSigned("it-toggle", "toggle-secret", enabledAgain).statusCode() == 200);
        published.awaitRaw(enabledAgain);
        assertThat(published.records(RAW)).extracting(r -> ((RawWebhook) r.value()).getBody())
                .doesNotContain(ByteBuffer.wrap(whileDisabled));
    }

    @Test
    void aSecretSealedWithAKeyThisServiceDoesNotHaveIsAnswered503SoThatTheSenderRetries() {
        ChannelKeys unknownKey = ChannelKeys.parse("not-here:" + java.util.Base64.getEncoder().encodeToString(new byte[32]));
        channels.publish(meta("it-nokey", 1, unknownKey, "nokey-secret", "7200004"));

        await().atMost(WITHIN).until(() ->
                client.postMetaSigned("it-nokey", "nokey-secret", textWebhook("7200004", "wamid.NOKEY")).statusCode() == 503);
        assertThat(verify("it-nokey", "verify-it-nokey").statusCode()).isEqualTo(503);
        assertThat(published.records(RAW)).isEmpty();

        // Once the registry re-seals with a key this service has, the retry goes through.
        channels.publish(meta("it-nokey", 2, "nokey-secret", "7200004"));
        await().atMost(WITHIN).until(() ->
                client.postMetaSigned("it-nokey", "nokey-secret", textWebhook("7200004", "wamid.NOKEY")).statusCode() == 200);
    }

    @Test
    void aChangeForANumberOfAnotherTopicChannelOfTheSameAppIsRoutedThere() {
        channels.publish(meta("it-route-a", 1, "route-app-secret", "7200011"));
        channels.publish(meta("it-route-b", 1, "route-app-secret", "7200012"));
        channels.publish(meta("it-route-c", 1, "another-app-secret", "7200013"));
        await().atMost(WITHIN).until(() -> verify("it-route-c", "verify-it-route-c").statusCode() == 200);
        byte[] body = """
                {"object":"whatsapp_business_account","entry":[{"id":"waba-route","changes":[
                  {"field":"messages","value":{"metadata":{"phone_number_id":"7200011"},
                    "messages":[{"from":"4915100011","id":"wamid.LR.A","timestamp":"1765015200","type":"text","text":{"body":"a"}}]}},
                  {"field":"messages","value":{"metadata":{"phone_number_id":"7200012"},
                    "messages":[{"from":"4915100012","id":"wamid.LR.B","timestamp":"1765015201","type":"text","text":{"body":"b"}}]}},
                  {"field":"messages","value":{"metadata":{"phone_number_id":"7200013"},
                    "messages":[{"from":"4915100013","id":"wamid.LR.C","timestamp":"1765015202","type":"text","text":{"body":"c"}}]}}]}]}
                """.getBytes(StandardCharsets.UTF_8);

        assertThat(client.postMetaSigned("it-route-a", "route-app-secret", body).statusCode()).isEqualTo(200);

        RawWebhook raw = published.awaitRaw(body);
        await().atMost(WITHIN).untilAsserted(() -> assertThat(published.messagesOf(raw))
                .extracting(r -> r.value().getMessageId(), r -> r.value().getChannelId(), ConsumerRecord::key)
                .containsExactlyInAnyOrder(tuple("wamid.LR.A", "it-route-a", "it-route-a:4915100011"),
                        tuple("wamid.LR.B", "it-route-b", "it-route-b:4915100012")));

        // Disabled, B is no longer routed to: its number's changes stay on the raw topic only.
        channels.publish(ChannelConfig.newBuilder(meta("it-route-b", 2, "route-app-secret", "7200012")).setEnabled(false).build());
        await().atMost(WITHIN).until(() -> verify("it-route-b", "verify-it-route-b").statusCode() == 404);
        byte[] again = new String(body, StandardCharsets.UTF_8).replace("wamid.LR.", "wamid.LR2.").getBytes(StandardCharsets.UTF_8);
        assertThat(client.postMetaSigned("it-route-a", "route-app-secret", again).statusCode()).isEqualTo(200);
        RawWebhook second = published.awaitRaw(again);
        await().atMost(WITHIN).untilAsserted(() -> assertThat(published.messagesOf(second))
                .extracting(r -> r.value().getMessageId()).containsExactly("wamid.LR2.A"));
    }

    @Test
    void aFileChannelIsOverriddenByTheTopicAndComesBackWithTheTombstone() {
        byte[] first = textWebhook("7100001", "wamid.FILE.1");
        assertThat(client.postMetaSigned("file-overridden", "file-app-secret", first).statusCode()).isEqualTo(200);

        channels.publish(meta("file-overridden", 1, "topic-app-secret", "7100001"));

        await().atMost(WITHIN).until(() -> client.postMetaSigned("file-overridden", "topic-app-secret",
                textWebhook("7100001", "wamid.FILE.2")).statusCode() == 200);
        assertThat(client.postMetaSigned("file-overridden", "file-app-secret", textWebhook("7100001", "wamid.FILE.3"))
                .statusCode()).isEqualTo(401);

        channels.remove("file-overridden");

        await().atMost(WITHIN).until(() -> client.postMetaSigned("file-overridden", "file-app-secret",
                textWebhook("7100001", "wamid.FILE.4")).statusCode() == 200);
    }

    @Test
    void accountLevelFieldsArePublishedAsTypedAccountEventsKeyedByChannel() {
        channels.publish(meta("it-account", 1, "account-secret", "7200021"));
        await().atMost(WITHIN).until(() -> verify("it-account", "verify-it-account").statusCode() == 200);
        byte[] body = """
                {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","time":1765015200,"changes":[
                  {"field":"message_template_status_update","value":{"event":"APPROVED","message_template_id":806312974732579,
                    "message_template_name":"order_update","message_template_language":"en_US","reason":"NONE"}},
                  {"field":"phone_number_quality_update","value":{"display_phone_number":"15550783881","event":"UPGRADE",
                    "old_limit":"TIER_2K","current_limit":"TIER_10K","max_daily_conversations_per_business":"TIER_10K"}},
                  {"field":"business_capability_update","value":{"max_daily_conversation_per_phone":10000,
                    "max_phone_numbers_per_business":25,"max_phone_numbers_per_waba":20,
                    "max_daily_conversations_per_business":10000}},
                  {"field":"account_alerts","value":{"entity_type":"WABA","alert_info":{"alert_type":"OBA_APPROVED"}}}]}]}
                """.getBytes(StandardCharsets.UTF_8);

        assertThat(client.postMetaSigned("it-account", "account-secret", body).statusCode()).isEqualTo(200);

        RawWebhook raw = published.awaitRaw(body);
        await().atMost(WITHIN).untilAsserted(() -> assertThat(published.accountEventsOf(raw)).hasSize(4));
        List<ConsumerRecord<String, AccountEvent>> events = published.accountEventsOf(raw);
        assertThat(events).extracting(ConsumerRecord::key).containsOnly("it-account");
        assertThat(events).extracting(r -> r.value().getType(), r -> r.value().getField()).containsExactly(
                tuple(AccountEventType.TEMPLATE_STATUS, "message_template_status_update"),
                tuple(AccountEventType.NUMBER_QUALITY, "phone_number_quality_update"),
                tuple(AccountEventType.BUSINESS_CAPABILITY, "business_capability_update"),
                tuple(AccountEventType.ACCOUNT_ALERT, "account_alerts"));
        assertThat(events).extracting(ConsumerRecord::value).allSatisfy(e -> {
            assertThat(e.getProvider()).isEqualTo(Provider.META);
            assertThat(e.getChannelId()).isEqualTo("it-account");
            assertThat(e.getBusinessAccountId()).isEqualTo("102290129340398");
            assertThat(e.getOccurredAt()).isEqualTo(Instant.ofEpochSecond(1765015200));
        });
        assertThat(events.get(0).value().getTemplate().getName()).isEqualTo("order_update");
        assertThat(events.get(1).value().getNumberQuality().getCurrentLimit()).isEqualTo("TIER_10K");
        assertThat(events.get(2).value().getCapability().getMaxPhoneNumbersPerWaba()).isEqualTo(20L);
        assertThat(events.get(3).value().getValueJson()).contains("OBA_APPROVED");
        assertThat(events.get(3).value().getAlert().getAlertType()).isEqualTo("OBA_APPROVED");
        assertThat(registry.get("switchboard.webhooks.events").tags("channel", "it-account", "kind", "account_event")
                .counter().count()).isEqualTo(4.0);
    }

    @Test
    void aTwilioChannelCreatedOnTheTopicChecksSignaturesWithItsSealedAuthTokenAndPublicUrl() {
        String publicUrl = "https://hooks.example.test/webhooks/twilio/it-twilio";
        channels.publish(ChannelConfig.newBuilder(base("it-twilio", Provider.TWILIO, 1, "whatsapp:+15557200031"))
                .setTwilio(TwilioChannel.newBuilder().setAccountSid("AC7200031")
                        .setAuthToken(keys.seal("it-twilio", "live-auth-token")).setPublicUrl(publicUrl).build())
                .build());
        byte[] form = ("MessageSid=SM7200031live&AccountSid=AC7200031&From=whatsapp%3A%2B4915100031"
                + "&To=whatsapp%3A%2B15557200031&Body=hello&NumMedia=0&MessageType=text").getBytes(StandardCharsets.UTF_8);

        await().atMost(WITHIN).until(() ->
                client.postTwilio("/webhooks/twilio/it-twilio", "live-auth-token", publicUrl, form).statusCode() == 200);
        assertThat(client.postTwilio("/webhooks/twilio/it-twilio", "another-token", publicUrl, form).statusCode())
                .isEqualTo(403);

        RawWebhook raw = published.awaitRaw(form);
        assertThat(raw.getSignedUrl()).isEqualTo(publicUrl);
        await().atMost(WITHIN).untilAsserted(() -> assertThat(published.messagesOf(raw)).singleElement().satisfies(r -> {
            assertThat(r.value().getProvider()).isEqualTo(Provider.TWILIO);
            assertThat(r.value().getChannelId()).isEqualTo("it-twilio");
        }));
    }

    // ------------------------------------------------------------------------------------------------ 360dialog

    @Test
    void a360dialogWebhookWithTheRightTokenIsPublishedWithProviderDialog360() {
        byte[] body = webhook("7360001", "wamid.D360.FILE", true);

        HttpResponse<String> response = postDialog360("d360", "d360-webhook-token", body);

        assertThat(response.statusCode()).isEqualTo(200);
        RawWebhook raw = published.awaitRaw(body);
        assertThat(raw.getProvider()).isEqualTo(Provider.DIALOG360);
        assertThat(raw.getChannelId()).isEqualTo("d360");
        assertThat(raw.getPath()).isEqualTo("/webhooks/360dialog/d360");
        assertThat(raw.getHeaders()).doesNotContainKey(TOKEN_HEADER).doesNotContainValue("d360-webhook-token");
        await().atMost(WITHIN).untilAsserted(() -> {
            assertThat(published.messagesOf(raw)).singleElement().satisfies(r -> {
                assertThat(r.value().getProvider()).isEqualTo(Provider.DIALOG360);
                assertThat(r.value().getChannelId()).isEqualTo("d360");
                assertThat(r.key()).isEqualTo("d360:4915100001");
            });
            assertThat(published.statusesOf(raw)).singleElement()
                    .satisfies(r -> assertThat(r.value().getProvider()).isEqualTo(Provider.DIALOG360));
        });
    }

    @Test
    void a360dialogChannelCreatedOnTheTopicTakesItsTokenFromTheSealedRecord() {
        channels.publish(ChannelConfig.newBuilder(base("it-d360", Provider.DIALOG360, 1, "7360002"))
                .setDialog360(Dialog360Channel.newBuilder().setWebhookToken(keys.seal("it-d360", "live-d360-token")).build())
                .build());
        byte[] body = webhook("7360002", "wamid.D360.LIVE", false);

        await().atMost(WITHIN).until(() -> postDialog360("it-d360", "live-d360-token", body).statusCode() == 200);

        RawWebhook raw = published.awaitRaw(body);
        await().atMost(WITHIN).untilAsserted(() -> assertThat(published.messagesOf(raw)).singleElement()
                .satisfies(r -> assertThat(r.value().getProvider()).isEqualTo(Provider.DIALOG360)));
    }

    @Test
    void a360dialogWebhookWithAWrongOrMissingTokenIsRefused401AndUnknownChannels404() {
        byte[] body = webhook("7360001", "wamid.D360.REFUSED", false);
        byte[] marker = webhook("7360001", "wamid.D360.MARKER", false);

        HttpResponse<String> wrong = postDialog360("d360", "d360-webhook-tokeN", body);
        HttpResponse<String> missing = postDialog360("d360", null, body);
        HttpResponse<String> unknown = postDialog360("it-d360-nobody", "d360-webhook-token", body);
        HttpResponse<String> metaChannel = postDialog360("file-overridden", "d360-webhook-token", body);
        HttpResponse<String> onMetasPath = client.postMetaSigned("d360", "d360-webhook-token", body);

        assertThat(List.of(wrong, missing)).extracting(HttpResponse::statusCode).containsOnly(401);
        assertThat(List.of(unknown, metaChannel, onMetasPath)).extracting(HttpResponse::statusCode).containsOnly(404);
        assertThat(registry.get("switchboard.webhooks").tags("provider", "dialog360", "channel", "d360",
                "outcome", "bad_signature").counter().count()).isGreaterThanOrEqualTo(2.0);
        // Raw records of one channel share a partition: the marker is read after anything refused before it.
        assertThat(postDialog360("d360", "d360-webhook-token", marker).statusCode()).isEqualTo(200);
        published.awaitRaw(marker);
        assertThat(published.records(RAW)).hasSize(1);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private HttpResponse<String> verify(String channelId, String token) {
        return client.get("/webhooks/whatsapp/" + channelId + "?hub.mode=subscribe&hub.verify_token=" + token
                + "&hub.challenge=challenge-42");
    }

    private HttpResponse<String> postDialog360(String channelId, String token, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/webhooks/360dialog/" + channelId))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            request.header(TOKEN_HEADER, token);
        }
        return client.send(request.build());
    }

    private ChannelConfig meta(String id, long revision, String appSecret, String... numbers) {
        return meta(id, revision, keys, appSecret, numbers);
    }

    private static ChannelConfig meta(String id, long revision, ChannelKeys sealWith, String appSecret, String... numbers) {
        return ChannelConfig.newBuilder(base(id, Provider.META, revision, numbers))
                .setMeta(MetaChannel.newBuilder().setWabaId("waba-" + id)
                        .setAppSecret(sealWith.seal(id, appSecret))
                        .setVerifyToken(sealWith.seal(id, "verify-" + id))
                        .build())
                .build();
    }

    private static ChannelConfig base(String id, Provider provider, long revision, String... numbers) {
        return ChannelConfig.newBuilder()
                .setChannelId(id)
                .setRevision(revision)
                .setUpdatedAt(Instant.now())
                .setProvider(provider)
                .setNumbers(Arrays.stream(numbers).map(n -> BusinessNumber.newBuilder().setId(n).build()).toList())
                .build();
    }

    private static byte[] textWebhook(String numberId, String messageId) {
        return webhook(numberId, messageId, false);
    }

    private static byte[] webhook(String numberId, String messageId, boolean withStatus) {
        String status = withStatus ? ",\"statuses\":[{\"id\":\"" + messageId + "-OUT\",\"status\":\"delivered\","
                + "\"timestamp\":\"1765015201\",\"recipient_id\":\"4915100001\"}]" : "";
        return ("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"waba\",\"changes\":[{\"field\":\"messages\","
                + "\"value\":{\"metadata\":{\"phone_number_id\":\"" + numberId + "\"},\"messages\":[{\"from\":\"4915100001\","
                + "\"id\":\"" + messageId + "\",\"timestamp\":\"1765015200\",\"type\":\"text\",\"text\":{\"body\":\"hi\"}}]"
                + status + "}}]}]}").getBytes(StandardCharsets.UTF_8);
    }
}
