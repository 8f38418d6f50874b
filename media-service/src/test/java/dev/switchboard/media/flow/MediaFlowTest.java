package dev.switchboard.media.flow;

import static dev.switchboard.media.testing.ProviderStub.file;
import static dev.switchboard.media.testing.ProviderStub.generatedFile;
import static dev.switchboard.media.testing.ProviderStub.graphError;
import static dev.switchboard.media.testing.ProviderStub.json;
import static dev.switchboard.media.testing.ProviderStub.redirect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.switchboard.events.InboundMessage;
import dev.switchboard.events.InboundMessageType;
import dev.switchboard.events.MediaEvent;
import dev.switchboard.events.MediaEventType;
import dev.switchboard.events.MediaFailure;
import dev.switchboard.schemas.Keys;
import dev.switchboard.store.MediaContent;
import dev.switchboard.testing.Replay;

/**
 * Inbound files end as exactly one MediaEvent each, on the real broker, PostgreSQL and S3Mock, with the providers
 * played over HTTP: stored once whatever is redelivered or replayed, or failed with the reason an agent can read.
 */
class MediaFlowTest extends FlowContext {

    @Test
    void anImageIsFetchedCheckedAndStoredOnceAfterARedeliveryAndAReplay() throws Exception {
        byte[] photo = randomBytes(300_000);
        String mediaId = "img-" + UUID.randomUUID();
        providers.on("/v27.0/" + mediaId, json(200, about(mediaId, "/files/" + mediaId, "image/jpeg",
                hex(sha256(photo)), (long) photo.length)));
        providers.on("/files/" + mediaId, file(photo, "image/jpeg", "Bearer shop-token"));
        InboundMessage message = MediaTestKit.meta(InboundMessageType.IMAGE, mediaId, sha256(photo), "image/jpeg");

        kit.send(message);

        await().atMost(WAIT).until(() -> kit.events(message.getMessageId()).size() == 1);
        MediaEvent event = kit.events(message.getMessageId()).get(0);
        assertThat(event.getType()).isEqualTo(MediaEventType.STORED);
        assertThat(event.getStored().getSha256()).isEqualTo(hex(sha256(photo)));
        assertThat(event.getStored().getKey()).isEqualTo("sha256/" + hex(sha256(photo)));
        assertThat(event.getStored().getSize()).isEqualTo(photo.length);
        assertThat(event.getStored().getMimeType()).isEqualTo("image/jpeg");
        assertThat(event.getProviderMediaId()).isEqualTo(mediaId);
        assertThat(event.getMediaIndex()).isZero();
        assertThat(event.getAttempts()).isEqualTo(1);
        assertThat(event.getFailure()).isNull();
        assertThat(kit.keyOf(message.getMessageId()))
                .isEqualTo(Keys.conversation(message.getChannelId(), message.getCustomer()));
        assertThat(providers.seen("/v27.0/" + mediaId)).singleElement()
                .satisfies(seen -> assertThat(seen.authorization()).isEqualTo("Bearer shop-token"));
        try (MediaContent content = store.open(hex(sha256(photo))).orElseThrow()) {
            assertThat(content.stream().readAllBytes()).as("the stored bytes").isEqualTo(photo);
        }

        kit.redeliver(message);
        Replay.fromTheStart(List.copyOf(listeners.getListenerContainers()));
        await().atMost(WAIT).until(this::settled);

        assertThat(kit.events(message.getMessageId())).as("one outcome per file").hasSize(1);
        assertThat(providers.seen("/v27.0/" + mediaId)).as("no second fetch").hasSize(1);
        assertThat(providers.seen("/files/" + mediaId)).as("no second download").hasSize(1);
        assertThat(jdbc.queryForObject("select count(*) from fetch_job where message_id = ?", Long.class,
                message.getMessageId())).isEqualTo(1);
    }

    @Test
    void aFileWhoseAnnouncedDigestIsStoredAlreadyIsNotDownloadedAgain() {
        byte[] sticker = randomBytes(30_000);
        String firstId = "stk-" + UUID.randomUUID();
        providers.on("/v27.0/" + firstId, json(200, about(firstId, "/files/" + firstId, "image/webp", null, null)));
        providers.on("/files/" + firstId, file(sticker, "image/webp", "Bearer shop-token"));
        InboundMessage first = MediaTestKit.meta(InboundMessageType.STICKER, firstId, sha256(sticker), "image/webp");
        kit.send(first);
        assertThat(awaitOutcome(first).getType()).isEqualTo(MediaEventType.STORED);

        // The same sticker sent again, with a media id Meta no longer serves (as after its retention).
        String secondId = "stk-" + UUID.randomUUID();
        InboundMessage second = MediaTestKit.meta(InboundMessageType.STICKER, secondId, sha256(sticker), "image/webp");
        kit.send(second);

        MediaEvent event = awaitOutcome(second);
        assertThat(event.getType()).isEqualTo(MediaEventType.STORED);
        assertThat(event.getStored().getKey()).isEqualTo(awaitOutcome(first).getStored().getKey());
        assertThat(providers.seen("/v27.0/" + secondId)).as("not even asked for").isEmpty();
        assertThat(providers.seen("/files/" + firstId)).hasSize(1);
    }

