package dev.switchboard.media.flow;

import static dev.switchboard.media.testing.ProviderStub.file;
import static dev.switchboard.media.testing.ProviderStub.graphError;
import static dev.switchboard.media.testing.ProviderStub.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.switchboard.events.ChannelConfig;
import dev.switchboard.events.InboundMessage;
import dev.switchboard.events.InboundMessageType;
import dev.switchboard.events.MediaEvent;
import dev.switchboard.events.MediaEventType;
import dev.switchboard.events.MediaFailure;
import dev.switchboard.events.MetaChannel;
import dev.switchboard.events.Provider;

/**
 * What media-service relies on in Graph, for every version it supports (v23.0 to v27.0, the default v27.0): the
 * lookup at {@code /{version}/{media-id}} with the channel's token, its answer ({@code url}, {@code mime_type},
 * {@code sha256}, {@code file_size}), the download from the answer's URL, and Graph's error object ({@code code} 100:
 * the media id is unknown or expired). A channel's {@code graphApiVersion} (registry) picks the version.
 */
class GraphVersionsTest extends LiveChannelsContext {

    @ParameterizedTest
    @ValueSource(strings = {"v23.0", "v24.0", "v25.0", "v26.0", "v27.0"})
    void aChannelOnAVersionLooksUpDownloadsAndReadsGraphsErrorsThere(String version) {
        String channel = "graph-" + version + "-" + UUID.randomUUID();
        String token = "token-" + channel;
        ChannelConfig config = ChannelConfig.newBuilder().setChannelId(channel).setRevision(1)
                .setUpdatedAt(Instant.now()).setProvider(Provider.META).setMeta(MetaChannel.newBuilder()
                        .setWabaId("waba-" + channel).setAccessToken(keys.seal(channel, token))
                        .setGraphApiVersion(version).build()).build();
        publish(config);

        byte[] photo = randomBytes(40_000);
        String photoId = "img-" + UUID.randomUUID();
        String goneId = "gone-" + UUID.randomUUID();
        providers.on("/" + version + "/" + photoId, json(200, about(photoId, "/files/" + photoId, "image/png",
                hex(sha256(photo)), (long) photo.length)));
        providers.on("/files/" + photoId, file(photo, "image/png", "Bearer " + token));
        providers.on("/" + version + "/" + goneId, graphError(400, 100,
                "Unsupported get request. Object with ID '" + goneId + "' does not exist"));
        // No digest announced in the webhook: the lookup's sha256 is the one checked.
        InboundMessage image = MediaTestKit.meta(InboundMessageType.IMAGE, photoId, null, "image/jpeg");
        image.setChannelId(channel);
        InboundMessage gone = MediaTestKit.meta(InboundMessageType.AUDIO, goneId, null, "audio/ogg");
        gone.setChannelId(channel);

        kit.send(image);
        kit.send(gone);

        MediaEvent stored = awaitOutcome(image);
        assertThat(stored.getType()).as(String.valueOf(stored.getFailureDetail())).isEqualTo(MediaEventType.STORED);
        assertThat(stored.getStored().getSha256()).isEqualTo(hex(sha256(photo)));
        assertThat(stored.getStored().getSize()).isEqualTo(photo.length);
        assertThat(stored.getStored().getMimeType()).as("the lookup's mime_type").isEqualTo("image/png");
        assertThat(providers.seen("/" + version + "/" + photoId)).singleElement()
                .satisfies(seen -> assertThat(seen.authorization()).isEqualTo("Bearer " + token));
        assertThat(providers.seen("/files/" + photoId)).hasSize(1);

        MediaEvent expired = awaitOutcome(gone);
        assertThat(expired.getFailure()).isEqualTo(MediaFailure.EXPIRED);
        assertThat(expired.getError().getCode()).isEqualTo(100);
        assertThat(expired.getFailureDetail()).contains("does not exist");
        assertThat(providers.seen("/" + version + "/" + goneId)).hasSize(1);
    }
}
