package dev.switchboard.ticket.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.switchboard.events.ChannelConfig;
import dev.switchboard.events.NumberQuality;
import dev.switchboard.events.Provider;
import dev.switchboard.kit.channels.ChannelKeys;
import tools.jackson.databind.JsonNode;

/** Onboarding a Twilio and a 360dialog channel against stubbed Twilio and 360dialog APIs. */
class TwilioAndDialog360OnboardingTest extends RegistryTestBase {

    @Autowired
    private ChannelKeys keys;

    @Test
    void aTwilioChannelIsCheckedWithTheAccountAndItsSenders() {
        byte[] random = new byte[16];
        java.util.concurrent.ThreadLocalRandom.current().nextBytes(random);
        String sid = "AC" + java.util.HexFormat.of().formatHex(random);
        String authToken = unique("auth-");
        String sender = "+1555" + digits().substring(0, 7);
        String basic = "Basic " + Base64.getEncoder().encodeToString((sid + ":" + authToken).getBytes(StandardCharsets.UTF_8));
        STUB.on("GET", "/2010-04-01/Accounts/" + sid + ".json", request -> basic.equals(request.header("Authorization"))
                ? new ProviderStub.Reply(200, "{\"sid\":\"" + sid + "\",\"friendly_name\":\"Acme\",\"status\":\"active\",\"type\":\"Full\"}")
                : new ProviderStub.Reply(401, "{\"code\":20003,\"message\":\"Authenticate\",\"more_info\":"
                        + "\"https://www.twilio.com/docs/errors/20003\",\"status\":401}"));
        STUB.on("GET", "/v2/Channels/Senders", 200, "{\"senders\":[{\"sid\":\"XE1\",\"status\":\"ONLINE\",\"sender_id\":"
                + "\"whatsapp:" + sender + "\",\"profile\":{\"name\":\"Acme\"},\"properties\":{\"quality_rating\":\"HIGH\","
                + "\"messaging_limit\":\"2K Customers/24hr\"}}],\"meta\":{\"page\":0,\"page_size\":20,\"next_page_url\":null,"
                + "\"key\":\"senders\"}}");
        String channelId = unique("t-");
        String request = "{\"channelId\":\"" + channelId + "\",\"provider\":\"twilio\",\"twilio\":{\"accountSid\":\"" + sid
                + "\",\"authToken\":\"%s\",\"senders\":[\"" + sender + "\"]}}";

        Answer wrong = admin("POST", "/api/admin/channels", request.formatted("wrong-token"));
        assertThat(wrong.status()).isEqualTo(422);
        assertThat(wrong.body().path("provider").asString()).isEqualTo("twilio");
        assertThat(wrong.body().path("step").asString()).isEqualTo("validate_account");
        assertThat(wrong.body().path("code").asInt()).isEqualTo(20003);
        assertThat(wrong.body().path("message").asString()).isEqualTo("Authenticate");
        assertThat(wrong.body().path("action").asString()).contains("auth token");

        Answer answer = admin("POST", "/api/admin/channels", request.formatted(authToken));

        assertThat(answer.status()).as(answer.text()).isEqualTo(201);
        String messageUrl = "https://hooks.example.test/webhooks/twilio/" + channelId;
        assertThat(answer.body().path("webhook").path("messageUrl").asString()).isEqualTo(messageUrl);
        assertThat(answer.body().path("webhook").path("statusCallbackUrl").asString()).isEqualTo(messageUrl + "/status");
        JsonNode number = answer.body().path("numbers").get(0);
        assertThat(number.path("id").asString()).isEqualTo("whatsapp:" + sender);
        assertThat(number.path("quality").asString()).isEqualTo("GREEN");
        assertThat(number.path("messagingLimit").asString()).isEqualTo("TIER_2K");
        assertThat(answer.text()).doesNotContain(authToken);
        assertThat(STUB.last("GET", "/v2/Channels/Senders").header("Authorization")).isEqualTo(basic);

        ConsumerRecord<String, byte[]> record = awaitPublished(channelId, c -> c.getRevision() == 1);
        assertThat(new String(record.value(), StandardCharsets.ISO_8859_1)).doesNotContain(authToken);
        ChannelConfig config = decode(record);
        assertThat(config.getProvider()).isEqualTo(Provider.TWILIO);
        assertThat(config.getTwilio().getPublicUrl()).isEqualTo(messageUrl);
        assertThat(config.getNumbers().get(0).getQuality()).isEqualTo(NumberQuality.GREEN);
        assertThat(keys.open(channelId, config.getTwilio().getAuthToken())).isEqualTo(authToken);

        // a sender the account does not have
        Answer notTheirs = admin("POST", "/api/admin/channels", request.formatted(authToken)
                .replace(channelId, unique("t-")).replace(sender, "+15559999999"));
        assertThat(notTheirs.status()).isEqualTo(422);
        assertThat(notTheirs.body().path("details").get(0).path("field").asString()).isEqualTo("twilio.senders[0]");
    }

