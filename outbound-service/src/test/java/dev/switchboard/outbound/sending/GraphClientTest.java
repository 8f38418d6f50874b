package dev.switchboard.outbound.sending;

import static dev.switchboard.outbound.sending.SendingFixtures.DIALOG360;
import static dev.switchboard.outbound.sending.SendingFixtures.META;
import static dev.switchboard.outbound.sending.SendingFixtures.META_TWO_NUMBERS;
import static dev.switchboard.outbound.sending.SendingFixtures.TWILIO;
import static dev.switchboard.outbound.sending.SendingFixtures.request;
import static dev.switchboard.outbound.sending.SendingFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.switchboard.events.MarkRead;
import dev.switchboard.events.OutboundMedia;
import dev.switchboard.events.OutboundRequest;
import dev.switchboard.events.OutboundText;
import dev.switchboard.events.OutboundType;
import dev.switchboard.events.Reaction;
import dev.switchboard.outbound.channel.OutboundChannels;
import dev.switchboard.outbound.clients.SendingSettings;
import dev.switchboard.outbound.sending.ErrorClassifier.Verdict;
import dev.switchboard.outbound.sending.StubProvider.Answer;

/** The Graph API client over real HTTP against a local stub. */
class GraphClientTest {

    private static final OutboundRequest TEXT = request(OutboundType.TEXT)
            .setText(OutboundText.newBuilder().setBody("Grüße 👍").setPreviewUrl(true).build())
            .setReplyToMessageId("wamid.QUOTED")
            .build();

    private final StubProvider stub;

    GraphClientTest() throws IOException {
        stub = new StubProvider();
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    @Test
    void postsTheBodyWithTheBearerTokenToTheChannelsNumberAndVersion() throws Exception {
        stub.answer(Answer.json(200, text("meta/send-response-success.json")));

        SendOutcome outcome = send(client(stub.url("")), META, TEXT);

        StubProvider.Recorded request = stub.take();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/v23.0/100200300400500/messages");
        assertThat(request.header("Authorization")).isEqualTo("Bearer demo-access-token");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.body()).isEqualTo(GraphMessageBodies.json(TEXT).getBytes(StandardCharsets.UTF_8));
        assertThat(request.bodyText()).contains("\"body\":\"Grüße 👍\"", "\"preview_url\":true",
                "\"context\":{\"message_id\":\"wamid.QUOTED\"}");
        assertThat(outcome).isEqualTo(
                new SendOutcome.Accepted("wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJCOTY3NDc0NDFDRUI3NTA0Q0UA", "accepted"));
    }

    @Test
    void aBaseUrlWithAPathKeepsIt() throws Exception {
        stub.answer(Answer.json(200, text("meta/send-response-success.json")));
        OutboundChannels.Channel v25 = new OutboundChannels.Channel(OutboundChannels.Provider.META,
                new OutboundChannels.Meta(List.of("555", "666"), "token-2", "v25.0"), null, null, 80, "250");

        send(client(stub.url("/graph/")), v25, TEXT);

        StubProvider.Recorded request = stub.take();
        assertThat(request.path()).isEqualTo("/graph/v25.0/555/messages");
        assertThat(request.header("Authorization")).isEqualTo("Bearer token-2");
    }

    @Test
    void markReadIsAcceptedAsRead() throws Exception {
        stub.answer(Answer.json(200, text("meta/send-response-mark-read.json")));
        OutboundRequest markRead = request(OutboundType.MARK_READ)
                .setMarkRead(MarkRead.newBuilder().setMessageId("wamid.INBOUND").setTypingIndicator(true).build()).build();

        SendOutcome outcome = send(client(stub.url("")), META, markRead);

        assertThat(stub.take().bodyText()).isEqualTo("{\"messaging_product\":\"whatsapp\",\"status\":\"read\","
                + "\"message_id\":\"wamid.INBOUND\",\"typing_indicator\":{\"type\":\"text\"}}");
        assertThat(outcome).isEqualTo(new SendOutcome.Accepted("wamid.INBOUND", "read"));
    }

    @Test
    void aRateLimitErrorCarriesRetryAfter() throws Exception {
        stub.answer(Answer.json(400, text("meta/send-error-130429.json")).withHeader("Retry-After", "7"));

        SendOutcome outcome = send(client(stub.url("")), META, TEXT);

        assertThat(outcome).isInstanceOfSatisfying(SendOutcome.Rejected.class, rejected -> {
            assertThat(rejected.httpStatus()).isEqualTo(400);
            assertThat(rejected.error().getCode()).isEqualTo(130429);
            assertThat(rejected.error().getTraceId()).isEqualTo("Az8or2yhqkZfEZ-_4Qn_Bam");
            assertThat(rejected.retryAfter()).isEqualTo(Duration.ofSeconds(7));
        });
        assertThat(ErrorClassifier.classify(outcome)).isEqualTo(Verdict.RETRY_THROUGHPUT);
    }

