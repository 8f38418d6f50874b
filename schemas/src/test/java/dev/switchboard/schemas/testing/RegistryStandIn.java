package dev.switchboard.schemas.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for Apicurio Registry's core API (v3), answering only the three calls its Kafka serdes make:
 * register-or-find a schema ({@code POST /groups/{group}/artifacts?ifExists=FIND_OR_CREATE_VERSION}), the schema of a
 * content id ({@code GET /ids/contentIds/{id}}) and its references ({@code GET /ids/contentIds/{id}/references}).
 * Content ids are given out from 1 per distinct schema text, as the registry does; every request is recorded.
 * Used because no real registry can be built from Maven Central here (see schemas/README.md).
 */
public final class RegistryStandIn implements AutoCloseable {

    private static final String API = "/apis/registry/v3";
    private static final Pattern CREATE = Pattern.compile(API + "/groups/([^/]+)/artifacts");
    private static final Pattern CONTENT = Pattern.compile(API + "/ids/contentIds/(\\d+)(/references)?");

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final Map<String, Long> contentIds = new LinkedHashMap<>();
    private final List<String> contents = new ArrayList<>();
    private final Map<String, List<Long>> subjects = new LinkedHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();

    public RegistryStandIn() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext(API, this::handle);
        server.start();
    }

    /** What {@code SWITCHBOARD_SCHEMA_REGISTRY_URL} is set to: the core API's base URL. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + API);
    }

    /** Registers a schema under a subject directly (as another producer would have), returning its content id. */
    public synchronized long register(String subject, String schema) {
        long id = contentIds.computeIfAbsent(schema, text -> {
            contents.add(text);
            return (long) contents.size();
        });
        List<Long> versions = subjects.computeIfAbsent(subject, s -> new ArrayList<>());
        if (!versions.contains(id)) {
            versions.add(id);
        }
        return id;
    }

    /** The subjects (artifact ids in group {@code default}) and the content ids registered under each. */
    public synchronized Map<String, List<Long>> subjects() {
        return Map.copyOf(subjects);
    }

    /** The Avro binary encoding of an event with its own schema: what follows the 5-byte header of a Confluent record. */
    public static byte[] avroBinary(SpecificRecord event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        try {
            new SpecificDatumWriter<SpecificRecord>(event.getSchema()).write(event, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The schema text of a content id. */
    public synchronized String schema(long contentId) {
        return contents.get((int) contentId - 1);
    }

    /** Every request received, as "METHOD path?query". */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String query = exchange.getRequestURI().getQuery();
        requests.add(exchange.getRequestMethod() + " " + path + (query == null ? "" : "?" + query));
        try (exchange) {
            Matcher create = CREATE.matcher(path);
            Matcher content = CONTENT.matcher(path);
            if ("POST".equals(exchange.getRequestMethod()) && create.matches()) {
                JsonNode body = json.readTree(exchange.getRequestBody());
                String subject = body.path("artifactId").asText();
                String schema = body.path("firstVersion").path("content").path("content").asText();
                long id = register(subject, schema);
                ObjectNode version = json.createObjectNode()
                        .put("groupId", create.group(1)).put("artifactId", subject)
                        .put("version", String.valueOf(subjects.get(subject).indexOf(id) + 1))
                        .put("globalId", id).put("contentId", id).put("artifactType", "AVRO");
                ObjectNode response = json.createObjectNode();
                response.putObject("artifact").put("groupId", create.group(1)).put("artifactId", subject)
                        .put("artifactType", "AVRO");
                response.set("version", version);
                send(exchange, 200, "application/json", json.writeValueAsBytes(response));
            } else if ("GET".equals(exchange.getRequestMethod()) && content.matches()) {
                int id = Integer.parseInt(content.group(1));
                String schema;
                synchronized (this) {
                    schema = id >= 1 && id <= contents.size() ? contents.get(id - 1) : null;
                }
                if (schema == null) {
                    send(exchange, 404, "application/json", ("{\"status\":404,\"title\":\"No content with id "
                            + id + "\"}").getBytes(StandardCharsets.UTF_8));
                } else if (content.group(2) != null) {
                    send(exchange, 200, "application/json", "[]".getBytes(StandardCharsets.UTF_8));
                } else {
                    send(exchange, 200, "application/json", schema.getBytes(StandardCharsets.UTF_8));
                }
            } else {
                send(exchange, 404, "application/json", "{\"status\":404}".getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