    @Test
    void aMetaMessageThatCarriesOnlyTheDownloadUrlIsDownloadedFromItWithTheToken() {
        byte[] scan = randomBytes(40_000);
        String path = "/lookaside/" + UUID.randomUUID();
        providers.on(path, file(scan, "application/pdf", "Bearer shop-token"));
        InboundMessage message = MediaTestKit.meta(InboundMessageType.DOCUMENT, null, sha256(scan), "application/pdf");
        message.getMedia().setUrl(providers.baseUrl() + path);

        kit.send(message);

        MediaEvent event = awaitOutcome(message);
        assertThat(event.getType()).as(String.valueOf(event.getFailureDetail())).isEqualTo(MediaEventType.STORED);
        assertThat(event.getStored().getSha256()).isEqualTo(hex(sha256(scan)));
        assertThat(event.getStored().getFilename()).isEqualTo("contract.pdf");
        assertThat(event.getProviderMediaId()).isEqualTo(providers.baseUrl() + path);
    }

    @Test
    void aFileWhoseBytesDoNotMatchTheAnnouncedDigestFailsAndIsNotStored() {
        byte[] photo = randomBytes(10_000);
        byte[] announced = sha256("something else".getBytes(StandardCharsets.UTF_8));
        String mediaId = "img-" + UUID.randomUUID();
        providers.on("/v27.0/" + mediaId, json(200, about(mediaId, "/files/" + mediaId, "image/jpeg", null, null)));
        providers.on("/files/" + mediaId, file(photo, "image/jpeg", "Bearer shop-token"));
        InboundMessage message = MediaTestKit.meta(InboundMessageType.IMAGE, mediaId, announced, "image/jpeg");

        kit.send(message);

        MediaEvent event = awaitOutcome(message);
        assertThat(event.getType()).isEqualTo(MediaEventType.FAILED);
        assertThat(event.getFailure()).isEqualTo(MediaFailure.HASH_MISMATCH);
        assertThat(event.getFailureDetail()).contains(hex(announced)).contains(hex(sha256(photo)));
        assertThat(event.getStored()).isNull();
        assertThat(store.find(hex(sha256(photo)))).as("nothing wrong becomes visible").isEmpty();
    }

    @Test
    void anExpiredMediaIdFailsAsExpiredWithMetasError() {
        String mediaId = "gone-" + UUID.randomUUID();
        providers.on("/v27.0/" + mediaId, graphError(400, 100,
                "Unsupported get request. Object with ID '" + mediaId + "' does not exist"));
        InboundMessage message = MediaTestKit.meta(InboundMessageType.AUDIO, mediaId, null, "audio/ogg");

        kit.send(message);

        MediaEvent event = awaitOutcome(message);
        assertThat(event.getFailure()).isEqualTo(MediaFailure.EXPIRED);
        assertThat(event.getError().getCode()).isEqualTo(100);
        assertThat(event.getError().getSubcode()).isEqualTo(33);
        assertThat(event.getFailureDetail()).contains("HTTP 400").contains("does not exist");
        assertThat(event.getAttempts()).as("a permanent failure is not retried").isEqualTo(1);
    }

    @Test
    void aFileOverItsTypesLimitFailsBeforeTheDownloadWhenItsSizeIsAnnounced() {
        String mediaId = "big-" + UUID.randomUUID();
        providers.on("/v27.0/" + mediaId, json(200, about(mediaId, "/files/" + mediaId, "image/jpeg", null,
                6L * 1024 * 1024)));
        InboundMessage message = MediaTestKit.meta(InboundMessageType.IMAGE, mediaId, null, "image/jpeg");

        kit.send(message);

        MediaEvent event = awaitOutcome(message);
        assertThat(event.getFailure()).isEqualTo(MediaFailure.TOO_LARGE);
        assertThat(event.getFailureDetail()).contains("6291456 bytes").contains("image is 5 MB");
        assertThat(providers.seen("/files/" + mediaId)).as("not downloaded").isEmpty();
    }

