package dev.switchboard.media.flow;

import static dev.switchboard.media.testing.ProviderStub.D360_API_KEY;
import static dev.switchboard.media.testing.ProviderStub.file;
import static dev.switchboard.media.testing.ProviderStub.json;
import static dev.switchboard.media.testing.ProviderStub.only;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.switchboard.events.ChannelConfig;
import dev.switchboard.events.Dialog360Channel;
import dev.switchboard.events.InboundMessage;
import dev.switchboard.events.InboundMessageType;
import dev.switchboard.events.MediaEvent;
import dev.switchboard.events.MediaEventType;
import dev.switchboard.events.MediaFailure;
import dev.switchboard.events.MetaChannel;
import dev.switchboard.events.Provider;
import dev.switchboard.kit.channels.ChannelKeys;
import dev.switchboard.media.testing.TestProviders;

/**
 * Channels from the channels topic (switchboard.channels.v1, published as ticket-service's registry does), over the
 * file's, without a restart; and 360dialog's media. Every test uses channel ids of its own: the topic is compacted and
 * shared by every test of the module.
 */
class LiveChannelsTest extends LiveChannelsContext {

    @Test
    void aChannelOnboardedAtRuntimeGetsItsFilesFetchedWithItsOpenedToken() {
        String channel = "live-meta-" + UUID.randomUUID();
        publish(meta(channel, 1, "token-" + channel).build());

        InboundMessage message = metaImage(channel, "Bearer token-" + channel);
        kit.send(message);

        MediaEvent event = awaitOutcome(message);
        assertThat(event.getType()).as(String.valueOf(event.getFailureDetail())).isEqualTo(MediaEventType.STORED);
        assertThat(event.getChannelId()).isEqualTo(channel);
        assertThat(providers.seen("/v27.0/" + message.getMedia().getId())).singleElement()
                .satisfies(seen -> assertThat(seen.authorization()).isEqualTo("Bearer token-" + channel));
    }

    @Test
    void aTokenRotatedOnTheTopicIsUsedForTheNextFetch() {
        String channel = "live-rotated-" + UUID.randomUUID();
        publish(meta(channel, 1, "old-token").build());
        InboundMessage before = metaImage(channel, "Bearer old-token");
        kit.send(before);
        assertThat(awaitOutcome(before).getType()).isEqualTo(MediaEventType.STORED);

        publish(meta(channel, 2, "new-token").build());
        InboundMessage after = metaImage(channel, "Bearer new-token");
        kit.send(after);

        MediaEvent event = awaitOutcome(after);
        assertThat(event.getType()).as(String.valueOf(event.getFailureDetail())).isEqualTo(MediaEventType.STORED);
        assertThat(providers.seen("/v27.0/" + after.getMedia().getId())).singleElement()
                .satisfies(seen -> assertThat(seen.authorization()).isEqualTo("Bearer new-token"));
    }

    @Test
    void aDisabledChannelsFilesAreStillFetched() {
        String channel = "live-disabled-" + UUID.randomUUID();
        publish(meta(channel, 1, "token-" + channel).setEnabled(false).build());

        InboundMessage message = metaImage(channel, "Bearer token-" + channel);
        kit.send(message);

        assertThat(awaitOutcome(message).getType()).isEqualTo(MediaEventType.STORED);
    }

