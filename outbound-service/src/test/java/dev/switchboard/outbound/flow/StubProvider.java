package dev.switchboard.outbound.flow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stand-in for Meta's Graph API over real HTTP: records every send and answers with a new wamid, unless a
 * recipient has scripted answers (errors) waiting.
 */
final class StubProvider implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One send: when it arrived and when its answer began to leave ({@link System#nanoTime()}), the answer's status. */
    record Call(long nanos, long answeredNanos, int status, String path, String authorization, JsonNode body) {
        String recipient() {
            return recipientOf(body);
        }

        boolean accepted() {
            return status == 200;
        }
    }

    record Answer(int status, String body) {
        static Answer error(int code, String title) {
            return new Answer(400, "{\"error\":{\"message\":\"(#" + code + ") " + title + "\",\"type\":\"OAuthException\","
                    + "\"code\":" + code + ",\"error_data\":{\"messaging_product\":\"whatsapp\",\"details\":\"" + title
                    + "\"},\"fbtrace_id\":\"Atrace\"}}");
        }
    }

    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Answer>> scripts = new ConcurrentHashMap<>();

    StubProvider() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.createContext("/", this::handle);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next sends to {@code recipient} get these answers, in order; then success again. */
    void script(String recipient, Answer... answers) {
        scripts.computeIfAbsent(recipient, r -> new ArrayDeque<>()).addAll(List.of(answers));
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    List<Call> callsTo(String recipient) {
        return calls.stream().filter(c -> c.recipient().equals(recipient)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        long arrived = System.nanoTime();
        JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
        String recipient = recipientOf(body);
        Deque<Answer> script = scripts.get(recipient);
        Answer answer;
        synchronized (this) {
            answer = script == null ? null : script.pollFirst();
        }
        if (answer == null) {
            answer = new Answer(200, "{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\"" + recipient
                    + "\",\"wa_id\":\"" + recipient + "\"}],\"messages\":[{\"id\":\"wamid." + UUID.randomUUID()
                    + "\",\"message_status\":\"accepted\"}]}");
        }
        // Recorded as the answer leaves (before the service can see it): answeredNanos is when it began to.
        calls.add(new Call(arrived, System.nanoTime(), answer.status(), exchange.getRequestURI().getPath(),
                exchange.getRequestHeaders().getFirst("Authorization"), body));
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static String recipientOf(JsonNode body) {
        return body.path("to").asString(body.path("recipient").asString(""));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
