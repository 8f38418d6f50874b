package dev.switchboard.media.flow;

import static dev.switchboard.media.testing.ProviderStub.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.switchboard.events.InboundMessage;
import dev.switchboard.events.InboundMessageType;
import dev.switchboard.events.MediaEventType;
import dev.switchboard.media.job.FetchLoop;
import dev.switchboard.media.testing.ProviderStub;

/**
 * A stop while a download stalls: the fetch threads get their stop timeout, then the job still being fetched is made
 * due at once for another replica; the stopped fetch's late outcome records nothing, and the file ends as one event.
 */
class StopTest extends FlowContext {

    @Autowired
    private FetchLoop fetching;

    @Test
    void aFetchUnfinishedAtStopIsReleasedForTheNextReplicaAndEndsAsOneEvent() throws Exception {
        byte[] video = randomBytes(200_000);
        String mediaId = "slow-" + UUID.randomUUID();
        CountDownLatch resume = new CountDownLatch(1);
        providers.on("/v27.0/" + mediaId, json(200, about(mediaId, "/files/" + mediaId, "video/mp4",
                hex(sha256(video)), (long) video.length)));
        ProviderStub.Answer stalls = exchange -> {
            exchange.sendResponseHeaders(200, video.length);
            exchange.getResponseBody().write(video, 0, 1000);
            exchange.getResponseBody().flush();
            try {
                resume.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.getResponseBody().write(video, 1000, video.length - 1000);
        };
        providers.on("/files/" + mediaId, stalls, ProviderStub.file(video, "video/mp4", "Bearer shop-token"));
        InboundMessage message = MediaTestKit.meta(InboundMessageType.VIDEO, mediaId, sha256(video), "video/mp4");

        kit.send(message);
        await().atMost(WAIT).until(() -> providers.seen("/files/" + mediaId).size() == 1);
        try {
            fetching.stop();

            Map<String, Object> job = jdbc.queryForMap("select state, claim_id, due_at from fetch_job where message_id = ?",
                    message.getMessageId());
            assertThat(job.get("state")).isEqualTo("pending");
            assertThat(job.get("claim_id")).as("released").isNull();
            assertThat(((java.sql.Timestamp) job.get("due_at")).toInstant()).isBeforeOrEqualTo(Instant.now());
        } finally {
            resume.countDown();
            // the stalled thread finishes its fetch (recording nothing) and ends before the threads start again
            await().atMost(WAIT).until(() -> Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(t -> t.isAlive() && t.getName().startsWith("media-fetch")));
            fetching.start();
        }

        await().atMost(WAIT).until(() -> !kit.events(message.getMessageId()).isEmpty());
        await().atMost(WAIT).until(this::settled);
        assertThat(kit.events(message.getMessageId())).singleElement()
                .satisfies(event -> assertThat(event.getType()).isEqualTo(MediaEventType.STORED));
        assertThat(jdbc.queryForObject("select attempts from fetch_job where message_id = ?", Integer.class,
                message.getMessageId())).isEqualTo(2);
    }
}
