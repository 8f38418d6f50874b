package dev.switchboard.ticket.flow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Template listings of Meta's Graph API, 360dialog and Twilio's Content API over real HTTP (a JDK {@link HttpServer}):
 * each path answers what the test's function makes of the request's query; requests are remembered with their
 * credentials.
 */
final class ListingStub implements AutoCloseable {

    /** A request that arrived: its path, query (or ""), and its Authorization and D360-API-KEY headers. */
    record Seen(String path, String query, String authorization, String apiKey) {
    }

    record Answer(int status, String json) {
    }

    private final HttpServer server;
    private final Map<String, Function<String, Answer>> paths = new ConcurrentHashMap<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    ListingStub() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void on(String path, Function<String, Answer> answer) {
        paths.put(path, answer);
    }

    List<Seen> seen(String path) {
        return seen.stream().filter(s -> s.path().equals(path)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String query = exchange.getRequestURI().getRawQuery() == null ? "" : exchange.getRequestURI().getRawQuery();
        seen.add(new Seen(path, query, exchange.getRequestHeaders().getFirst("Authorization"),
                exchange.getRequestHeaders().getFirst("D360-API-KEY")));
        Function<String, Answer> script = paths.get(path);
        Answer answer = script == null ? new Answer(404, "{\"error\":{\"message\":\"no such path\",\"code\":100}}")
                : script.apply(query);
        byte[] body = answer.json().getBytes(StandardCharsets.UTF_8);
        try (exchange) {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), body.length);
            exchange.getResponseBody().write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
