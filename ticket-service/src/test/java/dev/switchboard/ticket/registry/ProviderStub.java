package dev.switchboard.ticket.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Meta's Graph API, Twilio's REST and Senders APIs and 360dialog's API as far as the registry calls them, over real
 * HTTP (a JDK {@link HttpServer}): each "METHOD path" answers what a test scripted, and every request is remembered
 * with its query, headers and body.
 */
final class ProviderStub implements AutoCloseable {

    /** A request that arrived. */
    record Seen(String method, String path, String query, Map<String, String> headers, String body) {

        String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    /** An answer: status and JSON body. */
    record Reply(int status, String body) {
    }

    private final HttpServer server;
    private final Map<String, Function<Seen, Reply>> routes = new ConcurrentHashMap<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    ProviderStub() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "provider-stub");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** What {@code METHOD path} answers from now on. */
    void on(String method, String path, int status, String body) {
        routes.put(method + " " + path, request -> new Reply(status, body));
    }

    void on(String method, String path, Function<Seen, Reply> answer) {
        routes.put(method + " " + path, answer);
    }

    List<Seen> seen(String method, String path) {
        return seen.stream().filter(s -> s.method().equals(method) && s.path().equals(path)).toList();
    }

    /** The latest request to {@code METHOD path}. */
    Seen last(String method, String path) {
        List<Seen> requests = seen(method, path);
        if (requests.isEmpty()) {
            throw new AssertionError("no " + method + " " + path + " reached the stub");
        }
        return requests.get(requests.size() - 1);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> headers = new ConcurrentHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(java.util.Locale.ROOT),
                    values.get(0)));
            Seen request = new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestURI().getRawQuery(), headers,
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            seen.add(request);
            Function<Seen, Reply> route = routes.get(request.method() + " " + request.path());
            Reply reply = route == null ? new Reply(404, "{\"error\":{\"message\":\"no route in the stub\",\"code\":803}}")
                    : route.apply(request);
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