    @Test
    void dialog360MediaIsLookedUpAndDownloadedThroughItsBaseUrlWithTheKey() {
        String channel = "live-360-" + UUID.randomUUID();
        // A base URL with a path of its own: the download keeps it in front of Meta's path.
        String prefix = "/bsp-" + UUID.randomUUID();
        publish(dialog360(channel, 1, providers.baseUrl() + prefix, "key-" + channel));
        byte[] photo = randomBytes(80_000);
        InboundMessage message = dialog360Image(channel, photo);
        String mediaId = message.getMedia().getId();
        providers.on(prefix + "/" + mediaId, only(D360_API_KEY, "key-" + channel, json(200, lookaside(mediaId, photo))));
        providers.on(prefix + "/whatsapp_business/attachments/",
                only(D360_API_KEY, "key-" + channel, file(photo, "image/jpeg", null)));

        kit.send(message);

        MediaEvent event = awaitOutcome(message);
        assertThat(event.getType()).as(String.valueOf(event.getFailureDetail())).isEqualTo(MediaEventType.STORED);
        assertThat(event.getStored().getSha256()).isEqualTo(hex(sha256(photo)));
        assertThat(providers.seen(prefix + "/" + mediaId)).singleElement()
                .satisfies(seen -> assertThat(seen.apiKey()).isEqualTo("key-" + channel));
        assertThat(providers.seen(prefix + "/whatsapp_business/attachments/")).singleElement().satisfies(seen -> {
            assertThat(seen.host()).as("Meta's lookaside host replaced by the base URL's")
                    .isEqualTo(providers.baseUrl().substring("http://".length()));
            assertThat(seen.query()).isEqualTo("mid=" + mediaId + "&ext=1765000000&hash=ATuX");
            assertThat(seen.apiKey()).isEqualTo("key-" + channel);
            assertThat(seen.authorization()).as("no bearer token for 360dialog").isNull();
        });
    }

    @Test
    void aDialog360ChannelOfTheFileUsesTheDefaultBaseUrl() {
        byte[] voice = randomBytes(20_000);
        InboundMessage message = dialog360Image("shop-360", voice);
        String mediaId = message.getMedia().getId();
        String base = TestProviders.DIALOG360_PREFIX;
        providers.on(base + "/" + mediaId, only(D360_API_KEY, "d360-file-key", json(200, lookaside(mediaId, voice))));
        providers.on(base + "/whatsapp_business/attachments/",
                only(D360_API_KEY, "d360-file-key", file(voice, "image/jpeg", null)));

        kit.send(message);

        MediaEvent event = awaitOutcome(message);
        assertThat(event.getType()).as(String.valueOf(event.getFailureDetail())).isEqualTo(MediaEventType.STORED);
        assertThat(providers.seen(base + "/whatsapp_business/attachments/"))
                .anySatisfy(seen -> assertThat(seen.query()).startsWith("mid=" + mediaId + "&"));
    }

    @Test
    void aWrongDialog360KeyMakesTheChannelUnavailable() {
        String channel = "live-360-wrong-" + UUID.randomUUID();
        String prefix = "/bsp-" + UUID.randomUUID();
        publish(dialog360(channel, 1, providers.baseUrl() + prefix, "revoked-key"));
        byte[] photo = randomBytes(1_000);
        InboundMessage message = dialog360Image(channel, photo);
        String mediaId = message.getMedia().getId();
        providers.on(prefix + "/" + mediaId, only(D360_API_KEY, "the-right-key", json(200, lookaside(mediaId, photo))));

        kit.send(message);

        MediaEvent event = awaitOutcome(message);
        assertThat(event.getFailure()).isEqualTo(MediaFailure.CHANNEL_UNAVAILABLE);
        assertThat(event.getFailureDetail()).contains("360dialog media " + mediaId).contains("HTTP 401");
        assertThat(event.getAttempts()).isEqualTo(1);
        assertThat(providers.seen(prefix + "/whatsapp_business/attachments/")).isEmpty();
    }

