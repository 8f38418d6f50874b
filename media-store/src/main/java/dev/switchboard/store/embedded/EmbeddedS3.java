package dev.switchboard.store.embedded;

import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;

import com.adobe.testing.s3mock.S3MockApplication;

/**
 * A real S3-compatible server in this JVM, for the local stack and for tests: Adobe's S3Mock, which keeps objects in
 * a directory. Whoever starts it brings {@code com.adobe.testing:s3mock} (an optional dependency of this module).
 *
 * <p>S3Mock is a Spring Boot application of its own. Started next to a service's test context it would read the
 * service's application.yml and run the service's auto-configurations (data source, Flyway, Kafka, ...): it gets a
 * configuration name of its own and those auto-configurations excluded, so only its web server runs.
 */
public final class EmbeddedS3 implements AutoCloseable {

    /**
     * Auto-configurations S3Mock must not run: everything that reaches for a database, a broker or our own kit, and
     * Spring Security and Spring Session (a service's, e.g. ticket-service's, would lock S3Mock's API behind a
     * generated password and keep its sessions in the service's database).
     */
    private static final List<String> NOT_FOR_S3MOCK = List.of(
            "dev.switchboard.", "com.github.kagkarlsson.", "org.springframework.boot.jdbc.",
            "org.springframework.boot.flyway.", "org.springframework.boot.kafka.", "org.springframework.boot.sql.",
            "org.springframework.boot.data.", "org.springframework.boot.jooq.", "org.springframework.boot.r2dbc.",
            "org.springframework.boot.security.", "org.springframework.boot.session.", "io.github.resilience4j.");

    private final S3MockApplication server;
    private final URI endpoint;

    private EmbeddedS3(S3MockApplication server, URI endpoint) {
        this.server = server;
        this.endpoint = endpoint;
    }

    /**
     * Starts a server on {@code port} (0: a free one) that keeps its objects under {@code root} (deleted when it
     * stops) and has {@code buckets} from the start.
     */
    public static EmbeddedS3 start(int port, Path root, List<String> buckets) {
        Map<String, Object> settings = new HashMap<>();
        settings.put("spring.config.name", "s3mock-in-switchboard");
        settings.put("spring.autoconfigure.exclude", autoConfigurationsOnTheClasspath());
        settings.put("spring.main.banner-mode", "off");
        settings.put("spring.main.lazy-initialization", "true");
        settings.put("spring.jmx.enabled", "false");
        settings.put("server.port", String.valueOf(port));
        settings.put("server.ssl.enabled", "false");
        settings.put("http.port", "0");
        settings.put("com.adobe.testing.s3mock.httpPort", "0");
        settings.put("com.adobe.testing.s3mock.store.region", "us-east-1");
        settings.put("com.adobe.testing.s3mock.store.root", root.toString());
        settings.put("com.adobe.testing.s3mock.store.initial-buckets", String.join(",", buckets));
        // documents reach 100 MB
        settings.put("com.adobe.testing.s3mock.max-payload-size", "200MB");
        settings.put("server.tomcat.max-swallow-size", "200MB");
        settings.put("server.tomcat.max-part-count", "-1");
        settings.put("management.endpoints.access.default", "none");
        settings.put("logging.level.com.adobe.testing", "WARN");
        @SuppressWarnings("deprecation")
        S3MockApplication server = S3MockApplication.start(settings);
        @SuppressWarnings("deprecation")
        int boundPort = server.getPort();
        return new EmbeddedS3(server, URI.create("http://localhost:" + boundPort));
    }

    /** The server's base URL, e.g. {@code http://localhost:41234}. */
    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        server.stop();
    }

    private static String autoConfigurationsOnTheClasspath() {
        return ImportCandidates.load(AutoConfiguration.class, EmbeddedS3.class.getClassLoader()).getCandidates()
                .stream()
                .filter(name -> NOT_FOR_S3MOCK.stream().anyMatch(name::startsWith))
                .collect(Collectors.joining(","));
    }
}
