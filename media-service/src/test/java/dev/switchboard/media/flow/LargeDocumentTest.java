package dev.switchboard.media.flow;

import static dev.switchboard.media.testing.ProviderStub.generatedFile;
import static dev.switchboard.media.testing.ProviderStub.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.switchboard.events.InboundMessage;
import dev.switchboard.events.InboundMessageType;
import dev.switchboard.events.MediaEvent;
import dev.switchboard.events.MediaEventType;
import dev.switchboard.media.testing.ProviderStub;

/**
 * A document of 100 MB (WhatsApp's limit is 100 MiB) is streamed from the provider into the store: the stub writes
 * it as it generates it, and the service hands the response stream to the store, which spools it to disk. The
 * memory the service needs while such files stream is measured by the benchmark, not here.
 */
class LargeDocumentTest extends FlowContext {

    @Test
    void aHundredMegabyteDocumentIsStreamedIntoTheStore() {
        long size = 100_000_000L;
        long seed = 100;
        String sha256 = ProviderStub.generatedSha256(size, seed);
        String mediaId = "doc-" + UUID.randomUUID();
        providers.on("/v27.0/" + mediaId, json(200, about(mediaId, "/files/" + mediaId, "application/pdf", sha256,
                size)));
        providers.on("/files/" + mediaId, generatedFile(size, seed, "application/pdf", true));
        InboundMessage message = MediaTestKit.meta(InboundMessageType.DOCUMENT, mediaId,
                HexFormat.of().parseHex(sha256), "application/pdf");

        kit.send(message);

        await().atMost(Duration.ofMinutes(3)).until(() -> !kit.events(message.getMessageId()).isEmpty());
        MediaEvent event = kit.events(message.getMessageId()).get(0);
        assertThat(event.getType()).as(String.valueOf(event.getFailureDetail())).isEqualTo(MediaEventType.STORED);
        assertThat(event.getStored().getSize()).isEqualTo(size);
        assertThat(event.getStored().getSha256()).isEqualTo(sha256);
        assertThat(event.getStored().getFilename()).isEqualTo("contract.pdf");
        assertThat(store.find(sha256)).hasValueSatisfying(stored -> assertThat(stored.size()).isEqualTo(size));
    }
}
