package dev.switchboard.outbound.sending;

import static dev.switchboard.outbound.sending.SendingFixtures.BSUID;
import static dev.switchboard.outbound.sending.SendingFixtures.JSON;
import static dev.switchboard.outbound.sending.SendingFixtures.request;
import static dev.switchboard.outbound.sending.SendingFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.switchboard.events.Customer;
import dev.switchboard.events.OutboundRequest;
import dev.switchboard.events.OutboundText;
import dev.switchboard.events.OutboundType;
import dev.switchboard.outbound.channel.GraphVersions;
import dev.switchboard.outbound.channel.OutboundChannels;
import dev.switchboard.outbound.clients.SendingSettings;
import dev.switchboard.outbound.sending.StubProvider.Answer;

/**
 * What outbound relies on of the Graph API, for each supported version: the {@code /<version>/<number>/messages} path
 * (the channel's version, else the service's), the send answer with and without {@code messages[0].message_status},
 * and a send to a customer known only by BSUID ({@code recipient} instead of {@code to}).
 */
class GraphVersionsTest {

    private static final OutboundRequest TEXT = request(OutboundType.TEXT)
            .setText(OutboundText.newBuilder().setBody("Hello").build()).build();
    private static final OutboundRequest TO_BSUID = request(OutboundType.TEXT)
            .setRecipient(Customer.newBuilder().setUserId(BSUID).build())
            .setText(OutboundText.newBuilder().setBody("Hello").build()).build();

    private final StubProvider stub;

    GraphVersionsTest() throws IOException {
        stub = new StubProvider();
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    static Stream<String> supported() {
        return GraphVersions.SUPPORTED.stream();
    }

    @Test
    void theDefaultIsTheNewestSupportedVersion() {
        assertThat(GraphVersions.SUPPORTED).containsExactly("v23.0", "v24.0", "v25.0", "v26.0", "v27.0");
        assertThat(GraphVersions.DEFAULT).isEqualTo("v27.0");
        assertThat(GraphVersions.isVersion("v27.0")).isTrue();
        assertThat(GraphVersions.isVersion("27.0")).isFalse();
        assertThat(GraphVersions.isVersion("v27")).isFalse();
    }

    @ParameterizedTest
    @MethodSource("supported")
    void aChannelThatNamesNoVersionSendsWithTheServicesAndReadsTheAnswerWithoutMessageStatus(String version)
            throws Exception {
        stub.answer(Answer.json(200, text("meta/send-response-success.json")));

        SendOutcome outcome = send(client(version), channel(null), TEXT);

        assertThat(stub.take().path()).isEqualTo("/" + version + "/100200300400500/messages");
        assertThat(outcome).isEqualTo(
                new SendOutcome.Accepted("wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJCOTY3NDc0NDFDRUI3NTA0Q0UA", "accepted"));
    }

    @ParameterizedTest
    @MethodSource("supported")
    void aChannelsOwnVersionWinsAndTheAnswerWithMessageStatusIsRead(String version) throws Exception {
        stub.answer(Answer.json(200, text("meta/send-response-success-message-status.json")));

        SendOutcome outcome = send(client(GraphVersions.DEFAULT), channel(version), TEXT);

        assertThat(stub.take().path()).isEqualTo("/" + version + "/100200300400500/messages");
        assertThat(outcome).isEqualTo(new SendOutcome.Accepted("wamid.gBGGSFcCNEOPAgkO_KJ55r4w_ww", "accepted"));
    }

    @ParameterizedTest
    @MethodSource("supported")
    void aCustomerKnownOnlyByBsuidIsSentToAsRecipient(String version) throws Exception {
        stub.answer(Answer.json(200, text("meta/send-response-success.json")));

        send(client(GraphVersions.DEFAULT), channel(version), TO_BSUID);

        StubProvider.Recorded sent = stub.take();
        assertThat(sent.path()).isEqualTo("/" + version + "/100200300400500/messages");
        var body = JSON.readTree(sent.bodyText());
        assertThat(body.path("recipient").asString()).isEqualTo(BSUID);
        assertThat(body.has("to")).isFalse();
    }

    private static OutboundChannels.Channel channel(String version) {
        return new OutboundChannels.Channel(OutboundChannels.Provider.META,
                new OutboundChannels.Meta(List.of("100200300400500"), "demo-access-token", version), null, null, 80, "250");
    }

    private GraphClient client(String serviceVersion) {
        return new GraphClient(SendingSettings.defaults().newHttpClient(),
                new CloudApiEndpoints(stub.url(""), stub.url("/360dialog"), serviceVersion), Duration.ofSeconds(5));
    }

    private static SendOutcome send(GraphClient client, OutboundChannels.Channel channel, OutboundRequest request) {
        return client.send(channel, request).orTimeout(10, TimeUnit.SECONDS).join();
    }
}
