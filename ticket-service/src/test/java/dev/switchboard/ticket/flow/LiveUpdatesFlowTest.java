package dev.switchboard.ticket.flow;

import static dev.switchboard.ticket.flow.TicketTestKit.newCustomer;
import static dev.switchboard.ticket.flow.TicketTestKit.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import dev.switchboard.events.Customer;
import dev.switchboard.events.InboundMessage;
import dev.switchboard.events.InboundMessageType;
import dev.switchboard.events.Media;
import dev.switchboard.events.MediaFailure;
import dev.switchboard.events.WindowEvent;
import dev.switchboard.events.WindowEventType;
import dev.switchboard.schemas.Keys;
import dev.switchboard.schemas.Topics;
import dev.switchboard.testing.UseSharedKafka;
import dev.switchboard.testing.UseSharedPostgres;
import dev.switchboard.ticket.live.LiveConnections;
import dev.switchboard.ticket.live.LiveFeed;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/events} over HTTP, fed by what ticket-service writes to tickets.events.v1 and by the window events:
 * a customer's message, a reaction and a file's outcome on an existing article, a window timer, all on the stream of
 * a caller who may see the ticket's group; a poison record skipped and counted. The channel "live" is in group
 * "live-desk" in this context only, so that the events of other cached test contexts (which see the same inbound
 * topics) are told apart by their group.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "switchboard.channels.live.provider=meta", "switchboard.channels.live.group=live-desk",
        "switchboard.console.live.heartbeat=1s"})
