package dev.switchboard.ticket.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.switchboard.events.AccountEvent;
import dev.switchboard.events.AccountEventType;
import dev.switchboard.events.ChannelConfig;
import dev.switchboard.events.Provider;
import dev.switchboard.schemas.EventDeserializer;
import dev.switchboard.schemas.Topics;
import dev.switchboard.schemas.testing.TestEvents;
import dev.switchboard.testing.SharedKafka;
import dev.switchboard.testing.TopicTail;
import dev.switchboard.testing.UseSharedKafka;
import dev.switchboard.testing.UseSharedPostgres;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One application context for every registry test (the same properties, so Spring caches it): the providers stubbed
 * over HTTP, an admin token and a channel key. Every test uses channel ids, WABA ids and numbers of its own: the
 * module's tests share one broker and the compacted channels topic.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "switchboard.admin.tokens=test-admin-token-0123456789",
        "switchboard.registry.public-webhook-url=https://hooks.example.test/",
        // a number of the channel file's "shop" (ingress's key), which the registry must not hand out again
        "switchboard.channels.shop.meta.phone-number-ids[0]=" + RegistryTestBase.FILE_NUMBER})
@UseSharedKafka
@UseSharedPostgres
@ActiveProfiles("flow")
abstract class RegistryTestBase {

    static final String ADMIN = "test-admin-token-0123456789";
    static final String AGENT = "test-agent-token";
    static final String FILE_NUMBER = "777000111222333";
    static final String KEY_ID = "test-2026";
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Duration WAIT = Duration.ofSeconds(20);

    static final ProviderStub STUB = new ProviderStub();
    /** Tokens Graph's debug_token knows, with their scopes. */
    static final Map<String, List<String>> TOKENS = new ConcurrentHashMap<>();

    static {
        STUB.on("GET", "/v27.0/debug_token", request -> {
            String token = query(request.query(), "input_token");
            List<String> scopes = token == null ? null : TOKENS.get(token);
            if (scopes == null) {
                return new ProviderStub.Reply(200, "{\"data\":{\"error\":{\"code\":190,\"message\":\"Invalid OAuth access"
                        + " token - Cannot parse access token\"},\"is_valid\":false,\"scopes\":[]}}");
            }
            return new ProviderStub.Reply(200, "{\"data\":{\"app_id\":\"123456789012345\",\"type\":\"SYSTEM_USER\","
                    + "\"application\":\"Switchboard\",\"expires_at\":0,\"is_valid\":true,\"scopes\":"
                    + JSON.writeValueAsString(scopes) + ",\"user_id\":\"42\"}}");
        });
    }