    @Test
    void aDialog360ChannelRegistersItsWebhookWithOurTokenHeader() {
        String apiKey = unique("d360-key-");
        String channelId = unique("d-");
        String numberId = digits();
        STUB.on("GET", "/360dialog/v1/configs/webhook", request -> apiKey.equals(request.header("D360-API-KEY"))
                ? new ProviderStub.Reply(404, "{\"meta\":{\"success\":false,\"http_code\":404,\"developer_message\":\"no webhook\"}}")
                : new ProviderStub.Reply(401, "{\"meta\":{\"success\":false,\"http_code\":401,\"developer_message\":\"Invalid api key\"}}"));
        STUB.on("POST", "/360dialog/v1/configs/webhook", 200, "{\"url\":\"ok\"}");
        String request = "{\"channelId\":\"" + channelId + "\",\"provider\":\"dialog360\",\"dialog360\":{\"apiKey\":\"%s\","
                + "\"phoneNumberId\":\"" + numberId + "\",\"displayNumber\":\"+49 151 0000000\"},\"group\":\"BSP\"}";

        Answer wrong = admin("POST", "/api/admin/channels", request.formatted("not-the-key"));
        assertThat(wrong.status()).isEqualTo(422);
        assertThat(wrong.body().path("step").asString()).isEqualTo("validate_key");
        assertThat(wrong.body().path("message").asString()).isEqualTo("Invalid api key");

        Answer answer = admin("POST", "/api/admin/channels", request.formatted(apiKey));

        assertThat(answer.status()).as(answer.text()).isEqualTo(201);
        String url = "https://hooks.example.test/webhooks/360dialog/" + channelId;
        assertThat(answer.body().path("webhook").path("url").asString()).isEqualTo(url);
        ProviderStub.Seen registration = STUB.last("POST", "/360dialog/v1/configs/webhook");
        assertThat(registration.header("D360-API-KEY")).isEqualTo(apiKey);
        JsonNode body = JSON.readTree(registration.body());
        assertThat(body.path("url").asString()).isEqualTo(url);
        String webhookToken = body.path("headers").path("X-Switchboard-Webhook-Token").asString();
        assertThat(webhookToken).hasSizeGreaterThanOrEqualTo(24);

        ConsumerRecord<String, byte[]> record = awaitPublished(channelId, c -> c.getRevision() == 1);
        assertThat(new String(record.value(), StandardCharsets.ISO_8859_1)).doesNotContain(apiKey).doesNotContain(webhookToken);
        ChannelConfig config = decode(record);
        assertThat(config.getProvider()).isEqualTo(Provider.DIALOG360);
        assertThat(config.getNumbers().get(0).getId()).isEqualTo(numberId);
        assertThat(keys.open(channelId, config.getDialog360().getWebhookToken())).isEqualTo(webhookToken);
        assertThat(keys.open(channelId, config.getDialog360().getApiKey())).isEqualTo(apiKey);
        assertThat(answer.text()).doesNotContain(apiKey).doesNotContain(webhookToken);
    }
}
