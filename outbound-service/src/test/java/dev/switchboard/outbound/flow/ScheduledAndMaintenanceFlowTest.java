package dev.switchboard.outbound.flow;

import static dev.switchboard.outbound.flow.FlowRequests.customer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.switchboard.events.FailureKind;
import dev.switchboard.events.OutboundOutcome;
import dev.switchboard.events.OutboundRequest;
import dev.switchboard.events.OutboundResult;
import dev.switchboard.outbound.flow.StubProvider.Answer;
import dev.switchboard.testing.MutableClock;
import dev.switchboard.testing.UseSharedKafka;
import dev.switchboard.testing.UseSharedPostgres;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * A request's notBefore (ticket-service's later retry of a message Meta's marketing limit refused) and 131057 (the
 * number in maintenance for up to a minute), with the service's clock stopped: it moves only when the test says, so
 * "not a second before" can be asserted. Real broker, PostgreSQL and the Graph API stub over HTTP.
 */
@SpringBootTest
@UseSharedKafka
@UseSharedPostgres
@Import(ScheduledAndMaintenanceFlowTest.StoppedClock.class)
@ActiveProfiles("scheduled")
// Its context knows only its own channels: closed after the class, it fails no other test's requests.
@DirtiesContext
class ScheduledAndMaintenanceFlowTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Long enough for a due request to be sent (the dispatcher looks at least once a second). */
    private static final Duration HOLDS = Duration.ofSeconds(3);
    private static final StubProvider graph = new StubProvider();

    @TestConfiguration
    static class StoppedClock {
        @Bean
        @Primary
        MutableClock stoppedClock() {
            return MutableClock.stoppedAt(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        }
    }

    @DynamicPropertySource
    static void stub(DynamicPropertyRegistry registry) {
        registry.add("switchboard.graph.base-url", graph::baseUrl);
    }

    @Autowired
    private MutableClock clock;

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private MeterRegistry meters;

    private ServiceTopics topics;

    @BeforeAll
    static void topics() {
        ServiceTopics.create();
    }

    @AfterAll
    static void stopStub() {
        graph.close();
    }

    @BeforeEach
    void open() {
        topics = new ServiceTopics();
    }

    @AfterEach
    void close() {
        topics.close();
    }

    @Test
    void aRequestWithNotBeforeIsNotSentASecondBeforeItAndOnceAtIt() {
        String to = customer();
        Instant t = clock.instant();
        Instant notBefore = t.plus(Duration.ofHours(12));
        String original = java.util.UUID.randomUUID().toString();
        OutboundRequest retry = FlowRequests.text("scheduled", to, "20% off, still", t).setRequestId(original + ":retry1")
                .setNotBefore(notBefore).setRetryOf(original).setRetryNumber(1).build();
        OutboundRequest reply = FlowRequests.text("scheduled", to, "an agent's reply meanwhile", t).build();

        topics.send(retry);
        topics.send(retry);
        topics.send(reply);

        // Queued for then; the recipient's other messages are not held behind it.
        await().atMost(WAIT).until(() -> notBeforeOf(retry.getRequestId()) != null);
        assertThat(notBeforeOf(retry.getRequestId())).isEqualTo(notBefore);
        assertThat(awaitResult(reply.getRequestId()).getOutcome()).isEqualTo(OutboundOutcome.ACCEPTED);

        clock.advance(Duration.ofHours(12).minusSeconds(1));
        await().during(HOLDS).atMost(HOLDS.plusSeconds(5)).until(() -> sendsOf(to, "20% off, still") == 0);

        clock.advance(Duration.ofSeconds(1));
        OutboundResult result = awaitResult(retry.getRequestId());
        assertThat(result.getOutcome()).isEqualTo(OutboundOutcome.ACCEPTED);
        assertThat(result.getAttempts()).isEqualTo(1);
        assertThat(result.getCompletedAt()).isEqualTo(notBefore);
        // The request and its duplicate: one Graph call.
        assertThat(sendsOf(to, "20% off, still")).isEqualTo(1);
        assertThat(graph.callsTo(to)).extracting(c -> c.body().path("text").path("body").asString())
                .containsExactly("an agent's reply meanwhile", "20% off, still");

        // Replayed once more after it was sent: nothing more.
        topics.send(retry);
        await().during(HOLDS).atMost(HOLDS.plusSeconds(5)).until(() -> sendsOf(to, "20% off, still") == 1);
    }

    @Test
    void theNumberInMaintenanceForAMinuteSendsAfterwardsWithoutFailingOrUsingAttempts() {
        String to = customer();
        String other = customer();
        Answer maintenance = new Answer(500, fixture("meta/send-error-131057-maintenance.json"));
        graph.script(to, maintenance, maintenance, maintenance);
        double pausesBefore = pauses();
        OutboundRequest request = FlowRequests.text("upgrading", to, "your order", clock.instant()).build();

        topics.send(request);
        await().atMost(WAIT).until(() -> String.valueOf(lastErrorOf(request.getRequestId())).startsWith("131057"));
        assertThat(graph.callsTo(to)).hasSize(1);

        // The number, not only the request, waits: another customer's message is held until the pause ends.
        OutboundRequest toOther = FlowRequests.text("upgrading", other, "yours too", clock.instant()).build();
        topics.send(toOther);
        await().atMost(WAIT).until(() -> String.valueOf(lastErrorOf(toOther.getRequestId()))
                .contains("number 902 in maintenance (131057)"));
        assertThat(graph.callsTo(other)).isEmpty();

        // 131057 at 0 s, 20 s and 40 s (the pause is 20 s here), accepted at 60 s: a minute of maintenance.
        for (int answered = 1; answered <= 3; answered++) {
            int calls = answered;
            await().atMost(WAIT).until(() -> graph.callsTo(to).size() == calls);
            assertThat(topics.results()).noneMatch(r -> r.getRequestId().equals(request.getRequestId()));
            clock.advance(Duration.ofSeconds(20));
        }

        OutboundResult result = awaitResult(request.getRequestId());
        assertThat(result.getOutcome()).isEqualTo(OutboundOutcome.ACCEPTED);
        assertThat(result.getAttempts()).as("131057s count no attempt").isEqualTo(1);
        assertThat(graph.callsTo(to)).hasSize(4);
        assertThat(awaitResult(toOther.getRequestId()).getOutcome()).isEqualTo(OutboundOutcome.ACCEPTED);
        assertThat(graph.callsTo(other)).hasSize(1);
        assertThat(pauses() - pausesBefore).isEqualTo(3);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** The request's one result (another test context still open fails this context's channels as not configured). */
    private OutboundResult awaitResult(String requestId) {
        return topics.awaitResult(requestId,
                r -> !(r.getAttempts() == 0 && r.getFailureKind() == FailureKind.CHANNEL_UNAVAILABLE));
    }

    private Instant notBeforeOf(String requestId) {
        return jdbc.sql("select not_before from send_request where request_id = ?").param(requestId)
                .query(java.sql.Timestamp.class).optional().map(java.sql.Timestamp::toInstant).orElse(null);
    }

    private String lastErrorOf(String requestId) {
        return jdbc.sql("select last_error from send_request where request_id = ?").param(requestId)
                .query(String.class).optional().orElse(null);
    }

    private long sendsOf(String to, String body) {
        return graph.callsTo(to).stream().filter(c -> c.body().path("text").path("body").asString().equals(body)).count();
    }

    /** switchboard_outbound_number_pauses_total{channel="upgrading", reason="maintenance"} */
    private double pauses() {
        var counter = meters.find("switchboard.outbound.number.pauses").tags("channel", "upgrading", "reason", "maintenance")
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private static String fixture(String path) {
        try (InputStream in = ScheduledAndMaintenanceFlowTest.class.getResourceAsStream("/fixtures/" + path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
