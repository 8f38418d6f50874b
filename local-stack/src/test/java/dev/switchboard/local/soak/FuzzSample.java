package dev.switchboard.local.soak;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;

import dev.switchboard.events.RawWebhook;
import dev.switchboard.local.KafkaState;
import dev.switchboard.local.TestStacks;
import dev.switchboard.schemas.Topics;
import dev.switchboard.testing.fuzz.Mutation;
import dev.switchboard.testing.fuzz.WebhookMutator;
import dev.switchboard.testing.fuzz.WebhookMutator.Format;

/**
 * A sample of fuzzed webhook bodies (test-support's WebhookMutator on the real fixtures), signed, posted to the
 * running ingress: each must be answered (200, or 413 above the size limit) and every 200 one kept byte for byte on
 * the raw topic; ingress must not die.
 *
 * <p>Two bodies of three are Meta's (signed with the demo app secret, to {@code /webhooks/whatsapp/demo}), one of three
 * Twilio's (signed over the channel's public URL, to {@code /webhooks/twilio/demo-twilio}), spread over the ingress
 * processes in turn; about one in a hundred is made too large on purpose. Ingress may be taking other webhooks
 * meanwhile (the soak's), so the raw topic's bodies read from the offsets before the sample must <em>contain</em> the
 * bodies answered 200 (by SHA-256, as a multiset), not equal them.
 */
public final class FuzzSample {

    /** ingress's default {@code switchboard.ingress.max-body-size} (5MB). */
    static final int MAX_BODY_SIZE = 5 * 1024 * 1024;
    private static final int SHOWN = 5;

    /**
     * @param notKept bodies answered 200 but not on the raw topic
     * @param crashes ingress processes that died during the sample
     */
    public record Result(long tried, long answered200, long tooLarge, long otherAnswers, long notKept, long crashes) {
        public static Result none() {
            return new Result(0, 0, 0, 0, 0, 0);
        }

        /** Every body answered 200 or 413, every 200 one kept, no ingress died. */
        public boolean passed() {
            return otherAnswers == 0 && notKept == 0 && crashes == 0 && answered200 + tooLarge == tried;
        }
    }

    private FuzzSample() {
    }

    public static Result run(SoakStack stack, int bodies, long seed, PrintStream console) {
        Path fixtures = TestStacks.root().resolve("ingress-service/src/test/resources/fixtures");
        List<byte[]> metaSeeds = new ArrayList<>(WebhookMutator.fixtures(fixtures.resolve("meta"), ".json"));
        metaSeeds.addAll(WebhookMutator.fixtures(fixtures.resolve("peer"), ".json"));
        WebhookMutator meta = new WebhookMutator(Format.JSON, metaSeeds).withTooLarge(MAX_BODY_SIZE);
        WebhookMutator twilio = new WebhookMutator(Format.FORM, WebhookMutator.fixtures(fixtures.resolve("twilio"), ".txt"))
                .withTooLarge(MAX_BODY_SIZE);
        List<String> ingresses = stack.ingressUrls();
        List<String> ingressProcesses = stack.processes().stream()
                .filter(name -> SoakStack.serviceOf(name).equals("ingress")).toList();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        console.printf("fuzz sample: %d signed bodies (seed %d) to %d ingress process(es)%n", bodies, seed, ingresses.size());
        long started = System.nanoTime();
        try (KafkaState kafka = new KafkaState(stack.kafkaBootstrapServers())) {
            Map<TopicPartition, Long> before = kafka.endOffsets();
            Map<String, Integer> answered = new HashMap<>();
            long ok = 0;
            long tooLarge = 0;
            long other = 0;
            for (int i = 0; i < bodies; i++) {
                boolean isTwilio = i % 3 == 2;
                Mutation mutation = (isTwilio ? twilio : meta).mutate(seed, i);
                String ingress = ingresses.get(i % ingresses.size());
                HttpRequest request = isTwilio ? twilioRequest(ingress, stack.twilioWebhookUrl(), mutation.body())
                        : metaRequest(ingress, mutation.body());
                int status = send(http, request);
                if (status == 200) {
                    ok++;
                    answered.merge(sha256(mutation.body()), 1, Integer::sum);
                } else if (status == 413) {
                    tooLarge++;
                } else {
                    if (other++ < SHOWN) {
                        console.printf("  fuzz body %d answered %d by %s: %s: %s%n", i, status, ingress, mutation,
                                mutation.preview(120));
                    }
                }
            }
            Map<TopicPartition, Long> after = kafka.endOffsets();
            Map<String, Integer> recorded = new HashMap<>();
            for (RawWebhook raw : kafka.values(Topics.WEBHOOKS_RAW, before, after)) {
                recorded.merge(sha256(raw.getBody()), 1, Integer::sum);
            }
            long notKept = 0;
            for (Map.Entry<String, Integer> body : answered.entrySet()) {
                notKept += Math.max(0, body.getValue() - recorded.getOrDefault(body.getKey(), 0));
            }
            long died = ingressProcesses.stream().filter(name -> !stack.control().isRunning(name)).count();
            Result result = new Result(bodies, ok, tooLarge, other, notKept, died);
            console.printf("fuzz sample: %d tried, %d answered 200, %d answered 413, %d other answers, %d not kept on "
                    + "the raw topic, %d ingress process(es) died (%.0f s)%n", result.tried(), result.answered200(),
                    result.tooLarge(), result.otherAnswers(), result.notKept(), result.crashes(),
                    (System.nanoTime() - started) / 1e9);
            return result;
        }
    }

