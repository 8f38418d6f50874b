package dev.switchboard.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What a newcomer does with curl, for the end-to-end test: the agent API, the sandbox, the customer simulator. */
final class StackClient {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String ticketUrl;
    private final String sandboxUrl;
    private final String ingressUrl;

    StackClient(StackSettings settings) {
        this.ingressUrl = settings.url(settings.ports().ingress());
        this.ticketUrl = settings.url(settings.ports().ticket());
        this.sandboxUrl = settings.url(settings.ports().sandbox());
    }

    record Answer(int status, JsonNode body) {
    }

    String ingressUrl() {
        return ingressUrl;
    }

    String ticketServiceUrl() {
        return ticketUrl;
    }

    /** The sandbox's customer simulator: a signed webhook to ingress, as Meta or Twilio would send it. */
    Answer customerWrites(String channelId, String from, Map<String, Object> message) {
        Map<String, Object> body = new java.util.LinkedHashMap<>(message);
        body.put("channelId", channelId);
        body.put("from", from);
        body.putIfAbsent("name", "Ana Test");
        return send("POST", sandboxUrl + "/sandbox/customers/messages", body, null);
    }

    /** The customer simulator writing to a business number (phone_number_id): the webhook goes where its account
     *  is subscribed, as Meta's (or 360dialog's) would. */
    Answer customerWritesTo(String phoneNumberId, String from, Map<String, Object> message) {
        Map<String, Object> body = new java.util.LinkedHashMap<>(message);
        body.put("phoneNumberId", phoneNumberId);
        body.put("from", from);
        body.putIfAbsent("name", "Ana Test");
        return send("POST", sandboxUrl + "/sandbox/customers/messages", body, null);
    }

    /** The sandbox as Meta's Graph API, with a bearer token. */
    Answer graph(String path, String token) {
        return send("GET", sandboxUrl + path, null, token);
    }

    /** Everything the sandbox received for this recipient (as Graph API or Twilio), oldest first. */
    List<JsonNode> sandboxMessagesTo(String recipient) {
        Answer answer = send("GET", sandboxUrl + "/sandbox/messages?to=" + recipient, null, null);
        JsonNode items = answer.body().isArray() ? answer.body() : answer.body().path("items");
        return StreamSupport.stream(items.spliterator(), false).toList();
    }

    /** What the sandbox's provider endpoints (Graph API, Twilio, 360dialog) received since it started, per provider. */
    JsonNode providerRequestCounts() {
        return send("GET", sandboxUrl + "/sandbox/messages/count", null, null).body();
    }

    /**
     * A Meta webhook as Meta posts it (and posts it again when the answer is not 200): the body signed with an app
     * secret in {@code X-Hub-Signature-256}. Answers ingress's status.
     */
    int postMetaWebhook(String url, String body, String appSecret) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("X-Hub-Signature-256", "sha256=" + hmacSha256Hex(appSecret, body))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return exchange(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String hmacSha256Hex(String key, String body) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(key.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    "HmacSHA256"));
            return java.util.HexFormat.of().formatHex(mac.doFinal(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    Answer tickets(String channelId, String customer) {
        return agent("GET", "/api/tickets?state=all&channelId=" + channelId + "&customer=" + customer, null);
    }

    Answer ticket(String id) {
        return agent("GET", "/api/tickets/" + id, null);
    }

    Answer reply(String ticketId, Map<String, Object> content) {
        return agent("POST", "/api/tickets/" + ticketId + "/articles", content);
    }

    /** An agent's reply with a file: {@code POST /api/tickets/{id}/articles} as multipart/form-data. */
    Answer replyWithFile(String ticketId, String filename, String mimeType, byte[] file, String caption) {
        String boundary = "e2e" + System.nanoTime();
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"caption\"\r\n\r\n" + caption
                + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: " + mimeType + "\r\n\r\n";
        String tail = "\r\n--" + boundary + "--\r\n";
        HttpRequest request = HttpRequest.newBuilder(URI.create(ticketUrl + "/api/tickets/" + ticketId + "/articles"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + StackSettings.AGENT_API_TOKEN)
                .header("Accept", "application/json")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofString(head),
                        HttpRequest.BodyPublishers.ofByteArray(file), HttpRequest.BodyPublishers.ofString(tail)))
                .build();
        HttpResponse<String> response = exchange(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), JSON.readTree(response.body()));
    }

    /** A file of the agent API (an article's media), as bytes with the response's headers. */
    HttpResponse<byte[]> download(String path) {
        return exchange(HttpRequest.newBuilder(URI.create(ticketUrl + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + StackSettings.AGENT_API_TOKEN).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The sandbox's own API (customer simulator, faults, template status), as JSON. */
    Answer sandbox(String method, String path, Object body) {
        return send(method, sandboxUrl + path, body, null);
    }

    /** A text resource (e.g. a service's Prometheus metrics). */
    String text(String url) {
        return exchange(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** ticket-service's channel admin API, with the admin token. */
    Answer admin(String method, String path, Object body) {
        return send(method, ticketUrl + path, body, StackSettings.ADMIN_API_TOKEN);
    }

    Answer agent(String method, String path, Object body) {
        return send(method, ticketUrl + path, body, StackSettings.AGENT_API_TOKEN);
    }

    private Answer send(String method, String url, Object body, String bearer) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .header("Accept", "application/json");
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        }
        HttpResponse<String> response = exchange(request.build(), HttpResponse.BodyHandlers.ofString());
        String text = response.body();
        JsonNode json = text == null || text.isBlank() ? JSON.nullNode() : JSON.readTree(text);
        return new Answer(response.statusCode(), json);
    }
}
