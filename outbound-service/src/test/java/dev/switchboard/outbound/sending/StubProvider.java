package dev.switchboard.outbound.sending;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local provider on a free port (the JDK's built-in HTTP server, no dependency): records every request and
 * answers each with the next scripted {@link Answer}.
 */
final class StubProvider implements AutoCloseable {

    record Recorded(String method, String path, Headers headers, byte[] body) {

        String header(String name) {
            return headers.getFirst(name);
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /**
     * @param delay    wait this long before answering
     * @param hangUp   close the connection without an answer
     */
    record Answer(int status, Map<String, String> headers, String body, Duration delay, boolean hangUp) {

        static Answer of(int status, String contentType, String body) {
            return new Answer(status, Map.of("Content-Type", contentType), body, Duration.ZERO, false);
        }

        static Answer json(int status, String body) {
            return of(status, "application/json; charset=UTF-8", body);
        }

        Answer withHeader(String name, String value) {
            Map<String, String> all = new java.util.LinkedHashMap<>(headers);
            all.put(name, value);
            return new Answer(status, all, body, delay, hangUp);
        }

        Answer after(Duration wait) {
            return new Answer(status, headers, body, wait, hangUp);
        }

        static Answer hangUpAnswer() {
            return new Answer(0, Map.of(), "", Duration.ZERO, true);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final BlockingQueue<Recorded> requests = new LinkedBlockingQueue<>();
    private final BlockingQueue<Answer> answers = new LinkedBlockingQueue<>();

    StubProvider() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** {@code http://127.0.0.1:<port>} + path. */
    URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    StubProvider answer(Answer answer) {
        answers.add(answer);
        return this;
    }

    /** The next request the stub received (waits up to 5 s). */
    Recorded take() throws InterruptedException {
        Recorded recorded = requests.poll(5, TimeUnit.SECONDS);
        if (recorded == null) {
            throw new AssertionError("the stub received no request");
        }
        return recorded;
    }

    List<Recorded> received() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        requests.add(new Recorded(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestHeaders(), body));
        Answer answer = answers.poll();
        if (answer == null) {
            answer = Answer.json(500, "{\"stub\":\"no answer scripted\"}");
        }
        try {
            if (!answer.delay().isZero()) {
                Thread.sleep(answer.delay().toMillis());
            }
            if (answer.hangUp()) {
                exchange.close();
                return;
            }
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client gave up (timeout): nothing to answer
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