@UseSharedKafka
@UseSharedPostgres
@ActiveProfiles("flow")
class LiveUpdatesFlowTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String GROUP = "live-desk";

    @Value("${local.server.port}")
    private int port;

    @Autowired
    private LiveFeed feed;

    @Autowired
    private LiveConnections connections;

    @Autowired
    private MeterRegistry registry;

    private TicketTestKit kit;
    private EventStream stream;

    @BeforeAll
    static void topics() {
        TicketTestKit.createTopics();
    }

    @BeforeEach
    void start() {
        kit = new TicketTestKit(port);
        await().atMost(WAIT).until(feed::isFollowing);
        // the streams of earlier tests are forgotten once a heartbeat finds their clients gone
        await().atMost(WAIT).until(() -> connections.size() == 0);
    }

    @AfterEach
    void stop() {
        if (stream != null) {
            stream.close();
        }
        kit.close();
    }

    @Test
    void aCustomersMessageItsReactionAndItsFilesOutcomeReachTheStream() {
        stream = EventStream.open(kit, "Bearer " + TicketTestKit.TOKEN);
        String waId = newCustomer();
        InboundMessage photo = TicketTestKit.media("live", waId, "wamid.LIVE." + waId, InboundMessageType.IMAGE,
                Media.newBuilder().setId("meta-media-live").setMimeType("image/jpeg").build(), Instant.now());

        kit.send(photo);
        long ticketId = kit.awaitOneTicket("live", waId).path("id").asLong();
        JsonNode added = stream.awaitEvent("ticket", d -> d.path("ticketId").asLong() == ticketId
                && d.path("type").asString().equals("ARTICLE_ADDED"));
        assertThat(added.path("channelId").asString()).isEqualTo("live");
        assertThat(added.path("state").asString()).isEqualTo("open");
        assertThat(added.path("direction").asString()).isEqualTo("inbound");
        assertThat(added.path("status").asString()).isEqualTo("received");
        long articleId = added.path("articleId").asLong();
        assertThat(kit.articles(ticketId)).extracting(a -> a.path("id").asLong()).contains(articleId);

        kit.send(TicketTestKit.reaction("live", waId, "wamid.R." + waId, "wamid.LIVE." + waId, "👍", Instant.now()));
        stream.awaitEvent("ticket", d -> d.path("ticketId").asLong() == ticketId
                && d.path("type").asString().equals("ARTICLE_UPDATED") && d.path("articleId").asLong() == articleId);
        assertThat(kit.articles(ticketId)).singleElement()
                .satisfies(a -> assertThat(a.path("reactions").toString()).contains("👍"));

        kit.send(TicketTestKit.failed(photo, MediaFailure.EXPIRED, "gone"));
        stream.awaitEvents("ticket", d -> d.path("type").asString().equals("ARTICLE_UPDATED")
                && d.path("articleId").asLong() == articleId, 2);
        assertThat(kit.articles(ticketId).get(0).path("media").path("status").asString()).isEqualTo("failed");
    }

    @Test
    void aWindowTimerReachesTheStreamWithItsTicket() {
        stream = EventStream.open(kit, "Bearer " + TicketTestKit.TOKEN);
        String waId = newCustomer();
        Instant sent = Instant.now();
        kit.send(text("live", waId, "wamid.W." + waId, "hello", sent).build());
        long ticketId = kit.awaitOneTicket("live", waId).path("id").asLong();

        WindowEvent closed = WindowEvent.newBuilder().setEventId(UUID.randomUUID().toString())
                .setType(WindowEventType.WINDOW_CLOSED).setChannelId("live")
                .setCustomer(Customer.newBuilder().setWaId(waId).build())
                .setLastCustomerMessageId("wamid.W." + waId).setLastCustomerMessageAt(sent)
                .setDueAt(sent.plus(Duration.ofHours(24))).setFiredAt(Instant.now()).build();
        kit.send(Topics.WINDOW_EVENTS.name(), Keys.conversation("live", closed.getCustomer()), closed);

        JsonNode window = stream.awaitEvent("window", d -> d.path("ticketId").asLong() == ticketId);
        assertThat(window.path("type").asString()).isEqualTo("WINDOW_CLOSED");
        assertThat(window.path("customer").asString()).isEqualTo(waId);
        assertThat(window.path("dueAt").asString()).isEqualTo(closed.getDueAt().toString());
    }

    @Test
    void aPoisonRecordIsSkippedAndCountedAndTheStreamGoesOn() {
        stream = EventStream.open(kit, "Bearer " + TicketTestKit.TOKEN);
        double before = skipped();

        kit.sendBytes(Topics.TICKET_EVENTS.name(), "live:poison", "not avro".getBytes(StandardCharsets.UTF_8));
        await().atMost(WAIT).until(() -> skipped() > before);

        String waId = newCustomer();
        kit.send(text("live", waId, "wamid.P." + waId, "still there?", Instant.now()).build());
        long ticketId = kit.awaitOneTicket("live", waId).path("id").asLong();
        stream.awaitEvent("ticket", d -> d.path("ticketId").asLong() == ticketId);
        assertThat(registry.get("switchboard.console.live.events").tag("event", "ticket").counter().count())
                .isPositive();
        assertThat(registry.get("switchboard.console.live.delay").timer().count()).isPositive();
    }

    @Test
    void theStreamHasHeartbeatsAndIsForgottenWhenTheClientLeaves() {
        stream = EventStream.open(kit, "Bearer " + TicketTestKit.TOKEN);
        await().atMost(WAIT).until(() -> stream.lines().contains(":heartbeat"));
        assertThat(connections.size()).isEqualTo(1);

        stream.close();
        stream = null;
        await().atMost(WAIT).until(() -> connections.size() == 0);
    }

    @Test
    void noStreamWithoutAToken() {
        TicketTestKit.Answer anonymous = kit.call(HttpRequest.newBuilder(kit.uri("/api/events"))
                .header("Accept", "text/event-stream").GET());
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(connections.size()).isZero();
    }

    private double skipped() {
        var counter = registry.find("switchboard.console.live.skipped.records")
                .tag("topic", Topics.TICKET_EVENTS.name()).counter();
        return counter == null ? 0 : counter.count();
    }

    /** A client of {@code GET /api/events}: every line it reads, and the events parsed from them. */
    private static final class EventStream implements AutoCloseable {

        private final List<String> lines = new CopyOnWriteArrayList<>();
        private final List<Event> events = new CopyOnWriteArrayList<>();
        private final HttpClient http = HttpClient.newHttpClient();
        private volatile Stream<String> body;

        private record Event(String name, String id, JsonNode data) {
        }

        static EventStream open(TicketTestKit kit, String authorization) {
            EventStream stream = new EventStream();
            HttpResponse<Stream<String>> response = stream.http.sendAsync(
                    HttpRequest.newBuilder(kit.uri("/api/events")).header("Authorization", authorization)
                            .header("Accept", "text/event-stream").GET().build(),
                    HttpResponse.BodyHandlers.ofLines()).orTimeout(20, TimeUnit.SECONDS).join();
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/event-stream"));
            stream.body = response.body();
            Thread reader = new Thread(stream::read, "event-stream-reader");
            reader.setDaemon(true);
            reader.start();
            await().atMost(WAIT).until(() -> stream.lines.contains(":connected"));
            return stream;
        }

        private void read() {
            List<String> pending = new ArrayList<>();
            try {
                body.forEach(line -> {
                    lines.add(line);
                    if (!line.isEmpty()) {
                        pending.add(line);
                        return;
                    }
                    String name = null;
                    String id = null;
                    StringBuilder data = new StringBuilder();
                    for (String field : pending) {
                        if (field.startsWith("event:")) {
                            name = field.substring(6).trim();
                        } else if (field.startsWith("id:")) {
                            id = field.substring(3).trim();
                        } else if (field.startsWith("data:")) {
                            data.append(field.substring(5).trim());
                        }
                    }
                    pending.clear();
                    if (name != null) {
                        events.add(new Event(name, id, TicketTestKit.JSON.readTree(data.toString())));
                    }
                });
            } catch (RuntimeException e) {
                // closed by the test
            }
        }

        List<String> lines() {
            return lines;
        }

        /** The data of the first event of this name (of the group "live-desk", for ticket events) that matches. */
        JsonNode awaitEvent(String name, Predicate<JsonNode> which) {
            return awaitEvents(name, which, 1).get(0);
        }

        /** The data of the events of this name (ticket events: of "live-desk") that match, once there are {@code count}. */
        List<JsonNode> awaitEvents(String name, Predicate<JsonNode> which, int count) {
            Predicate<Event> matching = e -> e.name().equals(name) && which.test(e.data())
                    && (!name.equals("ticket") || GROUP.equals(e.data().path("group").asString("")));
            await().atMost(WAIT).until(() -> events.stream().filter(matching).count() >= count);
            List<Event> found = events.stream().filter(matching).toList();
            assertThat(found).allSatisfy(e -> assertThat(e.id()).isNotBlank());
            return found.stream().map(Event::data).toList();
        }

        @Override
        public void close() {
            Stream<String> current = body;
            if (current != null) {
                current.close();
            }
        }
    }
}
