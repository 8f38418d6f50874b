package dev.switchboard.outbound.flow;

import static dev.switchboard.outbound.flow.FlowRequests.customer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.switchboard.events.FailureKind;
import dev.switchboard.events.OutboundKind;
import dev.switchboard.events.OutboundMedia;
import dev.switchboard.events.OutboundOutcome;
import dev.switchboard.events.OutboundRequest;
import dev.switchboard.events.OutboundResult;
import dev.switchboard.events.OutboundTemplate;
import dev.switchboard.events.OutboundType;
import dev.switchboard.events.StoredFile;
import dev.switchboard.outbound.flow.StubProvider.Answer;
import dev.switchboard.testing.MutableClock;
import dev.switchboard.testing.SharedKafka;
import dev.switchboard.testing.UseSharedKafka;
import dev.switchboard.testing.UseSharedPostgres;

/** Requests in, Graph API calls against a stub over real HTTP, results out, on a real broker and PostgreSQL. */
@SpringBootTest
@UseSharedKafka
@UseSharedPostgres
@Import(TestClock.class)
@ActiveProfiles("stub")
class OutboundFlowTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final StubProvider graph = new StubProvider();

    @DynamicPropertySource
    static void stub(DynamicPropertyRegistry registry) {
        registry.add("switchboard.graph.base-url", graph::baseUrl);
    }

    @Autowired
    private MutableClock clock;

    @Autowired
    private KafkaListenerEndpointRegistry listeners;

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private ApplicationContext context;

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
    void aTextIsSentToTheGraphApiAndAcceptedWithItsWamid() {
        String to = customer();
        OutboundRequest request = text("shop", to, "Your order ships today").build();

        send(request);

        OutboundResult result = awaitResult(request.getRequestId());
        assertThat(result.getOutcome()).isEqualTo(OutboundOutcome.ACCEPTED);
        assertThat(result.getMessageId()).startsWith("wamid.");
        assertThat(result.getAttempts()).isEqualTo(1);
        assertThat(result.getTicketId()).isEqualTo("T1");
        assertThat(graph.callsTo(to)).singleElement().satisfies(call -> {
            assertThat(call.path()).isEqualTo("/v23.0/111/messages");
            assertThat(call.authorization()).isEqualTo("Bearer shop-token");
            assertThat(call.body().path("messaging_product").asString()).isEqualTo("whatsapp");
            assertThat(call.body().path("type").asString()).isEqualTo("text");
            assertThat(call.body().path("text").path("body").asString()).isEqualTo("Your order ships today");
        });
    }

    @Test
    void aThroughputErrorIsRetriedAndEndsInOneSendAcceptedOnce() {
        String to = customer();
        graph.script(to, Answer.error(130429, "Rate limit hit"));
        OutboundRequest request = text("shop", to, "hello").build();

        send(request);

        OutboundResult result = awaitResult(request.getRequestId());
        assertThat(result.getOutcome()).isEqualTo(OutboundOutcome.ACCEPTED);
        assertThat(result.getAttempts()).isEqualTo(2);
        assertThat(graph.callsTo(to)).hasSize(2);
        assertThat(topics.results())
                .filteredOn(r -> r.getRequestId().equals(request.getRequestId())).hasSize(1);
    }

    @Test
    void throughputErrorsPauseTheNumberBrieflyWhileTheFailedRequestsWaitLongerAndTheOthersFlow() {
        // 80 requests on a 50/s number (1.6 s of sends); 130429 for 4 of the first 21 (one of them twice), so
        // plenty are still queued while those wait for their retry.
        List<String> to = new ArrayList<>();
        List<OutboundRequest> requests = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            to.add(customer());
            requests.add(text("paced", to.get(i), "bulk " + i).build());
        }
        List<String> throttled = List.of(to.get(2), to.get(8), to.get(14), to.get(20));
        throttled.forEach(r -> graph.script(r, Answer.error(130429, "Rate limit hit")));
        graph.script(to.get(20), Answer.error(130429, "Rate limit hit"));

        // One send first, so that the measured ones do not meet a cold HTTP client.
        OutboundRequest first = text("paced", customer(), "warm").build();
        send(first);
        awaitResult(first.getRequestId());
        sendAll(requests);

        // Every request accepted, with one result, after exactly one accepted send.
        for (OutboundRequest request : requests) {
            assertThat(awaitResult(request.getRequestId()).getOutcome()).isEqualTo(OutboundOutcome.ACCEPTED);
        }
        List<StubProvider.Call> calls = graph.calls().stream().filter(c -> c.path().contains("/444/"))
                .filter(c -> to.contains(c.recipient()))
                .sorted(java.util.Comparator.comparingLong(StubProvider.Call::nanos)).toList();
        assertThat(calls).hasSize(85);
        assertThat(to).allSatisfy(r -> assertThat(graph.callsTo(r)).filteredOn(StubProvider.Call::accepted).hasSize(1));
        assertThat(calls).filteredOn(c -> !c.accepted()).extracting(StubProvider.Call::recipient)
                .containsExactlyInAnyOrder(to.get(2), to.get(8), to.get(14), to.get(20), to.get(20));

        for (int i = 0; i < calls.size(); i++) {
            StubProvider.Call refused = calls.get(i);
            if (refused.accepted()) {
                continue;
            }
            List<StubProvider.Call> toRecipient = graph.callsTo(refused.recipient()).stream()
                    .sorted(java.util.Comparator.comparingLong(StubProvider.Call::nanos)).toList();
            StubProvider.Call retry = toRecipient.get(toRecipient.indexOf(refused) + 1);
            // The failed request waited for its own backoff (600 ms, jitter 0.5: at least 300 ms)...
            assertThat(retry.nanos() - refused.nanos()).isGreaterThanOrEqualTo(Duration.ofMillis(300).toNanos());
            if (toRecipient.indexOf(refused) > 0) {
                continue; // (a second refusal may come when all the others are sent)
            }
            // ... the number only for its pause (100 ms; sends are 20 ms apart): others were sent meanwhile...
            List<StubProvider.Call> between = calls.subList(i + 1, calls.indexOf(retry));
            assertThat(between).as("sends to others between a 130429 and its retry").hasSizeGreaterThanOrEqualTo(5)
                    .noneMatch(c -> c.recipient().equals(refused.recipient()));
            // ... after it had stood still. (Measured between arrivals at the stub: the pause begins when the service
            // has read the answer, and a send that left before may arrive after.)
            long stoodStill = 0;
            for (int j = i; j < calls.indexOf(retry); j++) {
                stoodStill = Math.max(stoodStill, calls.get(j + 1).nanos() - calls.get(j).nanos());
            }
            assertThat(Duration.ofNanos(stoodStill)).as("the number's longest stop between a 130429 and its retry")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(50));
        }
    }

    @Test
    void aClosedWindowFailsAtOnceWithWhatsAppsError() {
        String to = customer();
        graph.script(to, Answer.error(131047, "Re-engagement message"));
        OutboundRequest request = text("shop", to, "too late").build();

        send(request);

        OutboundResult result = awaitResult(request.getRequestId());
        assertThat(result.getOutcome()).isEqualTo(OutboundOutcome.FAILED);
        assertThat(result.getFailureKind()).isEqualTo(FailureKind.PROVIDER_REJECTED);
        assertThat(result.getError().getCode()).isEqualTo(131047);
        assertThat(result.getAttempts()).isEqualTo(1);
        assertThat(graph.callsTo(to)).hasSize(1);
    }

    @Test
    void aPairRateLimitHoldsBackOnlyThatRecipientAndKeepsTheirOrder() {
        String slow = customer();
        graph.script(slow, Answer.error(131056, "pair rate limit hit"), Answer.error(131056, "pair rate limit hit"));
        OutboundRequest first = text("shop", slow, "first").build();
        OutboundRequest second = text("shop", slow, "second").build();
        List<OutboundRequest> others = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            others.add(text("shop", customer(), "to someone else " + i).build());
        }

        send(first);
        send(second);
        others.forEach(this::send);

        // The others are all done while the slow recipient is still backing off.
        await().atMost(WAIT).untilAsserted(() -> assertThat(resultIds()).containsAll(
                others.stream().map(OutboundRequest::getRequestId).toList()));
        assertThat(resultIds()).doesNotContain(second.getRequestId());
        OutboundResult firstResult = awaitResult(first.getRequestId());
        OutboundResult secondResult = awaitResult(second.getRequestId());
        assertThat(firstResult.getOutcome()).isEqualTo(OutboundOutcome.ACCEPTED);
        assertThat(firstResult.getAttempts()).isEqualTo(3);
        assertThat(secondResult.getOutcome()).isEqualTo(OutboundOutcome.ACCEPTED);
        assertThat(graph.callsTo(slow)).extracting(c -> c.body().path("text").path("body").asString())
                .containsExactly("first", "first", "first", "second");
    }

    @Test
    void theTierHoldsNewRecipientsUntilCapacityFreesAndFailsThemAfterTheirDeadline() {
        String a = customer();
        String b = customer();
        String c = customer();
        String d = customer();
        OutboundRequest toA = template("tiered", a).build();
        OutboundRequest toB = template("tiered", b).build();
        send(toA);
        send(toB);
        assertThat(awaitResult(toA.getRequestId()).getOutcome()).isEqualTo(OutboundOutcome.ACCEPTED);
        assertThat(awaitResult(toB.getRequestId()).getOutcome()).isEqualTo(OutboundOutcome.ACCEPTED);

        OutboundRequest toC = template("tiered", c).build();
        OutboundRequest toDSoon = template("tiered", d).setNotAfter(clock.instant().plus(Duration.ofHours(1))).build();
        OutboundRequest toAAgain = template("tiered", a).build();
        OutboundRequest reply = text("tiered", customer(), "a reply inside the window never waits").build();
        send(toC);
        send(toDSoon);
        send(toAAgain);
        send(reply);

        // A recipient already reached costs nothing, a service-window reply never counts nor waits; C waits, D
        // cannot wait that long.
        assertThat(awaitResult(toAAgain.getRequestId()).getOutcome()).isEqualTo(OutboundOutcome.ACCEPTED);
        assertThat(awaitResult(reply.getRequestId()).getOutcome()).isEqualTo(OutboundOutcome.ACCEPTED);
        assertThat(awaitResult(toDSoon.getRequestId()).getFailureKind()).isEqualTo(FailureKind.QUOTA_EXHAUSTED);
        assertThat(resultIds()).doesNotContain(toC.getRequestId());
        assertThat(graph.callsTo(c)).isEmpty();

        // A day later the first contacts have left the rolling window.
        clock.advance(Duration.ofHours(24).plusMinutes(1));

        assertThat(awaitResult(toC.getRequestId()).getOutcome()).isEqualTo(OutboundOutcome.ACCEPTED);
    }

    @Test
    void anOutcomeThatCannotBeRecordedIsRecordedLaterAndNeverSentAgain() {
        String to = customer();
        OutboundRequest request = text("shop", to, "sent once").build();
        // The database refuses to mark this request done three times (a sequence: its count survives the rollback).
        jdbc.sql("create sequence refused_completions").update();
        jdbc.sql("""
                create function refuse_completion() returns trigger language plpgsql as $$
                begin
                    if new.request_id = '%s' and new.state = 'done' and nextval('refused_completions') <= 3 then
                        raise exception 'refused for the test';
                    end if;
                    return new;
                end $$""".formatted(request.getRequestId())).update();
        jdbc.sql("create trigger refuse_completion before update on send_request for each row"
                + " execute function refuse_completion()").update();
        try {
            send(request);

            OutboundResult result = awaitResult(request.getRequestId());
            assertThat(result.getOutcome()).isEqualTo(OutboundOutcome.ACCEPTED);
            assertThat(jdbc.sql("select last_value from refused_completions").query(Long.class).single())
                    .as("recordings refused, and so retried").isGreaterThanOrEqualTo(4);
            assertThat(graph.callsTo(to)).as("sends of a request whose outcome was recorded late").hasSize(1);
            // A later message to the same recipient goes once its predecessor is recorded.
            OutboundRequest next = text("shop", to, "and the next one").build();
            send(next);
            assertThat(awaitResult(next.getRequestId()).getOutcome()).isEqualTo(OutboundOutcome.ACCEPTED);
            assertThat(graph.callsTo(to)).extracting(c -> c.body().path("text").path("body").asString())
                    .containsExactly("sent once", "and the next one");
            assertThat(resultIds()).filteredOn(request.getRequestId()::equals).hasSize(1);
        } finally {
            jdbc.sql("drop trigger refuse_completion on send_request").update();
            jdbc.sql("drop function refuse_completion()").update();
            jdbc.sql("drop sequence refused_completions").update();
        }
    }

    @Test
    void replayingTheRequestsTopicSendsNothingAgain() throws Exception {
        List<OutboundRequest> requests = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            requests.add(text("shop", customer(), "once " + i).build());
        }
        requests.forEach(this::send);
        requests.forEach(r -> awaitResult(r.getRequestId()));
        OutboundRequest redelivered = requests.get(0);
        send(redelivered);
        int callsBefore = graph.calls().size();

        MessageListenerContainer container = listeners.getListenerContainer("outbound-requests");
        container.stop();
        try (Admin admin = SharedKafka.admin()) {
            Set<TopicPartition> partitions = admin.listConsumerGroupOffsets(container.getGroupId())
                    .partitionsToOffsetAndMetadata().get().keySet();
            admin.alterConsumerGroupOffsets(container.getGroupId(), partitions.stream()
                    .collect(Collectors.toMap(p -> p, p -> new OffsetAndMetadata(0)))).all().get();
        }
        container.start();
        await().atMost(WAIT).until(() -> consumed(container.getGroupId()));

        assertThat(graph.calls()).hasSize(callsBefore);
        assertThat(topics.results())
                .filteredOn(r -> requests.stream().anyMatch(q -> q.getRequestId().equals(r.getRequestId())))
                .hasSize(requests.size());
    }

    @Test
    void aStoredFileFailsAsInvalidWhenNoMediaStoreIsConfigured() {
        String to = customer();
        String sha256 = "ab".repeat(32);
        OutboundRequest request = base("shop", to).setType(OutboundType.IMAGE).setMedia(OutboundMedia.newBuilder()
                .setStored(StoredFile.newBuilder().setKey("sha256/" + sha256).setSha256(sha256).setSize(3).build())
                .build()).build();

        send(request);

        OutboundResult result = awaitResult(request.getRequestId());
        assertThat(result.getOutcome()).isEqualTo(OutboundOutcome.FAILED);
        assertThat(result.getFailureKind()).isEqualTo(FailureKind.INVALID_REQUEST);
        assertThat(result.getError().getMessage()).contains("no media store is configured");
        assertThat(graph.callsTo(to)).isEmpty();
        // Ready all the same: the readiness group's mediaStore says there is none
        Health health = context.getBean("mediaStoreHealthIndicator", HealthIndicator.class).health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("configured", false);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private OutboundRequest.Builder base(String channelId, String waId) {
        return FlowRequests.base(channelId, waId, clock.instant());
    }

    private OutboundRequest.Builder text(String channelId, String waId, String body) {
        return FlowRequests.text(channelId, waId, body, clock.instant());
    }

    private OutboundRequest.Builder template(String channelId, String waId) {
        return base(channelId, waId).setKind(OutboundKind.NOTIFICATION).setType(OutboundType.TEMPLATE)
                .setBusinessInitiated(true)
                .setTemplate(OutboundTemplate.newBuilder().setName("order_update").setLanguage("en_US").build());
    }

    private void send(OutboundRequest request) {
        topics.send(request);
    }

    /** Puts them all on the topic at once (the intake queues them together). */
    private void sendAll(List<OutboundRequest> requests) {
        topics.sendAll(requests);
    }

    private List<String> resultIds() {
        return topics.results().stream()
                .map(OutboundResult::getRequestId).toList();
    }

    private OutboundResult awaitResult(String requestId) {
        return topics.awaitResult(requestId, result -> true);
    }

    private static boolean consumed(String groupId) throws Exception {
        try (Admin admin = SharedKafka.admin()) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata().get();
            var ends = admin.listOffsets(committed.keySet().stream()
                    .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()))).all().get();
            return !committed.isEmpty() && committed.entrySet().stream()
                    .allMatch(e -> e.getValue() != null && e.getValue().offset() >= ends.get(e.getKey()).offset());
        }
    }

}