    private static int send(HttpClient http, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0; // refused or cut off: an answer that is neither 200 nor 413
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static HttpRequest metaRequest(String ingress, byte[] body) {
        String signature = WebhookBodies.metaSignature(SoakStack.META_APP_SECRET, body);
        return HttpRequest.newBuilder(URI.create(ingress + "/webhooks/whatsapp/" + SoakStack.META_CHANNEL))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("X-Hub-Signature-256", signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    /**
     * Twilio's X-Twilio-Signature: HMAC-SHA1 of the signed URL followed by each parameter's name and value, names and
     * each name's values sorted, the parameters decoded from the body as ingress decodes them (malformed escapes kept,
     * bytes that are not UTF-8 as U+FFFD), so that a garbled form is still signed as ingress will check it.
     */
    private static HttpRequest twilioRequest(String ingress, String signedUrl, byte[] body) {
        String signature = WebhookBodies.twilioFormSignature(SoakStack.TWILIO_AUTH_TOKEN, signedUrl,
                formParameters(body));
        return HttpRequest.newBuilder(URI.create(ingress + "/webhooks/twilio/" + SoakStack.TWILIO_CHANNEL))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    /** {@code name=value} segments split at '&' (empty ones skipped, no '=' = empty value), '+' a space, %XX a byte. */
    static Map<String, List<String>> formParameters(byte[] body) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        int start = 0;
        while (start <= body.length) {
            int end = start;
            while (end < body.length && body[end] != '&') {
                end++;
            }
            if (end > start) {
                int eq = start;
                while (eq < end && body[eq] != '=') {
                    eq++;
                }
                params.computeIfAbsent(unescape(body, start, eq), k -> new ArrayList<>())
                        .add(eq < end ? unescape(body, eq + 1, end) : "");
            }
            start = end + 1;
        }
        return params;
    }

    private static String unescape(byte[] body, int from, int to) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(to - from);
        int i = from;
        while (i < to) {
            int high = i + 2 < to ? Character.digit(body[i + 1], 16) : -1;
            int low = i + 2 < to ? Character.digit(body[i + 2], 16) : -1;
            if (body[i] == '%' && high >= 0 && low >= 0) {
                bytes.write(high * 16 + low);
                i += 3;
            } else {
                bytes.write(body[i] == '+' ? ' ' : body[i]);
                i++;
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static String sha256(byte[] body) {
        return sha256(ByteBuffer.wrap(body));
    }

    private static String sha256(ByteBuffer body) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(body.duplicate());
            return HexFormat.of().formatHex(digest.digest());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
