package dev.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.switchboard.store.testing.S3TestServer;
import software.amazon.awssdk.services.s3.S3Client;

/** The store against a real S3-compatible server (S3Mock in this JVM), configured the way a service configures it. */
class S3MediaStoreTest {

    @TempDir
    Path spool;

    private ApplicationContextRunner runner(String bucket) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(MediaStoreAutoConfiguration.class))
                .withPropertyValues(S3TestServer.properties(bucket).entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue()).toArray(String[]::new))
                .withPropertyValues("switchboard.media.store.spool-dir=" + spool);
    }

    @Test
    void storesAFileUnderItsDigestAndServesItBackByteForByte() {
        byte[] photo = randomBytes(300_000);
        runner("photos").run(context -> {
            MediaStore store = context.getBean(MediaStore.class);
            StoredObject stored = store.put(new ByteArrayInputStream(photo), "image/jpeg", 5_000_000,
                    Sha256.hexOf(photo));

            assertThat(stored.sha256()).isEqualTo(Sha256.hexOf(photo));
            assertThat(stored.key()).isEqualTo("sha256/" + Sha256.hexOf(photo));
            assertThat(stored.size()).isEqualTo(photo.length);
            assertThat(store.find(stored.sha256())).contains(stored);
            try (MediaContent content = store.open(stored.sha256()).orElseThrow()) {
                assertThat(content.mimeType()).isEqualTo("image/jpeg");
                assertThat(content.totalSize()).isEqualTo(photo.length);
                assertThat(content.stream().readAllBytes()).isEqualTo(photo);
            }
            assertThat(spoolFiles()).as("spool files left behind").isZero();
        });
    }

    @Test
    void theSameBytesAreWrittenOnce() {
        byte[] document = randomBytes(50_000);
        runner("dedup").run(context -> {
            MediaStore store = context.getBean(MediaStore.class);
            S3Client s3 = context.getBean(S3Client.class);
            StoredObject first = store.put(new ByteArrayInputStream(document), "application/pdf", 1_000_000, null);
            String firstEtag = s3.headObject(b -> b.bucket("dedup").key(first.key())).lastModified().toString();

            StoredObject second = store.put(new ByteArrayInputStream(document), "application/octet-stream",
                    1_000_000, null);

            assertThat(second).isEqualTo(first);
            assertThat(second.mimeType()).as("the first writer's type stays").isEqualTo("application/pdf");
            assertThat(s3.listObjectsV2(b -> b.bucket("dedup")).contents()).hasSize(1);
            assertThat(s3.headObject(b -> b.bucket("dedup").key(first.key())).lastModified().toString())
                    .as("not rewritten").isEqualTo(firstEtag);
        });
    }

    @Test
    void aFileOverTheLimitOrWithAnotherDigestIsRefusedAndNothingIsStored() {
        byte[] file = randomBytes(10_001);
        runner("refused").run(context -> {
            MediaStore store = context.getBean(MediaStore.class);
            S3Client s3 = context.getBean(S3Client.class);

            assertThatThrownBy(() -> store.put(new ByteArrayInputStream(file), "image/png", 10_000, null))
                    .isInstanceOfSatisfying(MediaRejectedException.TooLarge.class,
                            e -> assertThat(e.limit()).isEqualTo(10_000));
            String wrong = Sha256.hexOf(new byte[] {1, 2, 3});
            assertThatThrownBy(() -> store.put(new ByteArrayInputStream(file), "image/png", 20_000, wrong))
                    .isInstanceOfSatisfying(MediaRejectedException.HashMismatch.class, e -> {
                        assertThat(e.expected()).isEqualTo(wrong);
                        assertThat(e.actual()).isEqualTo(Sha256.hexOf(file));
                    });

            assertThat(s3.listObjectsV2(b -> b.bucket("refused")).contents()).isEmpty();
            assertThat(spoolFiles()).isZero();
        });
    }

    @Test
    void readsARange() {
        byte[] video = randomBytes(1_000_000);
        runner("ranges").run(context -> {
            MediaStore store = context.getBean(MediaStore.class);
            String sha256 = store.put(new ByteArrayInputStream(video), "video/mp4", 16_000_000, null).sha256();

            try (MediaContent middle = store.open(sha256, 1000, 500).orElseThrow()) {
                assertThat(middle.offset()).isEqualTo(1000);
                assertThat(middle.length()).isEqualTo(500);
                assertThat(middle.totalSize()).isEqualTo(video.length);
                assertThat(middle.partial()).isTrue();
                assertThat(middle.stream().readAllBytes())
                        .isEqualTo(java.util.Arrays.copyOfRange(video, 1000, 1500));
            }
            assertThat(store.open(Sha256.hexOf(new byte[] {9}))).isEmpty();
        });
    }

    @Test
    void aLinkFetchesTheFileWithoutCredentials() throws Exception {
        byte[] image = randomBytes(20_000);
        runner("links").run(context -> {
            MediaStore store = context.getBean(MediaStore.class);
            String sha256 = store.put(new ByteArrayInputStream(image), "image/png", 5_000_000, null).sha256();

            var response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(store.link(sha256, Duration.ofMinutes(5))).build(),
                    HttpResponse.BodyHandlers.ofByteArray());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(image);
        });
    }

    @Test
    void aLargeFileStreamsThroughWithoutSittingInTheHeap() {
        long size = 100L * 1024 * 1024;
        runner("large").run(context -> {
            MediaStore store = context.getBean(MediaStore.class);
            StoredObject stored = store.put(new PatternStream(size), "application/pdf", size, null);
            assertThat(stored.size()).isEqualTo(size);
            try (MediaContent content = store.open(stored.sha256()).orElseThrow()) {
                assertThat(content.stream().transferTo(OutputSink.INSTANCE)).isEqualTo(size);
            }
        });
    }

    @Test
    void aMissingBucketStopsTheStartWithWhatToDo() {
        runner("absent-" + UUID.randomUUID()).withPropertyValues("switchboard.media.store.create-bucket=false")
                .run(context -> assertThat(context).getFailure()
                        .hasStackTraceContaining("does not exist")
                        .hasStackTraceContaining("switchboard.media.store.create-bucket=true"));
    }

    @Test
    void misconfiguredSettingsAreNamed() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(MediaStoreAutoConfiguration.class))
                .withPropertyValues("switchboard.media.store.bucket= ", "switchboard.media.store.access-key=only-one")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("switchboard.media.store.bucket is required")
                        .hasMessageContaining("access-key and secret-key go together"));
    }

    @Test
    void announcedDigestsAreReadInBothOfMetasFormats() {
        byte[] bytes = "hello".getBytes();
        String hex = Sha256.hexOf(bytes);
        String base64 = java.util.Base64.getEncoder().encodeToString(Sha256.digest().digest(bytes));
        assertThat(Sha256.normalize(base64)).contains(hex);
        assertThat(Sha256.normalize(hex.toUpperCase())).contains(hex);
        assertThat(Sha256.normalize("not a digest")).isEmpty();
        assertThat(Sha256.normalize(null)).isEmpty();
    }

    private long spoolFiles() throws IOException {
        try (var files = Files.list(spool)) {
            return files.count();
        }
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    /** Bytes made up as they are read: a large file that never exists in memory. */
    private static final class PatternStream extends InputStream {
        private long remaining;

        PatternStream(long size) {
            this.remaining = size;
        }

        @Override
        public int read() {
            return remaining-- > 0 ? (int) (remaining & 0x7f) : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (remaining <= 0) {
                return -1;
            }
            int n = (int) Math.min(len, remaining);
            for (int i = 0; i < n; i++) {
                b[off + i] = (byte) ((remaining - i) & 0x7f);
            }
            remaining -= n;
            return n;
        }
    }

    private static final class OutputSink extends java.io.OutputStream {
        static final OutputSink INSTANCE = new OutputSink();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}
