package dev.switchboard.outbound.sending;

import static dev.switchboard.outbound.sending.SendingFixtures.META;
import static dev.switchboard.outbound.sending.SendingFixtures.TWILIO;
import static dev.switchboard.outbound.sending.SendingFixtures.request;
import static dev.switchboard.outbound.sending.SendingFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.switchboard.events.MarkRead;
import dev.switchboard.events.OutboundMedia;
import dev.switchboard.events.OutboundRequest;
import dev.switchboard.events.OutboundTemplate;
import dev.switchboard.events.OutboundText;
import dev.switchboard.events.OutboundType;
import dev.switchboard.events.Reaction;
import dev.switchboard.outbound.channel.OutboundChannels;
import dev.switchboard.outbound.clients.SendingSettings;
import dev.switchboard.outbound.sending.ErrorClassifier.Verdict;
import dev.switchboard.outbound.sending.StubProvider.Answer;

/** The Twilio client over real HTTP against a local stub. */
class TwilioClientTest {

    private static final OutboundRequest TEXT = request(OutboundType.TEXT)
            .setText(OutboundText.newBuilder().setBody("Hello from support").build()).build();

    private final StubProvider stub;

    TwilioClientTest() throws IOException {
        stub = new StubProvider();
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    @Test
    void postsTheFormWithBasicAuthToTheAccountsMessages() throws Exception {
        stub.answer(Answer.json(201, text("twilio/message-create-response.json")));

        SendOutcome outcome = send(client(stub.url("")), TWILIO, TEXT);

        StubProvider.Recorded request = stub.take();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/2010-04-01/Accounts/AC00000000000000000000000000000000/Messages.json");
        assertThat(request.header("Authorization")).isEqualTo("Basic " + Base64.getEncoder().encodeToString(
                "AC00000000000000000000000000000000:demo-twilio-auth-token".getBytes(StandardCharsets.UTF_8)));
        assertThat(request.header("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
        assertThat(request.bodyText()).isEqualTo(
                "To=whatsapp%3A%2B16505551234&From=whatsapp%3A%2B15550002222&Body=Hello+from+support");
        assertThat(outcome).isEqualTo(new SendOutcome.Accepted("SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "sent"));
    }

    @Test
    void templatesGoByContentSidAndVariables() throws Exception {
        stub.answer(Answer.json(201, "{\"sid\":\"SMbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\",\"status\":\"queued\"}"));
        OutboundRequest template = request(OutboundType.TEMPLATE).setBusinessInitiated(true)
                .setTemplate(OutboundTemplate.newBuilder().setName("HXaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa").setLanguage("")
                        .setContentSid("HXaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa").setContentVariables(Map.of("1", "Jane")).build())
                .build();

        SendOutcome outcome = send(client(stub.url("/twilio")), TWILIO, template);

        StubProvider.Recorded request = stub.take();
        assertThat(request.path()).isEqualTo("/twilio/2010-04-01/Accounts/AC00000000000000000000000000000000/Messages.json");
        assertThat(request.bodyText()).isEqualTo("To=whatsapp%3A%2B16505551234&From=whatsapp%3A%2B15550002222"
                + "&ContentSid=HXaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa&ContentVariables=%7B%221%22%3A%22Jane%22%7D");
        assertThat(outcome).isEqualTo(new SendOutcome.Accepted("SMbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "queued"));
    }

    @Test
    void mediaGoesByUrl() throws Exception {
        stub.answer(Answer.json(201, "{\"sid\":\"MMcccccccccccccccccccccccccccccccc\",\"status\":\"queued\"}"));
        OutboundRequest image = request(OutboundType.IMAGE)
                .setMedia(OutboundMedia.newBuilder().setLink("https://example.com/a.png").setCaption("Your receipt").build())
                .build();

        send(client(stub.url("")), TWILIO, image);

        assertThat(stub.take().bodyText()).isEqualTo("To=whatsapp%3A%2B16505551234&From=whatsapp%3A%2B15550002222"
                + "&Body=Your+receipt&MediaUrl=https%3A%2F%2Fexample.com%2Fa.png");
    }

    @Test
    void anErrorIsRejectedWithTwiliosCode() throws Exception {
        stub.answer(Answer.json(400, text("twilio/rest-error-response.json")));

        SendOutcome outcome = send(client(stub.url("")), TWILIO, TEXT);

        assertThat(outcome).isInstanceOfSatisfying(SendOutcome.Rejected.class, rejected -> {
            assertThat(rejected.httpStatus()).isEqualTo(400);
            assertThat(rejected.error().getCode()).isEqualTo(20001);
            assertThat(rejected.error().getHref()).isEqualTo("https://www.twilio.com/docs/errors/20001");
        });
        assertThat(ErrorClassifier.classify(outcome)).isEqualTo(Verdict.PERMANENT);
    }

    @Test
    void tooManyRequestsCarriesRetryAfter() throws Exception {
        stub.answer(Answer.json(429, "{\"code\":20429,\"message\":\"Too Many Requests\",\"more_info\":"
                + "\"https://www.twilio.com/docs/errors/20429\",\"status\":429}").withHeader("Retry-After", "7"));

        SendOutcome outcome = send(client(stub.url("")), TWILIO, TEXT);

        assertThat(outcome.retryAfter()).isEqualTo(Duration.ofSeconds(7));
        assertThat(ErrorClassifier.classify(outcome)).isEqualTo(Verdict.RETRY_THROUGHPUT);
    }

    @Test
    void wrongCredentialsAreAChannelProblem() throws Exception {
        stub.answer(Answer.json(401, "{\"code\":20003,\"message\":\"Authenticate\",\"more_info\":"
                + "\"https://www.twilio.com/docs/errors/20003\",\"status\":401}"));

        assertThat(ErrorClassifier.classify(send(client(stub.url("")), TWILIO, TEXT))).isEqualTo(Verdict.CHANNEL_AUTH);
    }

    @Test
    void aGatewayErrorPageIsUnreachable() throws Exception {
        stub.answer(Answer.of(503, "text/html", "<html>503 Service Temporarily Unavailable</html>"));

        SendOutcome outcome = send(client(stub.url("")), TWILIO, TEXT);

        assertThat(outcome).isInstanceOfSatisfying(SendOutcome.Unreachable.class,
                unreachable -> assertThat(unreachable.httpStatus()).isEqualTo(503));
    }

    @Test
    void noAnswerInTimeIsUnreachable() throws Exception {
        stub.answer(Answer.json(201, text("twilio/message-create-response.json")).after(Duration.ofSeconds(3)));
        TwilioClient client = new TwilioClient(SendingSettings.defaults().newHttpClient(), stub.url(""),
                Duration.ofMillis(300));

        assertThat(send(client, TWILIO, TEXT)).isInstanceOfSatisfying(SendOutcome.Unreachable.class,
                unreachable -> assertThat(unreachable.reason()).startsWith("no answer within PT0.3S"));
    }

    @Test
    void markReadIsSkippedAsUnsupported() throws Exception {
        OutboundRequest markRead = request(OutboundType.MARK_READ)
                .setMarkRead(MarkRead.newBuilder().setMessageId("SMdddddddddddddddddddddddddddddddd").build()).build();

        SendOutcome outcome = send(client(stub.url("")), TWILIO, markRead);

        assertThat(outcome).isEqualTo(new SendOutcome.Accepted(null, "unsupported"));
        assertThat(ErrorClassifier.classify(outcome)).isEqualTo(Verdict.ACCEPTED);
        assertThat(stub.received()).isEmpty();
    }

    @Test
    void whatTwilioCannotSendIsRefusedWithoutCallingIt() throws Exception {
        OutboundRequest reaction = request(OutboundType.REACTION)
                .setReaction(Reaction.newBuilder().setMessageId("SMx").setEmoji("👍").build()).build();
        OutboundRequest mediaById = request(OutboundType.IMAGE)
                .setMedia(OutboundMedia.newBuilder().setId("1003383421387256").build()).build();

        SendOutcome refusedReaction = send(client(stub.url("")), TWILIO, reaction);
        SendOutcome refusedMedia = send(client(stub.url("")), TWILIO, mediaById);

        assertThat(refusedReaction).isInstanceOfSatisfying(SendOutcome.Rejected.class, rejected -> {
            assertThat(rejected.local()).isTrue();
            assertThat(rejected.error().getCode()).isZero();
            assertThat(rejected.error().getTitle()).isEqualTo("not supported by the Twilio channel");
        });
        assertThat(refusedMedia).isInstanceOfSatisfying(SendOutcome.Rejected.class,
                rejected -> assertThat(rejected.local()).isTrue());
        assertThat(ErrorClassifier.classify(refusedReaction)).isEqualTo(Verdict.PERMANENT);
        assertThat(stub.received()).isEmpty();
    }

    @Test
    void aMetaChannelIsRefused() throws Exception {
        assertThat(send(client(stub.url("")), META, TEXT)).isInstanceOfSatisfying(SendOutcome.Rejected.class,
                rejected -> assertThat(rejected.local()).isTrue());
        assertThat(stub.received()).isEmpty();
    }

    @Test
    void theSenderTheRequestNamesIsTheFromAndOneTheChannelDoesNotHaveFallsBackToTheFirst() throws Exception {
        stub.answer(Answer.json(201, text("twilio/message-create-response.json")));
        stub.answer(Answer.json(201, text("twilio/message-create-response.json")));
        OutboundChannels.Channel twoSenders = new OutboundChannels.Channel(OutboundChannels.Provider.TWILIO, null,
                new OutboundChannels.Twilio(TWILIO.twilio().accountSid(), "demo-twilio-auth-token",
                        List.of("whatsapp:+15550002222", "whatsapp:+15550003333")), null, 80, "250");

        send(client(stub.url("")), twoSenders, OutboundRequest.newBuilder(TEXT)
                .setBusinessNumberId("whatsapp:+15550003333").build());
        send(client(stub.url("")), twoSenders, OutboundRequest.newBuilder(TEXT)
                .setBusinessNumberId("whatsapp:+19990000000").build());

        assertThat(stub.take().bodyText()).contains("From=whatsapp%3A%2B15550003333");
        assertThat(stub.take().bodyText()).contains("From=whatsapp%3A%2B15550002222");
    }

    private static TwilioClient client(URI baseUrl) {
        return new TwilioClient(SendingSettings.defaults().newHttpClient(), baseUrl, Duration.ofSeconds(5));
    }

    private static SendOutcome send(TwilioClient client, OutboundChannels.Channel channel, OutboundRequest request) {
        return client.send(channel, request).orTimeout(10, TimeUnit.SECONDS).join();
    }
}
