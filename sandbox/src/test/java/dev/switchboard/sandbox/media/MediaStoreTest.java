package dev.switchboard.sandbox.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.switchboard.testing.MutableClock;

/** The disk store without Spring: limits, expiry, purge and cleanup. */
class MediaStoreTest {

    private final MutableClock clock = MutableClock.stoppedAt(Instant.parse("2026-01-01T00:00:00Z"));

    private static MediaStore.Incoming pdf(long maxBytes) {
        return MediaStore.Incoming.meta("demo", "100200300400500", "application/pdf", "a.pdf", "upload", null,
                maxBytes);
    }

    private static long filesIn(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.count();
        }
    }

    @Test
    void aFileIsHashedCountedAndReadBack(@TempDir Path dir) throws Exception {
        MediaStore store = new MediaStore(dir, false, Duration.ofDays(30), clock);

        MediaFile file = store.store(new ByteArrayInputStream("hello".getBytes()), pdf(10));

        assertThat(file.sha256()).isEqualTo("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
        assertThat(file.size()).isEqualTo(5);
        assertThat(file.id()).matches("[0-9]{16}");
        try (InputStream in = store.open(file)) {
            assertThat(in.readAllBytes()).isEqualTo("hello".getBytes());
        }
        assertThat(store.live(file.id())).contains(file);
    }

    @Test
    void aFileOverItsLimitLeavesNothingBehind(@TempDir Path dir) throws Exception {
        MediaStore store = new MediaStore(dir, false, Duration.ofDays(30), clock);

        assertThatThrownBy(() -> store.store(new GeneratedContent(1001), pdf(1000)))
                .isInstanceOf(MediaStore.TooLarge.class);

        assertThat(filesIn(dir)).isZero();
        assertThat(store.all()).isEmpty();
        assertThat(store.store(new GeneratedContent(1000), pdf(1000)).size()).isEqualTo(1000);
    }

    @Test
    void anExpiredFileIsGoneForTheApisThenPurgedAnHourLater(@TempDir Path dir) throws Exception {
        MediaStore store = new MediaStore(dir, false, Duration.ofDays(30), clock);
        MediaFile file = store.store(new GeneratedContent(10), pdf(10));

        clock.advance(Duration.ofDays(30));
        assertThat(store.live(file.id())).isEmpty();
        store.purge();
        assertThat(store.find(file.id())).as("inspectable for an hour").isPresent();

        clock.advance(Duration.ofHours(1).plusSeconds(1));
        store.purge();
        assertThat(store.find(file.id())).isEmpty();
        assertThat(filesIn(dir)).isZero();
    }

    @Test
    void faultsAreCarriedByTheFile(@TempDir Path dir) throws Exception {
        MediaStore store = new MediaStore(dir, false, Duration.ofDays(30), clock);

        MediaFile expired = store.store(new GeneratedContent(10), pdf(10)
                .withFault(MediaFault.parse("expired", null)));
        MediaFile mismatch = store.store(new GeneratedContent(10), pdf(10)
                .withFault(MediaFault.parse("HASH_MISMATCH", null)));
        MediaFile failing = store.store(new GeneratedContent(10), pdf(10)
                .withFault(MediaFault.parse("server_error", 2)));

        assertThat(store.live(expired.id())).isEmpty();
        assertThat(mismatch.announcedSha256()).isNotEqualTo(mismatch.sha256()).matches("[0-9a-f]{64}");
        assertThat(failing.takeFailure()).isTrue();
        assertThat(failing.takeFailure()).isTrue();
        assertThat(failing.takeFailure()).isFalse();
        assertThatThrownBy(() -> MediaFault.parse("slow", null)).hasMessageContaining("mediaFault must be one of");
    }

    @Test
    void closingDeletesTheStoresOwnDirectory(@TempDir Path parent) throws Exception {
        Path own = parent.resolve("media");
        MediaStore store = new MediaStore(own, true, Duration.ofDays(30), clock);
        store.store(new GeneratedContent(100), pdf(100));

        store.close();

        assertThat(own).doesNotExist();
    }
}
