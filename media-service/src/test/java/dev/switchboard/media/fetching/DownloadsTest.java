package dev.switchboard.media.fetching;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import dev.switchboard.store.MediaContent;
import dev.switchboard.store.MediaStore;
import dev.switchboard.store.Sha256;
import dev.switchboard.store.StoredObject;

/** Credentials stay on their origin; a download that stalls is cut off and retried, its thread left usable. */
class DownloadsTest {

    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor();
    private final CountDownLatch release = new CountDownLatch(1);
    private HttpServer server;

    @AfterEach
    void stop() {
        release.countDown();
        watchdog.shutdownNow();
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void anOriginIsSchemeHostAndPort() {
        assertThat(Downloads.origin(URI.create("https://api.twilio.com/2010-04-01/x")))
                .isEqualTo(Downloads.origin(URI.create("https://API.twilio.com:443/other")));
        assertThat(Downloads.origin(URI.create("https://api.twilio.com/x")))
                .isNotEqualTo(Downloads.origin(URI.create("http://api.twilio.com/x")))
                .isNotEqualTo(Downloads.origin(URI.create("https://media.twiliocdn.com/x")))
                .isNotEqualTo(Downloads.origin(URI.create("https://api.twilio.com:8443/x")));
    }

    @Test
    void aDownloadThatStallsIsCutOffAtItsDeadlineAndRetried() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/stalls", exchange -> {
            exchange.sendResponseHeaders(200, 1000);
            exchange.getResponseBody().write(new byte[10]);
            exchange.getResponseBody().flush();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        Downloads downloads = new Downloads(HttpClient.newHttpClient(), new ReadingStore(), Duration.ofSeconds(5),
                Duration.ofMillis(300), watchdog);

        long started = System.nanoTime();
        FetchOutcome outcome = downloads.download("the file", URI.create("http://127.0.0.1:"
                + server.getAddress().getPort() + "/stalls"), null, 10_000, "document", null, null);

        assertThat(outcome).isInstanceOf(FetchOutcome.Transient.class);
        assertThat(((FetchOutcome.Transient) outcome).detail()).isEqualTo("the file: not finished within PT0.3S");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is taken back").isFalse();
    }

    @Test
    void anAnnouncedLengthOverTheLimitFailsBeforeTheBodyIsRead() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/big", exchange -> {
            exchange.sendResponseHeaders(200, 600_000);
            exchange.getResponseBody().write(new byte[600_000]);
            exchange.close();
        });
        server.start();
        ReadingStore store = new ReadingStore();
        Downloads downloads = new Downloads(HttpClient.newHttpClient(), store, Duration.ofSeconds(5),
                Duration.ofSeconds(5), watchdog);

        FetchOutcome outcome = downloads.download("the sticker's MediaUrl", URI.create("http://127.0.0.1:"
                + server.getAddress().getPort() + "/big"), Credential.basic("AC1", "x"), 500 * 1024, "sticker", null, "image/webp");

        assertThat(outcome).isEqualTo(new FetchOutcome.Failed(dev.switchboard.events.MediaFailure.TOO_LARGE,
                "the provider announces 600000 bytes; the limit for sticker is 500 KB (512000 bytes)", null));
        assertThat(store.puts).as("nothing handed to the store").isZero();
    }

    /** A store that reads what it is given to the end, as the real one spools it. */
    private static final class ReadingStore implements MediaStore {
        private int puts;

        @Override
        public StoredObject put(InputStream content, String mimeType, long maxBytes, String expectedSha256) {
            puts++;
            try {
                byte[] bytes = content.readAllBytes();
                return new StoredObject("sha256/" + Sha256.hexOf(bytes), Sha256.hexOf(bytes), bytes.length, mimeType);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public Optional<StoredObject> find(String sha256) {
            return Optional.empty();
        }

        @Override
        public Optional<MediaContent> open(String sha256) {
            return Optional.empty();
        }

        @Override
        public Optional<MediaContent> open(String sha256, long offset, long length) {
            return Optional.empty();
        }

        @Override
        public URI link(String sha256, Duration ttl) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void check() {
        }
    }
}