    @Test
    void anInvalidTokenIsAChannelProblem() throws Exception {
        stub.answer(Answer.json(401, text("meta/graph-error-190-invalid-token.json")));

        SendOutcome outcome = send(client(stub.url("")), META, TEXT);

        assertThat(outcome).isInstanceOfSatisfying(SendOutcome.Rejected.class,
                r -> assertThat(r.error().getCode()).isEqualTo(190));
        assertThat(ErrorClassifier.classify(outcome)).isEqualTo(Verdict.CHANNEL_AUTH);
    }

    @Test
    void aServiceUnavailablePageIsUnreachableWithItsStatusAndRetryAfter() throws Exception {
        stub.answer(Answer.of(503, "text/html", "<html><body>Service Unavailable</body></html>")
                .withHeader("Retry-After", "7"));

        SendOutcome outcome = send(client(stub.url("")), META, TEXT);

        assertThat(outcome).isInstanceOfSatisfying(SendOutcome.Unreachable.class, unreachable -> {
            assertThat(unreachable.httpStatus()).isEqualTo(503);
            assertThat(unreachable.reason()).contains("HTTP 503", "Service Unavailable");
            assertThat(unreachable.retryAfter()).isEqualTo(Duration.ofSeconds(7));
        });
        assertThat(ErrorClassifier.classify(outcome)).isEqualTo(Verdict.RETRY_TRANSIENT);
    }

    @Test
    void noAnswerInTimeIsUnreachable() throws Exception {
        stub.answer(Answer.json(200, text("meta/send-response-success.json")).after(Duration.ofSeconds(3)));
        GraphClient client = new GraphClient(SendingSettings.defaults().newHttpClient(), stub.url(""),
                Duration.ofMillis(300));

        long start = System.nanoTime();
        SendOutcome outcome = send(client, META, TEXT);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(outcome).isInstanceOfSatisfying(SendOutcome.Unreachable.class, unreachable -> {
            assertThat(unreachable.httpStatus()).isNull();
            assertThat(unreachable.reason()).isEqualTo("no answer within PT0.3S; the provider may have received the message");
        });
        assertThat(ErrorClassifier.classify(outcome)).isEqualTo(Verdict.RETRY_TRANSIENT);
    }

    @Test
    void aRefusedConnectionIsUnreachable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        SendOutcome outcome = send(client(URI.create("http://127.0.0.1:" + closedPort)), META, TEXT);

