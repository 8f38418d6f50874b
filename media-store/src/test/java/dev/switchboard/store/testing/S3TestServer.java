package dev.switchboard.store.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import dev.switchboard.store.embedded.EmbeddedS3;

/**
 * A real S3-compatible server for tests, started once per test JVM on a free port, in this JVM ({@link EmbeddedS3}).
 * A test module adds {@code com.adobe.testing:s3mock} in test scope next to this test jar.
 */
public final class S3TestServer {

    private static EmbeddedS3 server;

    private S3TestServer() {
    }

    /** The server's base URL, e.g. {@code http://localhost:41234}; starts it on first use. */
    public static synchronized URI endpoint() {
        if (server == null) {
            try {
                server = EmbeddedS3.start(0, Files.createTempDirectory("s3mock-"), List.of());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return server.endpoint();
    }

    /** The settings that point a service's {@code switchboard.media.store} at this server and at {@code bucket}. */
    public static Map<String, String> properties(String bucket) {
        return Map.of(
                "switchboard.media.store.endpoint", endpoint().toString(),
                "switchboard.media.store.bucket", bucket,
                "switchboard.media.store.path-style", "true",
                "switchboard.media.store.create-bucket", "true",
                "switchboard.media.store.access-key", "test",
                "switchboard.media.store.secret-key", "test");
    }
}
