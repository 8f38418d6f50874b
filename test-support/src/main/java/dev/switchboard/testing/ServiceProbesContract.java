package dev.switchboard.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/**
 * What every Switchboard service answers to its operators, over real HTTP on the port the service listens on:
 * health, the Kubernetes readiness and liveness probes, and Prometheus metrics tagged with the application.
 * A service's test extends this with {@code @SpringBootTest(webEnvironment = RANDOM_PORT)} and the infrastructure
 * it needs.
 */
public abstract class ServiceProbesContract {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Value("${local.server.port}")
    private int port;

    @Value("${spring.application.name}")
    private String applicationName;

    protected HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(10)).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthIsUp() throws Exception {
        assertUp("/actuator/health");
    }

    @Test
    void readinessProbeIsUp() throws Exception {
        assertUp("/actuator/health/readiness");
    }

    @Test
    void livenessProbeIsUp() throws Exception {
        assertUp("/actuator/health/liveness");
    }

    private void assertUp(String path) throws Exception {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        assertThat(response.body()).as(path).contains("\"status\":\"UP\"");
    }

    @Test
    void prometheusMetricsAreTaggedWithTheApplication() throws Exception {
        HttpResponse<String> response = get("/actuator/prometheus");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains("jvm_memory_used_bytes")
                .contains("application=\"" + applicationName + "\"");
    }

    @Test
    void nothingElseOfTheActuatorIsExposed() throws Exception {
        assertThat(get("/actuator/env").statusCode()).isEqualTo(404);
        assertThat(get("/actuator/heapdump").statusCode()).isEqualTo(404);
    }
}
