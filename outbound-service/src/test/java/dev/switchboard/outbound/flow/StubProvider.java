package dev.switchboard.outbound.flow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
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

import dev.switchboard.store.Sha256;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stand-in for Meta's Graph API over real HTTP: records every send and answers with a new wamid, unless a
 * recipient has scripted answers (errors) waiting. Media uploads ({@code POST …/media}, multipart) are recorded with
 * the file's bytes and answered with a new media id, unless the file (by SHA-256) has scripted answers waiting;
 * Twilio's {@code POST …/Messages.json} (a form) is recorded and answered with a new SID.
 */
final class StubProvider implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * One send: when it arrived and when its answer began to leave ({@link System#nanoTime()}), the answer's status,
     * its credentials ({@code Authorization}; 360dialog's {@code D360-API-KEY}).
     */
    record Call(long nanos, long answeredNanos, int status, String path, String authorization, String apiKey,
                JsonNode body) {
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

    /** One upload: its fields, the file part's filename, Content-Type and bytes, and the answer's status and id. */
    record Upload(String path, String authorization, String apiKey, String requestContentType,
                  Map<String, String> fields, String filename, String fileContentType, byte[] file, int status, String mediaId) {
        String sha256() {
            return Sha256.hexOf(file);
        }
    }

    /** One Twilio send: the form's parameters. */
    record TwilioCall(String path, String authorization, Map<String, String> form) {
    }

    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Answer>> scripts = new ConcurrentHashMap<>();
    private final List<Upload> uploads = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Answer>> uploadScripts = new ConcurrentHashMap<>();
    private final List<TwilioCall> twilioCalls = new CopyOnWriteArrayList<>();

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

    /** The next uploads of the file with this SHA-256 (hex) get these answers, in order; then success again. */
    void scriptUpload(String sha256, Answer... answers) {
        uploadScripts.computeIfAbsent(sha256, r -> new ArrayDeque<>()).addAll(List.of(answers));
    }

    List<Upload> uploadsOf(String sha256) {
        return uploads.stream().filter(u -> u.sha256().equals(sha256)).toList();
    }

    List<TwilioCall> twilioCallsTo(String to) {
        return twilioCalls.stream().filter(c -> to.equals(c.form().get("To"))).toList();
    }

    List<Call> callsTo(String recipient) {
        return calls.stream().filter(c -> c.recipient().equals(recipient)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (path.endsWith("/media")) {
            upload(exchange);
            return;
        }
        if (path.endsWith("/Messages.json")) {
            twilio(exchange);
            return;
        }
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
                exchange.getRequestHeaders().getFirst("Authorization"),
                exchange.getRequestHeaders().getFirst("D360-API-KEY"), body));
        respond(exchange, answer);
    }

    private void upload(HttpExchange exchange) throws IOException {
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        Multipart form = Multipart.parse(exchange.getRequestBody().readAllBytes(), contentType);
        String sha256 = Sha256.hexOf(form.file());
        Deque<Answer> script = uploadScripts.get(sha256);
        Answer answer;
        synchronized (this) {
            answer = script == null ? null : script.pollFirst();
        }
        String mediaId = null;
        if (answer == null) {
            mediaId = String.valueOf(Math.floorMod(UUID.randomUUID().getLeastSignificantBits(), 1_000_000_000_000_000L));
            answer = new Answer(200, "{\"id\":\"" + mediaId + "\"}");
        }
        uploads.add(new Upload(exchange.getRequestURI().getPath(), exchange.getRequestHeaders().getFirst("Authorization"),
                exchange.getRequestHeaders().getFirst("D360-API-KEY"), contentType, form.fields(), form.filename(), form.fileContentType(), form.file(), answer.status(), mediaId));
        respond(exchange, answer);
    }

    private void twilio(HttpExchange exchange) throws IOException {
        Map<String, String> form = new java.util.LinkedHashMap<>();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        twilioCalls.add(new TwilioCall(exchange.getRequestURI().getPath(),
                exchange.getRequestHeaders().getFirst("Authorization"), form));
        respond(exchange, new Answer(201, "{\"sid\":\"SM" + UUID.randomUUID().toString().replace("-", "")
                + "\",\"status\":\"queued\"}"));
    }

    private static void respond(HttpExchange exchange, Answer answer) throws IOException {
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    /** A multipart/form-data body with text fields and one file part, as RFC 7578 has it. */
    private record Multipart(Map<String, String> fields, String filename, String fileContentType, byte[] file) {

        static Multipart parse(byte[] body, String contentType) {
            String boundary = contentType.substring(contentType.indexOf("boundary=") + "boundary=".length());
            byte[] delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
            // The first delimiter has no CRLF before it: look for it from a virtual CRLF in front of the body.
            byte[] text = new byte[body.length + 2];
            text[0] = '\r';
            text[1] = '\n';
            System.arraycopy(body, 0, text, 2, body.length);
            Map<String, String> fields = new java.util.LinkedHashMap<>();
            String filename = null;
            String fileType = null;
            byte[] file = null;
            int at = indexOf(text, delimiter, 0);
            while (at >= 0) {
                int start = at + delimiter.length;
                if (text[start] == '-' && text[start + 1] == '-') {
                    break;
                }
                start += 2; // CRLF after the delimiter
                int next = indexOf(text, delimiter, start);
                int headersEnd = indexOf(text, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), start);
                String headers = new String(text, start, headersEnd - start, StandardCharsets.UTF_8);
                byte[] content = java.util.Arrays.copyOfRange(text, headersEnd + 4, next);
                String name = attribute(headers, "name");
                String partFilename = attribute(headers, "filename");
                if (partFilename != null) {
                    filename = partFilename;
                    file = content;
                    fileType = headers.lines().filter(l -> l.toLowerCase().startsWith("content-type:"))
                            .map(l -> l.substring("content-type:".length()).trim()).findFirst().orElse(null);
                } else {
                    fields.put(name, new String(content, StandardCharsets.UTF_8));
                }
                at = next;
            }
            return new Multipart(fields, filename, fileType, file);
        }

        private static String attribute(String headers, String name) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("[; ]" + name + "=\"([^\"]*)\"").matcher(headers);
            return m.find() ? m.group(1) : null;
        }

        private static int indexOf(byte[] text, byte[] pattern, int from) {
            outer:
            for (int i = from; i <= text.length - pattern.length; i++) {
                for (int j = 0; j < pattern.length; j++) {
                    if (text[i + j] != pattern[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }

    private static String recipientOf(JsonNode body) {
        return body.path("to").asString(body.path("recipient").asString(""));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
