package dev.switchboard.ticket.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.switchboard.events.AfterCloseAction;
import dev.switchboard.events.ChannelConfig;
import dev.switchboard.events.InboundMessage;
import dev.switchboard.events.OutboundKind;
import dev.switchboard.events.OutboundRequest;
import dev.switchboard.events.Provider;
import dev.switchboard.kit.channels.ChannelKeys;
import dev.switchboard.schemas.EventDeserializer;
import dev.switchboard.schemas.Keys;
import dev.switchboard.schemas.Topics;
import dev.switchboard.schemas.testing.EventSender;
import dev.switchboard.schemas.testing.TestEvents;
import dev.switchboard.testing.SharedKafka;
import dev.switchboard.testing.TopicTail;
import dev.switchboard.ticket.channel.TicketChannels;
import dev.switchboard.ticket.channel.TicketChannels.AfterClose;
import tools.jackson.databind.JsonNode;

/** Onboarding a Meta channel through the admin API against a stubbed Graph API. */
class MetaOnboardingTest extends RegistryTestBase {

    @Autowired
    private ChannelKeys keys;
    @Autowired
    private TicketChannels ticketChannels;

    @Test
    void aBadTokenIsRefusedWithMetasCodeMessageAndAnAction() {
        Answer answer = admin("POST", "/api/admin/channels/meta/numbers",
                "{\"wabaId\":\"" + digits() + "\",\"accessToken\":\"EAAGrevoked\"}");

        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.body().path("error").asString()).isEqualTo("provider_refused");
        assertThat(answer.body().path("provider").asString()).isEqualTo("meta");
        assertThat(answer.body().path("step").asString()).isEqualTo("validate_token");
        assertThat(answer.body().path("code").asInt()).isEqualTo(190);
        assertThat(answer.body().path("message").asString()).isEqualTo("Invalid OAuth access token - Cannot parse access token");
        assertThat(answer.body().path("action").asString()).contains("generate a new system user token");
    }

    @Test
    void aTokenWithoutTheMessagingPermissionIsRefused() {
        String token = "EAAG" + unique("scope");
        TOKENS.put(token, List.of("whatsapp_business_management", "business_management"));

        Answer answer = admin("POST", "/api/admin/channels/meta/numbers",
                "{\"wabaId\":\"" + digits() + "\",\"accessToken\":\"" + token + "\"}");

        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.body().path("step").asString()).isEqualTo("check_permissions");
        assertThat(answer.body().path("message").asString()).contains("whatsapp_business_messaging");
        assertThat(answer.body().path("action").asString()).contains("whatsapp_business_messaging");
    }

    @Test
    void aGoodTokenListsTheWabasNumbersOverEveryPage() {
        String token = "EAAG" + unique("list");
        TOKENS.put(token, List.of("whatsapp_business_management", "whatsapp_business_messaging"));
        String waba = digits();
        String first = digits();
        String second = digits();
        STUB.on("GET", "/v27.0/" + waba + "/phone_numbers", request -> request.query().contains("after=page2")
                ? new ProviderStub.Reply(200, "{\"data\":[" + graphNumber(second, "+1 555-000-2222", "PENDING", "YELLOW",
                        "HIGH", "TIER_10K") + "],\"paging\":{\"cursors\":{\"before\":\"x\",\"after\":\"y\"}}}")
                : new ProviderStub.Reply(200, "{\"data\":[" + graphNumber(first, "+1 555-000-1111", "CONNECTED", "GREEN",
                        "STANDARD", "TIER_2K") + "],\"paging\":{\"cursors\":{\"before\":\"b\",\"after\":\"page2\"},"
                        + "\"next\":\"https://graph.facebook.com/v27.0/" + waba + "/phone_numbers?after=page2\"}}"));

        Answer answer = admin("POST", "/api/admin/channels/meta/numbers",
                "{\"wabaId\":\"" + waba + "\",\"accessToken\":\"" + token + "\"}");

        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        JsonNode numbers = answer.body().path("numbers");
        assertThat(numbers).hasSize(2);
        assertThat(numbers.get(0).path("id").asString()).isEqualTo(first);
        assertThat(numbers.get(0).path("displayNumber").asString()).isEqualTo("+1 555-000-1111");
        assertThat(numbers.get(0).path("verifiedName").asString()).isEqualTo("Acme");
        assertThat(numbers.get(0).path("quality").asString()).isEqualTo("GREEN");
        assertThat(numbers.get(0).path("throughput").asInt()).isEqualTo(80);
        assertThat(numbers.get(0).path("messagingLimit").asString()).isEqualTo("TIER_2K");
        assertThat(numbers.get(0).path("needsRegistration").asBoolean()).isFalse();
        assertThat(numbers.get(1).path("throughput").asInt()).isEqualTo(1000);
        assertThat(numbers.get(1).path("status").asString()).isEqualTo("PENDING");
        assertThat(numbers.get(1).path("needsRegistration").asBoolean()).isTrue();
        assertThat(STUB.last("GET", "/v27.0/debug_token").header("Authorization")).isEqualTo("Bearer " + token);
    }

    @Test
    void creatingAChannelRegistersSubscribesAndPublishesItWithSealedSecrets() {
        MetaAccount account = metaAccount();
        graphNumbers(account.wabaId(), graphNumber(account.number(), account.display(), "PENDING", "GREEN", "STANDARD",
                "TIER_250"));
        STUB.on("POST", "/v27.0/" + account.number() + "/register", 200, "{\"success\":true}");

        Answer withoutPin = admin("POST", "/api/admin/channels", account.createRequest());
        assertThat(withoutPin.status()).isEqualTo(422);
        assertThat(withoutPin.body().path("error").asString()).isEqualTo("invalid_channel");
        assertThat(withoutPin.body().path("details").get(0).path("field").asString()).isEqualTo("meta.pin");
        assertThat(withoutPin.body().path("details").get(0).path("problem").asString()).contains("a PIN is needed");

        Answer answer = admin("POST", "/api/admin/channels", account.createRequest()
                .replace("\"phoneNumberIds\"", "\"pin\":\"123456\",\"phoneNumberIds\""));

        assertThat(answer.status()).as(answer.text()).isEqualTo(201);
        JsonNode channel = answer.body();
        String callbackUrl = "https://hooks.example.test/webhooks/whatsapp/" + account.channelId();
        String verifyToken = channel.path("webhook").path("verifyToken").asString();
        assertThat(channel.path("webhook").path("callbackUrl").asString()).isEqualTo(callbackUrl);
        assertThat(verifyToken).hasSizeGreaterThanOrEqualTo(24);
        assertThat(channel.path("revision").asLong()).isEqualTo(1);
        assertThat(channel.path("enabled").asBoolean()).isTrue();
        assertThat(channel.path("numbers").get(0).path("status").asString()).isEqualTo("CONNECTED");
        assertThat(channel.path("health").path("state").asString()).isEqualTo("HEALTHY");
        // Meta was asked to register the number with the PIN, then to subscribe the app with our callback.
        ProviderStub.Seen register = STUB.last("POST", "/v27.0/" + account.number() + "/register");
        assertThat(JSON.readTree(register.body()).path("pin").asString()).isEqualTo("123456");
        assertThat(JSON.readTree(register.body()).path("messaging_product").asString()).isEqualTo("whatsapp");
        JsonNode subscription = JSON.readTree(STUB.last("POST", "/v27.0/" + account.wabaId() + "/subscribed_apps").body());
        assertThat(subscription.path("override_callback_uri").asString()).isEqualTo(callbackUrl);
        assertThat(subscription.path("verify_token").asString()).isEqualTo(verifyToken);
        assertThat(STUB.seen("GET", "/v27.0/" + account.wabaId() + "/subscribed_apps")).isNotEmpty();

        // On the channels topic, keyed by channel id, with every secret sealed: no clear secret in its bytes.
        ConsumerRecord<String, byte[]> record = awaitPublished(account.channelId(), c -> c.getRevision() == 1);
        String bytes = new String(record.value(), StandardCharsets.ISO_8859_1);
        assertThat(bytes).doesNotContain(account.token()).doesNotContain(account.appSecret()).doesNotContain(verifyToken);
        ChannelConfig config = decode(record);
        assertThat(config.getProvider()).isEqualTo(Provider.META);
        assertThat(config.getMeta().getWabaId()).isEqualTo(account.wabaId());
        assertThat(config.getNumbers().get(0).getId()).isEqualTo(account.number());
        assertThat(config.getAfterClose()).isEqualTo(AfterCloseAction.REOPEN);
        assertThat(keys.open(account.channelId(), config.getMeta().getAppSecret())).isEqualTo(account.appSecret());
        assertThat(keys.open(account.channelId(), config.getMeta().getVerifyToken())).isEqualTo(verifyToken);

        // GET hides the secrets.
        Answer read = admin("GET", "/api/admin/channels/" + account.channelId(), null);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.text()).doesNotContain(account.token()).doesNotContain(account.appSecret()).doesNotContain(verifyToken);
        assertThat(read.body().path("meta").path("appSecret").path("set").asBoolean()).isTrue();
        assertThat(read.body().path("meta").path("appSecret").path("keyId").asString()).isEqualTo(KEY_ID);
        assertThat(read.body().path("source").asString()).isEqualTo("registry");

        // ticket-service's own helpdesk settings follow without a restart.
        await().atMost(WAIT).untilAsserted(() -> {
            TicketChannels.Channel live = ticketChannels.find(account.channelId()).orElseThrow();
            assertThat(live.group()).isEqualTo("Onboarded");
            assertThat(live.welcomeMessage()).isEqualTo("Welcome to " + account.channelId());
            assertThat(live.afterClose()).isEqualTo(AfterClose.REOPEN);
        });
        assertThat(admin("GET", "/api/admin/channels", null).body().path("items").findValuesAsString("channelId"))
                .contains(account.channelId(), "shop", "club");
    }

    @Test
    void aRefusedSubscriptionLeavesNoChannel() {
        MetaAccount account = metaAccount();
        STUB.on("POST", "/v27.0/" + account.wabaId() + "/subscribed_apps", 400, "{\"error\":{\"message\":\"(#2200)"
                + " Callback verification failed with the following errors: HTTP Status Code = 404\",\"type\":"
                + "\"OAuthException\",\"code\":2200,\"fbtrace_id\":\"Atrace\"}}");

        Answer answer = admin("POST", "/api/admin/channels", account.createRequest());

        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.body().path("step").asString()).isEqualTo("subscribe");
        assertThat(answer.body().path("code").asInt()).isEqualTo(2200);
        assertThat(answer.body().path("message").asString()).startsWith("(#2200) Callback verification failed");
        assertThat(admin("GET", "/api/admin/channels/" + account.channelId(), null).status()).isEqualTo(404);
        // removed from the topic as well (a tombstone), so the admin can try again with the same id
        await().atMost(WAIT).until(() -> channels.records().stream()
                .anyMatch(r -> account.channelId().equals(r.key()) && r.value() == null));
    }

    @Test
    void aCallbackVerificationThatFailsWhileIngressCatchesUpIsTriedAgain() {
        MetaAccount account = metaAccount();
        java.util.concurrent.atomic.AtomicInteger posts = new java.util.concurrent.atomic.AtomicInteger();
        STUB.on("POST", "/v27.0/" + account.wabaId() + "/subscribed_apps", request -> posts.incrementAndGet() < 3
                ? new ProviderStub.Reply(400, "{\"error\":{\"message\":\"(#2200) Callback verification failed with the"
                        + " following errors: HTTP Status Code = 404\",\"type\":\"OAuthException\",\"code\":2200}}")
                : new ProviderStub.Reply(200, "{\"success\":true}"));

        Answer answer = admin("POST", "/api/admin/channels", account.createRequest());

        assertThat(answer.status()).as(answer.text()).isEqualTo(201);
        assertThat(posts.get()).isEqualTo(3);
    }

    @Test
    void patchRotatesTheAppSecretWithANewRevision() {
        MetaAccount account = metaAccount();
        created(account);

        Answer answer = admin("PATCH", "/api/admin/channels/" + account.channelId(),
                "{\"meta\":{\"appSecret\":\"rotated-secret-2\"},\"welcomeMessage\":null}");

        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        assertThat(answer.body().path("revision").asLong()).isEqualTo(2);
        assertThat(answer.body().path("welcomeMessage").isNull()).isTrue();
        ConsumerRecord<String, byte[]> record = awaitPublished(account.channelId(), c -> c.getRevision() == 2);
        assertThat(new String(record.value(), StandardCharsets.ISO_8859_1)).doesNotContain("rotated-secret-2");
        assertThat(keys.open(account.channelId(), decode(record).getMeta().getAppSecret())).isEqualTo("rotated-secret-2");
        assertThat(decode(record).getGroup()).isEqualTo("Onboarded");

        // A new access token is checked with Meta before anything changes.
        Answer refused = admin("PATCH", "/api/admin/channels/" + account.channelId(),
                "{\"meta\":{\"accessToken\":\"EAAGnot-known\"}}");
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body().path("code").asInt()).isEqualTo(190);
        assertThat(admin("GET", "/api/admin/channels/" + account.channelId(), null).body().path("revision").asLong())
                .isEqualTo(2);
    }

    @Test
    void disableAndEnableArePublished() {
        MetaAccount account = metaAccount();
        created(account);

        Answer disabled = admin("POST", "/api/admin/channels/" + account.channelId() + "/disable", null);
        assertThat(disabled.status()).isEqualTo(200);
        assertThat(disabled.body().path("enabled").asBoolean()).isFalse();
        awaitPublished(account.channelId(), c -> c.getRevision() == 2 && !c.getEnabled());

        Answer enabled = admin("POST", "/api/admin/channels/" + account.channelId() + "/enable", null);
        assertThat(enabled.body().path("enabled").asBoolean()).isTrue();
        awaitPublished(account.channelId(), c -> c.getRevision() == 3 && c.getEnabled());
    }

    @Test
    void anIdOrANumberOfAnotherChannelIsAConflict() {
        MetaAccount account = metaAccount();
        created(account);

        assertThat(admin("POST", "/api/admin/channels", account.createRequest()).status()).isEqualTo(409);
        MetaAccount other = metaAccount();
        graphNumbers(other.wabaId(), graphNumber(account.number(), account.display(), "CONNECTED", "GREEN", "STANDARD",
                "TIER_2K"));
        Answer sameNumber = admin("POST", "/api/admin/channels", other.createRequest()
                .replace(other.number(), account.number()));
        assertThat(sameNumber.status()).isEqualTo(409);
        assertThat(sameNumber.body().path("error").asString()).isEqualTo("channel_conflict");
        assertThat(sameNumber.body().path("message").asString()).contains(account.channelId());
        // the channel file's ids and numbers are taken too
        assertThat(admin("POST", "/api/admin/channels", other.createRequest().replace(other.channelId(), "shop")).status())
                .isEqualTo(409);
        assertThat(admin("POST", "/api/admin/channels", other.createRequest().replace(other.number(), FILE_NUMBER)).status())
                .isEqualTo(409);
        // a file channel is listed read-only and cannot be changed here
        assertThat(admin("GET", "/api/admin/channels/shop", null).body().path("source").asString()).isEqualTo("file");
        assertThat(admin("PATCH", "/api/admin/channels/shop", "{\"group\":\"x\"}").status()).isEqualTo(409);
    }

    @Test
    void ourOwnValidationNamesEveryField() {
        Answer answer = admin("POST", "/api/admin/channels", "{\"channelId\":\"Bad Id\",\"provider\":\"meta\","
                + "\"meta\":{\"wabaId\":\"x\"},\"afterClose\":\"later\",\"reminders\":true}");

        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.body().path("error").asString()).isEqualTo("invalid_channel");
        assertThat(answer.body().path("details").findValuesAsString("field")).contains("channelId", "afterClose",
                "reminderMessage", "meta.wabaId", "meta.accessToken", "meta.appSecret", "meta.phoneNumberIds");
    }

    @Test
    void aProviderThatDoesNotAnswerProperlyIsA502() {
        MetaAccount account = metaAccount();
        STUB.on("GET", "/v27.0/" + account.wabaId() + "/phone_numbers", 503, "{\"error\":\"upstream down\"}");

        Answer answer = admin("POST", "/api/admin/channels/meta/numbers",
                "{\"wabaId\":\"" + account.wabaId() + "\",\"accessToken\":\"" + account.token() + "\"}");

        assertThat(answer.status()).isEqualTo(502);
        assertThat(answer.body().path("error").asString()).isEqualTo("provider_unreachable");
        assertThat(answer.body().path("step").asString()).isEqualTo("list_numbers");
        assertThat(answer.body().path("action").asString()).isNotBlank();
    }

    @Test
    void patchMovesTheChannelToAnotherNumberOfItsWaba() {
        MetaAccount account = metaAccount();
        created(account);
        String second = digits();
        graphNumbers(account.wabaId(),
                graphNumber(account.number(), account.display(), "CONNECTED", "GREEN", "STANDARD", "TIER_2K"),
                graphNumber(second, "+1 555-999-0000", "CONNECTED", "YELLOW", "HIGH", "TIER_10K"));

        Answer notTheirs = admin("PATCH", "/api/admin/channels/" + account.channelId(),
                "{\"meta\":{\"phoneNumberIds\":[\"" + digits() + "\"]}}");
        assertThat(notTheirs.status()).isEqualTo(422);
        assertThat(notTheirs.body().path("details").get(0).path("field").asString()).isEqualTo("meta.phoneNumberIds[0]");

        Answer answer = admin("PATCH", "/api/admin/channels/" + account.channelId(),
                "{\"meta\":{\"phoneNumberIds\":[\"" + second + "\",\"" + account.number() + "\"]},\"throughput\":40}");

        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        assertThat(answer.body().path("numbers").findValuesAsString("id")).containsExactly(second, account.number());
        assertThat(answer.body().path("throughput").asInt()).isEqualTo(40);
        ChannelConfig config = decode(awaitPublished(account.channelId(), c -> c.getRevision() == 2));
        assertThat(config.getNumbers().get(0).getThroughput()).isEqualTo(1000);
        assertThat(config.getThroughput()).isEqualTo(40);
    }

    @Test
    void aChannelOnboardedAtRuntimeWelcomesItsFirstCustomerInItsGroup() {
        MetaAccount account = metaAccount();
        created(account);
        awaitPublished(account.channelId(), c -> c.getRevision() == 1);
        String waId = TestEvents.newCustomer();

        try (EventSender sender = new EventSender();
             TopicTail<SpecificRecord> requests = TopicTail.fromNow(SharedKafka.bootstrapServers(), new EventDeserializer(),
                     Topics.OUTBOUND_REQUESTS.name())) {
            InboundMessage message = TestEvents.text(account.channelId(), waId, "wamid.R." + waId, "Hello",
                    Instant.now()).build();
            sender.send(Topics.INBOUND_MESSAGES.name(), Keys.conversation(account.channelId(), message.getCustomer()),
                    message);

            await().atMost(WAIT).untilAsserted(() -> {
                JsonNode tickets = call("GET", "/api/tickets?state=all&channelId=" + account.channelId(), null, AGENT)
                        .body().path("items");
                assertThat(tickets).hasSize(1);
                assertThat(tickets.get(0).path("group").asString()).isEqualTo("Onboarded");
            });
            await().atMost(WAIT).untilAsserted(() -> assertThat(requests.values(Topics.OUTBOUND_REQUESTS.name(),
                    OutboundRequest.class)).filteredOn(r -> r.getKind() == OutboundKind.WELCOME
                            && waId.equals(r.getRecipient().getWaId()))
                    .singleElement().satisfies(r -> assertThat(r.getText().getBody())
                            .isEqualTo("Welcome to " + account.channelId())));
        }
    }
}