        assertThat(outcome).isInstanceOfSatisfying(SendOutcome.Unreachable.class, unreachable -> {
            assertThat(unreachable.httpStatus()).isNull();
            assertThat(unreachable.reason()).startsWith("could not connect, not sent: ConnectException");
        });
    }

    @Test
    void aConnectionClosedWithoutAnswerIsUnreachable() throws Exception {
        stub.answer(Answer.hangUpAnswer());

        SendOutcome outcome = send(client(stub.url("")), META, TEXT);

        assertThat(outcome).isInstanceOfSatisfying(SendOutcome.Unreachable.class,
                unreachable -> assertThat(unreachable.reason()).startsWith("connection failed; the provider may have"));
    }

    @Test
    void anUnsendableRequestIsRefusedWithoutCallingTheApi() throws Exception {
        OutboundRequest noMedia = request(OutboundType.IMAGE).setMedia(OutboundMedia.newBuilder().build()).build();

        SendOutcome outcome = send(client(stub.url("")), META, noMedia);

        assertThat(outcome).isInstanceOfSatisfying(SendOutcome.Rejected.class, rejected -> {
            assertThat(rejected.local()).isTrue();
            assertThat(rejected.error().getTitle()).isEqualTo("no media");
        });
        assertThat(ErrorClassifier.classify(outcome)).isEqualTo(Verdict.PERMANENT);
        assertThat(stub.received()).isEmpty();
    }

    @Test
    void aTwilioChannelIsRefused() throws Exception {
        OutboundRequest reaction = request(OutboundType.REACTION)
                .setReaction(Reaction.newBuilder().setMessageId("wamid.X").setEmoji("👍").build()).build();

        SendOutcome outcome = send(client(stub.url("")), TWILIO, reaction);

        assertThat(outcome).isInstanceOfSatisfying(SendOutcome.Rejected.class,
                rejected -> assertThat(rejected.local()).isTrue());
        assertThat(stub.received()).isEmpty();
    }

    @Test
    void concurrentSendsShareTheClient() throws Exception {
        for (int i = 0; i < 20; i++) {
            stub.answer(Answer.json(200, "{\"messages\":[{\"id\":\"wamid." + i + "\"}]}"));
        }
        GraphClient client = client(stub.url(""));

        List<SendOutcome> outcomes = java.util.stream.IntStream.range(0, 20)
                .mapToObj(i -> client.send(META, TEXT))
                .toList()
                .stream()
                .map(future -> future.orTimeout(10, TimeUnit.SECONDS).join())
                .toList();

        assertThat(outcomes).hasSize(20).allSatisfy(o -> assertThat(o).isInstanceOf(SendOutcome.Accepted.class));
        assertThat(outcomes).extracting(o -> ((SendOutcome.Accepted) o).messageId()).doesNotHaveDuplicates();
    }

    @Test
    void answersAreHandledOnReusedThreadsOfTheirOwn() {
        GraphClient client = client(stub.url(""));
        java.util.Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 40; i++) {
            // Answered a moment later: a future already complete when the callback is chained would run it on the
            // caller's thread, whichever thread completed it (a busy machine made this test flaky).
            stub.answer(Answer.json(200, "{\"messages\":[{\"id\":\"wamid." + i + "\"}]}").after(Duration.ofMillis(50)));
            // What the dispatcher chains on the future (recording the answer, a database write) runs on that thread.
            client.send(META, TEXT).thenRun(() -> threads.add(Thread.currentThread().getName()))
                    .orTimeout(10, TimeUnit.SECONDS).join();
        }

        assertThat(threads).allSatisfy(name -> assertThat(name).startsWith("provider-answer-"));
        // One send at a time: the same thread or two, not one per answer (nor the common pool's few).
        assertThat(threads).hasSizeLessThanOrEqualTo(3);
    }

    @Test
    void theNumberTheRequestNamesSendsAndOneTheChannelDoesNotHaveFallsBackToTheFirst() throws Exception {
        stub.answer(Answer.json(200, text("meta/send-response-success.json")));
        stub.answer(Answer.json(200, text("meta/send-response-success.json")));
        GraphClient client = client(stub.url(""));

        send(client, META_TWO_NUMBERS, OutboundRequest.newBuilder(TEXT).setBusinessNumberId("100200300400600").build());
        send(client, META_TWO_NUMBERS, OutboundRequest.newBuilder(TEXT).setBusinessNumberId("999").build());

        assertThat(stub.take().path()).isEqualTo("/v23.0/100200300400600/messages");
        assertThat(stub.take().path()).isEqualTo("/v23.0/100200300400500/messages");
    }

    @Test
    void a360dialogChannelPostsTheSameBodyToItsMessagesWithItsApiKeyAndNoBearer() throws Exception {
        stub.answer(Answer.json(200, text("meta/send-response-success.json")));
        stub.answer(Answer.json(200, text("meta/send-response-success.json")));
        GraphClient client = new GraphClient(SendingSettings.defaults().newHttpClient(),
                new CloudApiEndpoints(stub.url("/graph"), stub.url("/360dialog/")), Duration.ofSeconds(5));
        OutboundChannels.Channel ownBaseUrl = new OutboundChannels.Channel(OutboundChannels.Provider.DIALOG360, null,
                null, new OutboundChannels.Dialog360("own-key", List.of("7"), stub.url("/own/").toString()), 80, "250");

        SendOutcome outcome = send(client, DIALOG360, TEXT);
        send(client, ownBaseUrl, TEXT);

        StubProvider.Recorded request = stub.take();
        assertThat(request.path()).isEqualTo("/360dialog/messages");
        assertThat(request.header("D360-API-KEY")).isEqualTo("demo-d360-key");
        assertThat(request.header("Authorization")).isNull();
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.body()).isEqualTo(GraphMessageBodies.json(TEXT).getBytes(StandardCharsets.UTF_8));
        assertThat(outcome).isEqualTo(
                new SendOutcome.Accepted("wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJCOTY3NDc0NDFDRUI3NTA0Q0UA", "accepted"));
        StubProvider.Recorded own = stub.take();
        assertThat(own.path()).isEqualTo("/own/messages");
        assertThat(own.header("D360-API-KEY")).isEqualTo("own-key");
    }

    @Test
    void a360dialogRefusalOfTheKeyIsAChannelProblemAndMetasErrorsItRelaysAreMetas() throws Exception {
        // (360dialog's body for a wrong key is not documented: any body with HTTP 401.)
        stub.answer(Answer.json(401, "{\"meta\":{\"success\":false,\"http_code\":401}}"));
        stub.answer(Answer.json(400, text("meta/send-error-131056-pair-rate-limit.json")));
        GraphClient client = new GraphClient(SendingSettings.defaults().newHttpClient(),
                new CloudApiEndpoints(stub.url("/graph"), stub.url("/360dialog")), Duration.ofSeconds(5));

        assertThat(ErrorClassifier.classify(send(client, DIALOG360, TEXT))).isEqualTo(Verdict.CHANNEL_AUTH);
        SendOutcome relayed = send(client, DIALOG360, TEXT);

        assertThat(stub.take().path()).isEqualTo("/360dialog/messages");
        assertThat(relayed).isInstanceOfSatisfying(SendOutcome.Rejected.class,
                r -> assertThat(r.error().getCode()).isEqualTo(131056));
        assertThat(ErrorClassifier.classify(relayed)).isEqualTo(Verdict.RETRY_RECIPIENT);
    }

    private static GraphClient client(URI baseUrl) {
        return new GraphClient(SendingSettings.defaults().newHttpClient(), baseUrl, Duration.ofSeconds(5));
    }

    /** Sends; the future must complete normally. */
    private static SendOutcome send(GraphClient client, OutboundChannels.Channel channel, OutboundRequest request) {
        return client.send(channel, request).orTimeout(10, TimeUnit.SECONDS).join();
    }
}
