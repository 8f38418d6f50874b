package dev.switchboard.outbound.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for Meta's Graph API in the driver's JVM: the JDK's HTTP server on a pool of {@code bench-stub-*}
 * threads (so its CPU is told apart from the driver's), keep-alive, {@code POST /{version}/{phone-number-id}/messages}.
 *
 * <p>Each send is recorded (phone number id, request id from {@code biz_opaque_callback_data}, arrival in
 * {@link System#nanoTime()} and wall-clock microseconds, how long the stub took to answer, the answer) and answered
 * like the Cloud API: 200 {@code {"messages":[{"id":"wamid.bench.<n>","message_status":"accepted"}]}}, or, for a
 * configurable fraction of the sends of a number, 400 with the Graph API error 130429 ("Rate limit hit"; the body of
 * the flow tests' {@code StubProvider.Answer.error}). Which sends fail is random, not a function of the rate.
 */
final class StubGraph implements AutoCloseable {

    static final int THROUGHPUT_ERROR = 130429;

    /** One send as the stub saw it. {@code wamid} is null for an error answer. */
    record Call(String phoneNumberId, String requestId, long arrivalNanos, long arrivalEpochMicros, long answerNanos,
                int status, String wamid) {
        boolean accepted() {
            return status == 200;
        }
    }

    private static final byte[] ERROR_130429 = ("{\"error\":{\"message\":\"(#130429) Rate limit hit\",\"type\":\"OAuthException\","
            + "\"code\":130429,\"error_data\":{\"messaging_product\":\"whatsapp\",\"details\":\"Cloud API message throughput"
            + " has been reached.\"},\"fbtrace_id\":\"Abench\"}}").getBytes(StandardCharsets.UTF_8);
    private static final String CALLBACK = "\"biz_opaque_callback_data\":\"";
    private static final String TO = "\"to\":\"";

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, ConcurrentLinkedQueue<Call>> calls = new ConcurrentHashMap<>();
    private final Map<String, Double> errorFractions = new ConcurrentHashMap<>();
    private final AtomicLong wamids = new AtomicLong();

    StubGraph(int threads) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        AtomicInteger n = new AtomicInteger();
        executor = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "bench-stub-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** From now on, this fraction (0..1) of the sends from this number is answered 130429. */
    void errorFraction(String phoneNumberId, double fraction) {
        errorFractions.put(phoneNumberId, fraction);
    }

    /** Every send from this number so far, in no particular order. */
    List<Call> calls(String phoneNumberId) {
        ConcurrentLinkedQueue<Call> q = calls.get(phoneNumberId);
        return q == null ? List.of() : new ArrayList<>(q);
    }

    int count(String phoneNumberId) {
        ConcurrentLinkedQueue<Call> q = calls.get(phoneNumberId);
        return q == null ? 0 : q.size();
    }

    private void handle(HttpExchange exchange) throws IOException {
        long arrival = System.nanoTime();
        Instant now = Instant.now();
        try (exchange) {
            byte[] bytes;
            try (InputStream in = exchange.getRequestBody()) {
                bytes = in.readAllBytes();
            }
            String path = exchange.getRequestURI().getPath();
            // /{version}/{phone-number-id}/messages
            String[] parts = path.split("/");
            if (!"POST".equals(exchange.getRequestMethod()) || parts.length != 4 || !"messages".equals(parts[3])) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            String phoneNumberId = parts[2];
            String body = new String(bytes, StandardCharsets.UTF_8);
            String requestId = field(body, CALLBACK);
            if (requestId == null) {
                requestId = "?" + field(body, TO);
            }
            double fraction = errorFractions.getOrDefault(phoneNumberId, 0.0);
            boolean fail = fraction > 0 && ThreadLocalRandom.current().nextDouble() < fraction;
            byte[] answer;
            String wamid = null;
            int status;
            if (fail) {
                status = 400;
                answer = ERROR_130429;
            } else {
                status = 200;
                wamid = "wamid.bench." + wamids.incrementAndGet();
                String to = field(body, TO);
                answer = ("{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\"" + to + "\",\"wa_id\":\"" + to
                        + "\"}],\"messages\":[{\"id\":\"" + wamid + "\",\"message_status\":\"accepted\"}]}")
                        .getBytes(StandardCharsets.UTF_8);
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
            long answered = System.nanoTime();
            calls.computeIfAbsent(phoneNumberId, k -> new ConcurrentLinkedQueue<>()).add(new Call(phoneNumberId, requestId,
                    arrival, ChronoUnit.MICROS.between(Instant.EPOCH, now), answered - arrival, status, wamid));
        }
    }

    /** The JSON string value after {@code prefix} (our own bodies: no escapes in ids and numbers). */
    private static String field(String body, String prefix) {
        int at = body.indexOf(prefix);
        if (at < 0) {
            return null;
        }
        int from = at + prefix.length();
        int to = body.indexOf('"', from);
        return to < 0 ? null : body.substring(from, to);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
