package dev.switchboard.media.flow;

import static org.awaitility.Awaitility.await;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

import dev.switchboard.events.InboundMessage;
import dev.switchboard.events.MediaEvent;
import dev.switchboard.media.testing.MediaServiceTest;
import dev.switchboard.media.testing.ProviderStub;
import dev.switchboard.media.testing.TestProviders;
import dev.switchboard.schemas.testing.TestEvents;
import dev.switchboard.store.MediaStore;

/** The service context the flow tests share, the stub providers, and what every flow test needs. */
@MediaServiceTest
abstract class FlowContext {

    static final Duration WAIT = Duration.ofSeconds(60);

    @Autowired
    protected KafkaListenerEndpointRegistry listeners;

    @Autowired
    protected JdbcTemplate jdbc;

    @Autowired
    protected MediaStore store;

    protected final ProviderStub providers = TestProviders.providers();
    protected final ProviderStub cdn = TestProviders.cdn();
    protected MediaTestKit kit;

    @BeforeAll
    static void topics() {
        TestEvents.createCatalogueTopics(2);
    }

    @BeforeEach
    void watch() {
        await().atMost(WAIT).until(() -> listeners.getListenerContainers().stream()
                .allMatch(c -> c.getAssignedPartitions() != null && !c.getAssignedPartitions().isEmpty()));
        kit = new MediaTestKit();
    }

    @AfterEach
    void stopWatching() {
        kit.close();
    }

    /** Nothing left to consume, to fetch or to publish. */
    boolean settled() throws Exception {
        return MediaTestKit.nothingLeftToConsume(listeners) && jdbc.queryForObject(
                "select count(*) from fetch_job where state = 'pending' or not published", Long.class) == 0;
    }

    /** The first MediaEvent of the message, once there is one. */
    MediaEvent awaitOutcome(InboundMessage message) {
        await().atMost(WAIT).until(() -> !kit.events(message.getMessageId()).isEmpty());
        return kit.events(message.getMessageId()).get(0);
    }

    static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random().nextBytes(bytes);
        return bytes;
    }

    static byte[] sha256(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    /** Graph's answer to {@code GET /{media-id}}: where the file is, its type, digest (hex) and size. */
    String about(String mediaId, String path, String mimeType, String sha256Hex, Long size) {
        return "{\"messaging_product\":\"whatsapp\",\"url\":\"" + providers.baseUrl() + path + "\",\"mime_type\":\""
                + mimeType + "\"" + (sha256Hex == null ? "" : ",\"sha256\":\"" + sha256Hex + "\"")
                + (size == null ? "" : ",\"file_size\":" + size) + ",\"id\":\"" + mediaId + "\"}";
    }
}
