package dev.switchboard.ingress.bench;

import java.io.IOException;

import dev.switchboard.bench.Processes;

import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The bare-HTTP baseline: the HTTP server the service is built on (Reactor Netty, same version, same transport) with
 * nothing behind it. It reads each request body to the end into a byte array, as the service does, and answers 200
 * with an empty body, as the service does once Kafka has everything. Runs in a JVM of its own with the service's
 * JVM options, so the difference between it and the service is what Spring WebFlux, the webhook handling and
 * Kafka cost.
 *
 * <p>Prints {@code READY <port>} on stdout, then runs until its stdin closes.
 */
public final class BenchEchoServer {

    private BenchEchoServer() {
    }

    public static void main(String[] args) throws IOException {
        DisposableServer server = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .handle((request, response) -> request.receive().aggregate().asByteArray()
                        .defaultIfEmpty(new byte[0])
                        .flatMap(body -> Mono.from(response.status(200).header("Content-Length", "0").send())))
                .bindNow();
        System.out.println(Processes.READY + server.port());
        System.out.flush();
        while (System.in.read() != -1) {
            // wait for the driver to close our stdin
        }
        server.disposeNow();
        System.exit(0);
    }
}