    @DynamicPropertySource
    static void providers(DynamicPropertyRegistry registry) {
        registry.add("switchboard.providers.graph-base-url", STUB::baseUrl);
        registry.add("switchboard.providers.twilio-base-url", STUB::baseUrl);
        registry.add("switchboard.providers.twilio-messaging-base-url", STUB::baseUrl);
        registry.add("switchboard.providers.dialog360-base-url", () -> STUB.baseUrl() + "/360dialog");
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 7);
        registry.add("switchboard.channel-keys", () -> KEY_ID + ":" + Base64.getEncoder().encodeToString(key));
    }

    @Value("${local.server.port}")
    int port;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    TopicTail<byte[]> channels;

    @BeforeAll
    static void topics() {
        TestEvents.createCatalogueTopics(2);
    }

    @BeforeEach
    void tailChannels() {
        channels = TopicTail.fromNow(SharedKafka.bootstrapServers(), new ByteArrayDeserializer(), Topics.CHANNELS.name());
    }

    @AfterEach
    void closeTail() {
        channels.close();
    }

    // ------------------------------------------------------------------------------------------------ HTTP

    record Answer(int status, JsonNode body, String text) {
    }

    Answer call(String method, String path, String json, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(60))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body().isBlank() || !response.body().trim().startsWith("{")
                    ? JSON.createObjectNode() : JSON.readTree(response.body());
            return new Answer(response.statusCode(), body, response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Answer admin(String method, String path, String json) {
        return call(method, path, json, ADMIN);
    }

    // ------------------------------------------------------------------------------------------------ providers

    static String unique(String prefix) {
        return prefix + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 41), 36);
    }

    /** Digits no other test uses (15 of them, like Meta's ids). */
    static String digits() {
        return String.valueOf(ThreadLocalRandom.current().nextLong(100_000_000_000_000L, 999_999_999_999_999L));
    }

    /** A number as Graph lists it. */
    static String graphNumber(String id, String display, String status, String quality, String level, String tier) {
        return "{\"id\":\"" + id + "\",\"display_phone_number\":\"" + display + "\",\"verified_name\":\"Acme\","
                + "\"status\":\"" + status + "\",\"quality_rating\":\"" + quality + "\",\"code_verification_status\":"
                + "\"VERIFIED\",\"platform_type\":\"CLOUD_API\",\"throughput\":{\"level\":\"" + level + "\"},"
                + "\"messaging_limit_tier\":\"" + tier + "\",\"name_status\":\"APPROVED\"}";
    }

    /** The WABA's numbers, in one page. */
    static void graphNumbers(String wabaId, String... numbers) {
        STUB.on("GET", "/v27.0/" + wabaId + "/phone_numbers", 200, "{\"data\":[" + String.join(",", numbers)
                + "],\"paging\":{\"cursors\":{\"before\":\"b\",\"after\":\"a\"}}}");
    }

    /** A Meta channel's WABA: its token, numbers, subscription; the channel's create request. */
    record MetaAccount(String channelId, String wabaId, String token, String appSecret, String number, String display) {

        String createRequest() {
            return "{\"channelId\":\"" + channelId + "\",\"provider\":\"meta\",\"meta\":{\"wabaId\":\"" + wabaId
                    + "\",\"accessToken\":\"" + token + "\",\"appSecret\":\"" + appSecret + "\",\"phoneNumberIds\":[\""
                    + number + "\"]},\"group\":\"Onboarded\",\"welcomeMessage\":\"Welcome to " + channelId
                    + "\",\"afterClose\":\"reopen\"}";
        }
    }

    static MetaAccount metaAccount() {
        String number = digits();
        String display = "+1 555-" + number.substring(0, 3) + "-" + number.substring(3, 7);
        MetaAccount account = new MetaAccount(unique("m-"), digits(), "EAAG" + unique("tok"), unique("secret-"),
                number, display);
        TOKENS.put(account.token(), List.of("whatsapp_business_management", "whatsapp_business_messaging",
                "business_management"));
        graphNumbers(account.wabaId(), graphNumber(number, display, "CONNECTED", "GREEN", "STANDARD", "TIER_2K"));
        STUB.on("GET", "/v27.0/" + number, 200, graphNumber(number, display, "CONNECTED", "GREEN", "STANDARD", "TIER_2K"));
        STUB.on("POST", "/v27.0/" + account.wabaId() + "/subscribed_apps", 200, "{\"success\":true}");
        STUB.on("GET", "/v27.0/" + account.wabaId() + "/subscribed_apps", 200,
                "{\"data\":[{\"whatsapp_business_api_data\":{\"name\":\"Switchboard\",\"id\":\"123456789012345\"}}]}");
        return account;
    }

    /** Creates the account's channel; asserts 201. */
    Answer created(MetaAccount account) {
        Answer answer = admin("POST", "/api/admin/channels", account.createRequest());
        assertThat(answer.status()).as(answer.text()).isEqualTo(201);
        return answer;
    }

    /** An account event of Meta's about the account's channel, as ingress publishes it. */
    static AccountEvent.Builder accountEvent(MetaAccount account, AccountEventType type, String field) {
        return AccountEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setProvider(Provider.META)
                .setChannelId(account.channelId())
                .setBusinessAccountId(account.wabaId())
                .setType(type)
                .setField(field)
                .setOccurredAt(Instant.now())
                .setReceivedAt(Instant.now())
                .setRawWebhookId(UUID.randomUUID().toString());
    }

    // ------------------------------------------------------------------------------------------------ the topic

    /** The channel's latest record published since the test began that matches, once there is one. */
    ConsumerRecord<String, byte[]> awaitPublished(String channelId, Predicate<ChannelConfig> which) {
        EventDeserializer<ChannelConfig> decoder = new EventDeserializer<>();
        Predicate<ConsumerRecord<String, byte[]>> matching = r -> channelId.equals(r.key()) && r.value() != null
                && which.test(decoder.deserialize(r.topic(), r.value()));
        Awaitility.await().atMost(WAIT).until(() -> channels.records().stream().anyMatch(matching));
        List<ConsumerRecord<String, byte[]>> found = channels.records().stream().filter(matching).toList();
        return found.get(found.size() - 1);
    }

    static ChannelConfig decode(ConsumerRecord<String, byte[]> record) {
        return new EventDeserializer<ChannelConfig>().deserialize(record.topic(), record.value());
    }

    private static String query(String query, String name) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
