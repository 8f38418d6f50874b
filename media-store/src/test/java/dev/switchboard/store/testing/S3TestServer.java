package dev.switchboard.store.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;

import com.adobe.testing.s3mock.S3MockApplication;

/**
 * A real S3-compatible server for tests: Adobe's S3Mock, started once per test JVM on a free port, in this JVM.
 *
 * <p>S3Mock is a Spring Boot application of its own. Started next to a service's test context it would read the
 * service's application.yml and run the service's auto-configurations (data source, Flyway, Kafka, ...): it gets a
 * configuration name of its own and those auto-configurations excluded, so only its web server runs.
 */
public final class S3TestServer {

    /** Auto-configurations S3Mock must not run: everything that reaches for a database, a broker or our own kit. */
    private static final List<String> NOT_FOR_S3MOCK = List.of(
            "dev.switchboard.", "com.github.kagkarlsson.", "org.springframework.boot.jdbc.",
            "org.springframework.boot.flyway.", "org.springframework.boot.kafka.", "org.springframework.boot.sql.",
            "org.springframework.boot.data.", "org.springframework.boot.jooq.", "org.springframework.boot.r2dbc.",
            "io.github.resilience4j.");

    private static URI endpoint;

    private S3TestServer() {
    }

    /** The server's base URL, e.g. {@code http://localhost:41234}; starts it on first use. */
    public static synchronized URI endpoint() {
        if (endpoint == null) {
            endpoint = start();
        }
        return endpoint;
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

    private static URI start() {
        Map<String, Object> settings = new HashMap<>();
        settings.put("spring.config.name", "s3mock-in-switchboard-tests");
        settings.put("spring.autoconfigure.exclude", ourAutoConfigurations());
        settings.put("spring.main.banner-mode", "off");
        settings.put("spring.main.lazy-initialization", "true");
        settings.put("spring.jmx.enabled", "false");
        settings.put("server.port", "0");
        settings.put("server.ssl.enabled", "false");
        settings.put("http.port", "0");
        settings.put("com.adobe.testing.s3mock.httpPort", "0");
        settings.put("com.adobe.testing.s3mock.store.region", "us-east-1");
        settings.put("com.adobe.testing.s3mock.store.root", tempRoot());
        settings.put("com.adobe.testing.s3mock.max-payload-size", "200MB");
        settings.put("server.tomcat.max-swallow-size", "200MB");
        settings.put("server.tomcat.max-part-count", "-1");
        settings.put("management.endpoints.access.default", "none");
        settings.put("logging.level.com.adobe.testing", "WARN");
        @SuppressWarnings("deprecation")
        int port = S3MockApplication.start(settings).getPort();
        return URI.create("http://localhost:" + port);
    }

    private static String ourAutoConfigurations() {
        return ImportCandidates.load(AutoConfiguration.class, S3TestServer.class.getClassLoader()).getCandidates()
                .stream()
                .filter(name -> NOT_FOR_S3MOCK.stream().anyMatch(name::startsWith))
                .collect(Collectors.joining(","));
    }

    private static String tempRoot() {
        try {
            return Files.createTempDirectory("s3mock-").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