    @Test
    void aSecretThatDoesNotOpenHereMakesTheChannelUnavailableNamingTheKeyNeverTheSecret() {
        // Sealed with a key this service does not have (e.g. dropped from SWITCHBOARD_CHANNEL_KEYS too early) ...
        String retired = "live-retired-" + UUID.randomUUID();
        ChannelKeys retiredKeys = ChannelKeys.parse("retired-2025:" + Base64.getEncoder().encodeToString(new byte[32]));
        publish(channel(retired, 1, Provider.META).setMeta(MetaChannel.newBuilder()
                .setAccessToken(retiredKeys.seal(retired, "secret-of-" + retired)).build()).build());
        // ... and one sealed for another channel, copied onto this one.
        String copied = "live-copied-" + UUID.randomUUID();
        publish(channel(copied, 1, Provider.META).setMeta(MetaChannel.newBuilder()
                .setAccessToken(keys.seal("another-channel", "secret-of-" + copied)).build()).build());
        InboundMessage first = metaImage(retired, "Bearer secret-of-" + retired);
        InboundMessage second = metaImage(copied, "Bearer secret-of-" + copied);

        kit.send(first);
        kit.send(second);

        MediaEvent unopened = awaitOutcome(first);
        assertThat(unopened.getFailure()).isEqualTo(MediaFailure.CHANNEL_UNAVAILABLE);
        assertThat(unopened.getFailureDetail()).contains(retired).contains("'retired-2025'")
                .doesNotContain("secret-of-");
        MediaEvent misplaced = awaitOutcome(second);
        assertThat(misplaced.getFailure()).isEqualTo(MediaFailure.CHANNEL_UNAVAILABLE);
        assertThat(misplaced.getFailureDetail()).contains(copied).contains("does not open").doesNotContain("secret-of-");
        assertThat(providers.seen("/v27.0/" + first.getMedia().getId())).as("nothing asked of Meta").isEmpty();
        assertThat(providers.seen("/v27.0/" + second.getMedia().getId())).isEmpty();
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private ChannelConfig.Builder channel(String id, long revision, Provider provider) {
        return ChannelConfig.newBuilder().setChannelId(id).setRevision(revision).setUpdatedAt(Instant.now())
                .setProvider(provider);
    }

    private ChannelConfig.Builder meta(String id, long revision, String accessToken) {
        return channel(id, revision, Provider.META).setMeta(MetaChannel.newBuilder()
                .setWabaId("waba-" + id).setAccessToken(keys.seal(id, accessToken)).build());
    }

    private ChannelConfig dialog360(String id, long revision, String baseUrl, String apiKey) {
        return channel(id, revision, Provider.DIALOG360).setDialog360(Dialog360Channel.newBuilder()
                .setBaseUrl(baseUrl).setApiKey(keys.seal(id, apiKey)).build()).build();
    }

    /** A Meta image on the channel whose Graph lookup and download answer only with {@code authorization}. */
    private InboundMessage metaImage(String channel, String authorization) {
        byte[] photo = randomBytes(30_000);
        String mediaId = "img-" + UUID.randomUUID();
        providers.on("/v27.0/" + mediaId, only("Authorization", authorization, json(200,
                about(mediaId, "/files/" + mediaId, "image/jpeg", hex(sha256(photo)), (long) photo.length))));
        providers.on("/files/" + mediaId, file(photo, "image/jpeg", authorization));
        InboundMessage message = MediaTestKit.meta(InboundMessageType.IMAGE, mediaId, sha256(photo), "image/jpeg");
        message.setChannelId(channel);
        return message;
    }

    private static InboundMessage dialog360Image(String channel, byte[] content) {
        InboundMessage message = MediaTestKit.meta(InboundMessageType.IMAGE, "d360-" + UUID.randomUUID(),
                sha256(content), "image/jpeg");
        message.setChannelId(channel);
        message.setProvider(Provider.DIALOG360);
        return message;
    }

    /** 360dialog's answer to {@code GET /{media-id}}: Meta's lookup, its URL on Meta's lookaside host. */
    private static String lookaside(String mediaId, byte[] content) {
        return "{\"messaging_product\":\"whatsapp\",\"url\":\"https://lookaside.fbsbx.com/whatsapp_business/attachments/"
                + "?mid=" + mediaId + "&ext=1765000000&hash=ATuX\",\"mime_type\":\"image/jpeg\",\"sha256\":\""
                + hex(sha256(content)) + "\",\"file_size\":" + content.length + ",\"id\":\"" + mediaId + "\"}";
    }
}
