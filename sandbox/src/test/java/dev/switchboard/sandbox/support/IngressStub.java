package dev.switchboard.sandbox.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A tiny stand-in for ingress-service: receives the sandbox's webhooks, checks their signatures as ingress does
 * (Meta: 401 without a valid X-Hub-Signature-256; Twilio: 403 without a valid X-Twilio-Signature over its own URL),
 * records them and answers 200, or what a test scripted for a path. The signature checks are written here again,
 * on purpose independent of the sandbox's code they check.
 */
public final class IngressStub implements AutoCloseable {

    /**
     * @param path           the request path
     * @param contentType    its Content-Type
     * @param body           the exact bytes received
     * @param headers        the request headers, names in lower case
     * @param signatureValid whether the signature checked out
     * @param answered       the status the stub answered
     */
    public record Received(String path, String contentType, byte[] body, Map<String, String> headers,
                           boolean signatureValid, int answered) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final HttpServer server;
    private final Map<String, String> metaSecrets = new ConcurrentHashMap<>();
    private final Map<String, String> twilioTokens = new ConcurrentHashMap<>();
    private final Map<String, String> verifyTokens = new ConcurrentHashMap<>();
    private final Map<String, Deque<Integer>> scripted = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();

    public IngressStub() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Meta webhooks to /webhooks/whatsapp/{channelId} must be signed with this secret. */
    public IngressStub metaChannel(String channelId, String appSecret) {
        metaSecrets.put(channelId, appSecret);
        return this;
    }

    /** Twilio posts to paths under this one must be signed with this auth token over their full URL. */
    public IngressStub twilioPath(String pathPrefix, String authToken) {
        twilioTokens.put(pathPrefix, authToken);
        return this;
    }

    /**
     * Meta's verification GET ({@code hub.mode=subscribe}) of this path is answered as ingress does: the challenge
     * when {@code hub.verify_token} is this token, else 403.
     */
    public IngressStub verifyToken(String path, String token) {
        verifyTokens.put(path, token);
        return this;
    }

    /** The next posts to this path are answered with these statuses (then 200 again). */
    public void answer(String path, Integer... statuses) {
        scripted.computeIfAbsent(path, p -> new ArrayDeque<>()).addAll(List.of(statuses));
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public List<Received> received(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    public void clear() {
        received.clear();
        scripted.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        String path = exchange.getRequestURI().getPath();
        if (exchange.getRequestMethod().equals("GET")) {
            verification(exchange, path);
            return;
        }
        Map<String, String> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT),
                values.get(0)));
        Boolean valid = null;
        int refusal = 200;
        if (path.startsWith("/webhooks/whatsapp/")) {
            String secret = metaSecrets.get(path.substring("/webhooks/whatsapp/".length()));
            valid = secret != null && ("sha256=" + HexFormat.of().formatHex(hmac("HmacSHA256", secret, body)))
                    .equals(headers.get("x-hub-signature-256"));
            refusal = 401;
        } else {
            for (Map.Entry<String, String> twilio : twilioTokens.entrySet()) {
                if (path.startsWith(twilio.getKey())) {
                    valid = twilioSignature(twilio.getValue(), url() + exchange.getRequestURI(), body)
                            .equals(headers.get("x-twilio-signature"));
                    refusal = 403;
                }
            }
        }
        boolean signatureValid = valid != null && valid;
        Deque<Integer> script = scripted.get(path);
        Integer next = script == null ? null : script.poll();
        int status = !signatureValid ? refusal : next != null ? next : 200;
        received.add(new Received(path, headers.get("content-type"), body, headers, signatureValid, status));
        byte[] answer = (status == 200 ? "ok" : "refused").getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, answer.length);
        exchange.getResponseBody().write(answer);
        exchange.close();
    }

    private void verification(HttpExchange exchange, String path) throws IOException {
        Map<String, List<String>> query = Fixtures.form(exchange.getRequestURI().getRawQuery() == null ? ""
                : exchange.getRequestURI().getRawQuery());
        String token = verifyTokens.get(path);
        boolean verified = token != null && List.of("subscribe").equals(query.get("hub.mode"))
                && List.of(token).equals(query.get("hub.verify_token")) && query.containsKey("hub.challenge");
        int status = verified ? 200 : 403;
        received.add(new Received(path, null, new byte[0], Map.of("query", String.valueOf(
                exchange.getRequestURI().getRawQuery())), verified, status));
        byte[] answer = (verified ? query.get("hub.challenge").get(0) : "Forbidden").getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, answer.length);
        exchange.getResponseBody().write(answer);
        exchange.close();
    }

    /** Twilio's X-Twilio-Signature: base64 HMAC-SHA1 of the URL and the form's keys (sorted) and values. */
    private static String twilioSignature(String authToken, String url, byte[] body) {
        Map<String, List<String>> form = Fixtures.form(new String(body, StandardCharsets.UTF_8));
        StringBuilder data = new StringBuilder(url);
        for (String key : new TreeSet<>(form.keySet())) {
            new TreeSet<>(form.get(key)).forEach(value -> data.append(key).append(value));
        }
        return Base64.getEncoder().encodeToString(hmac("HmacSHA1", authToken,
                data.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] hmac(String algorithm, String key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
