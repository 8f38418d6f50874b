package dev.switchboard.ingress.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.admin.NewTopic;

import dev.switchboard.ingress.signature.MetaSignature;
import dev.switchboard.ingress.twilio.FormBody;
import dev.switchboard.ingress.signature.TwilioSignature;
import dev.switchboard.schemas.Topics;

/** Sends webhooks over real HTTP, signed as Meta or Twilio would sign them. */
final class WebhookClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    WebhookClient(int port) {
        this.baseUrl = "http://localhost:" + port;
    }

    HttpResponse<String> postMeta(String channelId, byte[] body, String signatureHeader) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/webhooks/whatsapp/" + channelId))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signatureHeader != null) {
            request.header("X-Hub-Signature-256", signatureHeader);
        }
        return send(request.build());
    }

    HttpResponse<String> postMetaSigned(String channelId, String appSecret, byte[] body) {
        return postMeta(channelId, body, MetaSignature.sign(appSecret.getBytes(StandardCharsets.UTF_8), body));
    }

    /** Posts a form body to {@code path}, signed for {@code signedUrl} (what the channel is configured with). */
    HttpResponse<String> postTwilio(String path, String authToken, String signedUrl, byte[] body) {
        String signature = TwilioSignature.compute(authToken, signedUrl, FormBody.decode(body));
        return postTwilio(path, body, signature);
    }

    HttpResponse<String> postTwilio(String path, byte[] body, String signature) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signature != null) {
            request.header("X-Twilio-Signature", signature);
        }
        return send(request.build());
    }

    HttpResponse<String> get(String pathAndQuery) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery)).timeout(Duration.ofSeconds(30)).GET().build());
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static byte[] resource(String path) {
        try (InputStream in = WebhookClient.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The topics ingress writes, with the settings the platform requires (e.g. the raw topic's 8 MiB records). */
    static List<NewTopic> ingressTopics() {
        return Topics.ALL.stream()
                .map(t -> new NewTopic(t.name(), 2, (short) 1).configs(t.configs()))
                .toList();
    }
}