    @Test
    void aFileOverItsTypesLimitFailsWhileStreamingWhenNobodyAnnouncedItsSize() {
        String mediaId = "big-" + UUID.randomUUID();
        providers.on("/v27.0/" + mediaId, json(200, about(mediaId, "/files/" + mediaId, "image/jpeg", null, null)));
        providers.on("/files/" + mediaId, generatedFile(6L * 1024 * 1024, 7, "image/jpeg", false));
        InboundMessage message = MediaTestKit.meta(InboundMessageType.IMAGE, mediaId, null, "image/jpeg");

        kit.send(message);

        MediaEvent event = awaitOutcome(message);
        assertThat(event.getFailure()).isEqualTo(MediaFailure.TOO_LARGE);
        assertThat(event.getFailureDetail()).contains("image is 5 MB");
    }

    @Test
    void transientFailuresAreRetriedUntilTheFileIsStored() {
        byte[] voice = randomBytes(20_000);
        String mediaId = "flaky-" + UUID.randomUUID();
        providers.on("/v27.0/" + mediaId, json(500, "{\"error\":{\"message\":\"unknown\",\"code\":2}}"),
                json(503, "<html>unavailable</html>"),
                json(200, about(mediaId, "/files/" + mediaId, "audio/ogg", hex(sha256(voice)), (long) voice.length)));
        providers.on("/files/" + mediaId, json(502, "bad gateway"), file(voice, "audio/ogg", "Bearer shop-token"));
        InboundMessage message = MediaTestKit.meta(InboundMessageType.AUDIO, mediaId, sha256(voice), "audio/ogg");

        kit.send(message);

        MediaEvent event = awaitOutcome(message);
        assertThat(event.getType()).isEqualTo(MediaEventType.STORED);
        assertThat(event.getAttempts()).isEqualTo(4);
        assertThat(event.getStored().getSha256()).isEqualTo(hex(sha256(voice)));
    }

    @Test
    void transientFailuresThatPersistEndAsRetriesExhausted() {
        String mediaId = "down-" + UUID.randomUUID();
        providers.on("/v27.0/" + mediaId, json(503, "{\"error\":{\"message\":\"Service temporarily unavailable\","
                + "\"code\":2}}"));
        InboundMessage message = MediaTestKit.meta(InboundMessageType.VIDEO, mediaId, null, "video/mp4");

        kit.send(message);

        MediaEvent event = awaitOutcome(message);
        assertThat(event.getFailure()).isEqualTo(MediaFailure.RETRIES_EXHAUSTED);
        assertThat(event.getAttempts()).isEqualTo(4);
        assertThat(event.getFailureDetail()).contains("4 attempts").contains("HTTP 503");
        assertThat(providers.seen("/v27.0/" + mediaId)).hasSize(4);
    }

    @Test
    void twilioMediaIsFetchedWithBasicAuthAndItsRedirectToAnotherHostGetsNoCredentials() {
        byte[] picture = randomBytes(50_000);
        String mediaPath = "/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages/MM1/Media/ME"
                + UUID.randomUUID().toString().replace("-", "");
        String cdnPath = "/cdn" + mediaPath;
        providers.on(mediaPath, redirect(307, cdn.baseUrl() + cdnPath));
        cdn.on(cdnPath, file(picture, "image/png", null));
        InboundMessage message = MediaTestKit.twilio(providers.baseUrl() + mediaPath, "image/png");

        kit.send(message);

        MediaEvent event = awaitOutcome(message);
        assertThat(event.getType()).isEqualTo(MediaEventType.STORED);
        assertThat(event.getStored().getSha256()).isEqualTo(hex(sha256(picture)));
        assertThat(event.getStored().getMimeType()).isEqualTo("image/png");
        assertThat(event.getProviderMediaId()).isEqualTo(providers.baseUrl() + mediaPath);
        String basic = "Basic " + Base64.getEncoder().encodeToString(
                "AC0123456789abcdef0123456789abcdef:twilio-secret".getBytes(StandardCharsets.UTF_8));
        assertThat(providers.seen(mediaPath)).singleElement()
                .satisfies(seen -> assertThat(seen.authorization()).isEqualTo(basic));
        assertThat(cdn.seen(cdnPath)).singleElement().satisfies(seen -> {
            assertThat(seen.host()).startsWith("localhost:");
            assertThat(seen.authorization()).as("credentials stay on Twilio's host").isNull();
        });
    }

    @Test
    void mediaOfAChannelThisServiceDoesNotKnowFailsVisibly() {
        InboundMessage message = MediaTestKit.meta(InboundMessageType.IMAGE, "img-" + UUID.randomUUID(), null,
                "image/jpeg");
        message.setChannelId("unknown-channel");

        kit.send(message);

        MediaEvent event = awaitOutcome(message);
        assertThat(event.getFailure()).isEqualTo(MediaFailure.CHANNEL_UNAVAILABLE);
        assertThat(event.getFailureDetail()).contains("unknown-channel");
    }
}
