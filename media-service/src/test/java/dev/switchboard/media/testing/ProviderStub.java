package dev.switchboard.media.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for Meta's Graph API, Meta's media URLs, Twilio's MediaUrls and Twilio's CDN over real HTTP (a JDK
 * {@link HttpServer}): each path answers what a test scripted for it, in order (the last answer stays), and every
 * request is remembered with the host it was addressed to, its query and its credentials (Authorization, 360dialog's
 * D360-API-KEY).
 */
public final class ProviderStub implements AutoCloseable {

    /** A request that arrived. */
    public record Seen(String path, String query, String host, String authorization, String apiKey) {
    }

    /** One scripted answer. */
    public interface Answer {
        void send(HttpExchange exchange) throws IOException;
    }

    public static final String D360_API_KEY = "D360-API-KEY";
    private static final int CHUNK = 64 * 1024;

    private final HttpServer server;
    private final String baseUrl;
    private final Map<String, Deque<Answer>> scripts = new ConcurrentHashMap<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    /**
     * @param bind    the address to listen on
     * @param urlHost the host name its URLs use (another name for the same machine is another origin)
     */
    public ProviderStub(InetSocketAddress bind, String urlHost) {
        try {
            server = HttpServer.create(bind, 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", this::handle);
        server.start();
        baseUrl = "http://" + urlHost + ":" + server.getAddress().getPort();
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** What {@code path} answers from now on, in order; the last answer stays. */
    public void on(String path, Answer... answers) {
        scripts.put(path, new ArrayDeque<>(List.of(answers)));
    }

    /** The requests to {@code path} so far. */
    public List<Seen> seen(String path) {
        return seen.stream().filter(s -> s.path().equals(path)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        seen.add(new Seen(path, exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders().getFirst("Host"),
                exchange.getRequestHeaders().getFirst("Authorization"),
                exchange.getRequestHeaders().getFirst(D360_API_KEY)));
        Deque<Answer> script = scripts.get(path);
        Answer answer;
        synchronized (this) {
            answer = script == null ? null : script.size() > 1 ? script.pollFirst() : script.peekFirst();
        }
        try (exchange) {
            if (answer == null) {
                json(404, "{\"error\":\"no such path in the stub: " + path + "\"}").send(exchange);
            } else {
                answer.send(exchange);
            }
        } catch (IOException e) {
            // the client went away (a download cut off): nothing to answer
        }
    }

    public static Answer json(int status, String body) {
        return exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        };
    }

    /** Meta's error answer with its code (and HTTP status). */
    public static Answer graphError(int status, int code, String message) {
        return json(status, "{\"error\":{\"message\":\"" + message + "\",\"type\":\"OAuthException\",\"code\":" + code
                + ",\"error_subcode\":33,\"fbtrace_id\":\"Atrace\"}}");
    }

    /** The bytes, if the request carries {@code authorization} (else 401); with a Content-Length. */
    public static Answer file(byte[] content, String mimeType, String authorization) {
        Answer file = exchange -> {
            exchange.getResponseHeaders().add("Content-Type", mimeType);
            exchange.sendResponseHeaders(200, content.length);
            exchange.getResponseBody().write(content);
        };
        return authorization == null ? file : only("Authorization", authorization, file);
    }

    /** {@code answer} if the request's {@code header} is {@code value}; else 401 with Meta's token error. */
    public static Answer only(String header, String value, Answer answer) {
        return exchange -> {
            if (!value.equals(exchange.getRequestHeaders().getFirst(header))) {
                json(401, "{\"error\":{\"message\":\"bad token\",\"code\":190}}").send(exchange);
                return;
            }
            answer.send(exchange);
        };
    }

    /**
     * {@code size} generated bytes ({@link #generated}), written as they are generated, never whole in memory;
     * with a Content-Length, or chunked (then nobody can tell the size before reading it).
     */
    public static Answer generatedFile(long size, long seed, String mimeType, boolean announceLength) {
        return exchange -> {
            exchange.getResponseHeaders().add("Content-Type", mimeType);
            exchange.sendResponseHeaders(200, announceLength ? size : 0);
            OutputStream out = exchange.getResponseBody();
            generated(size, seed, out::write);
        };
    }

    public static Answer redirect(int status, String location) {
        return exchange -> {
            exchange.getResponseHeaders().add("Location", location);
            exchange.sendResponseHeaders(status, -1);
        };
    }

    /** Where generated bytes go, a chunk at a time. */
    public interface Chunks {
        void accept(byte[] buffer, int offset, int length) throws IOException;
    }

    /** Deterministic pseudo-random bytes, {@code size} of them, a 64 KB chunk at a time. */
    public static void generated(long size, long seed, Chunks chunks) throws IOException {
        Random random = new Random(seed);
        byte[] buffer = new byte[CHUNK];
        for (long left = size; left > 0; ) {
            int n = (int) Math.min(CHUNK, left);
            random.nextBytes(buffer);
            chunks.accept(buffer, 0, n);
            left -= n;
        }
    }

    /** The SHA-256 (hex) of {@link #generated} bytes. */
    public static String generatedSha256(long size, long seed) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            generated(size, seed, digest::update);
            return HexFormat.of().formatHex(digest.digest());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
