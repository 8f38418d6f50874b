package dev.switchboard.reminder.flow;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

import dev.switchboard.events.Customer;
import dev.switchboard.events.InboundMessage;
import dev.switchboard.events.InboundMessageType;
import dev.switchboard.events.Media;
import dev.switchboard.events.OutboundKind;
import dev.switchboard.events.OutboundRequest;
import dev.switchboard.events.TicketEvent;
import dev.switchboard.events.TicketEventType;
import dev.switchboard.events.TicketState;
import dev.switchboard.events.WindowEvent;
import dev.switchboard.events.WindowEventType;
import dev.switchboard.schemas.EventDeserializer;
import dev.switchboard.schemas.Keys;
import dev.switchboard.schemas.Topics;
import dev.switchboard.schemas.testing.EventSender;
import dev.switchboard.schemas.testing.TestEvents;
import dev.switchboard.testing.SharedKafka;
import dev.switchboard.testing.TopicTail;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Events in, what reminder-service published out: what its tests drive and watch it with. */
final class ReminderTestKit implements AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final EventSender sender = new EventSender();
    private final TopicTail<SpecificRecord> published;

    /** Watches what is published from now on. */
    ReminderTestKit() {
        published = TopicTail.fromNow(SharedKafka.bootstrapServers(), new EventDeserializer<>(),
                Topics.OUTBOUND_REQUESTS.name(), Topics.WINDOW_EVENTS.name());
    }

    /** Every topic of the catalogue and its dead-letter topic, two partitions each. */
    static void createTopics() {
        TestEvents.createCatalogueTopics(2);
    }

    /**
     * Waits until the service owns its partitions, has consumed everything the input topics hold (a new context
     * starts from their beginning: other tests' records) and has no timer overdue: timings then count from now.
     */
    static void awaitCaughtUp(KafkaListenerEndpointRegistry listeners, JdbcTemplate jdbc) {
        await().atMost(Duration.ofSeconds(60)).until(() -> listeners.getListenerContainers().stream()
                .allMatch(c -> c.getAssignedPartitions() != null && !c.getAssignedPartitions().isEmpty())
                && nothingLeftToConsume(listeners) && overdueTimers(jdbc) == 0);
    }

    static long overdueTimers(JdbcTemplate jdbc) {
        return jdbc.queryForObject("select count(*) from scheduled_tasks where execution_time <= now()", Long.class);
    }

    /** Every consumer group of the service has committed the end of every partition it reads. */
    static boolean nothingLeftToConsume(KafkaListenerEndpointRegistry listeners) throws Exception {
        try (Admin admin = SharedKafka.admin()) {
            for (MessageListenerContainer container : listeners.getListenerContainers()) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(container.getGroupId())
                        .partitionsToOffsetAndMetadata().get();
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                for (String topic : container.getContainerProperties().getTopics()) {
                    for (int p = 0; p < 2; p++) {
                        latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
                    }
                }
                var ends = admin.listOffsets(latest).all().get();
                for (var end : ends.entrySet()) {
                    OffsetAndMetadata done = committed.get(end.getKey());
                    long position = done == null ? 0 : done.offset();
                    if (position < end.getValue().offset()) {
                        return false;
                    }
                }
            }
            return true;
        }
    }

    // ------------------------------------------------------------------------------------------------ events in

    static String newCustomer() {
        return TestEvents.newCustomer();
    }

    static InboundMessage text(String channelId, String waId, String messageId, Instant sentAt) {
        return TestEvents.text(channelId, waId, messageId, "hello", sentAt).build();
    }

    static InboundMessage image(String channelId, String waId, String messageId, Instant sentAt) {
        InboundMessage message = text(channelId, waId, messageId, sentAt);
        message.setType(InboundMessageType.IMAGE);
        message.setText(null);
        message.setMedia(Media.newBuilder().setId("media-" + messageId).setMimeType("image/jpeg").build());
        return message;
    }

    static TicketEvent ticket(TicketEventType type, String channelId, String waId, String ticketId, Instant at) {
        return TicketEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setType(type)
                .setTicketId(ticketId)
                .setChannelId(channelId)
                .setCustomer(Customer.newBuilder().setWaId(waId).build())
                .setState(type == TicketEventType.TICKET_CLOSED ? TicketState.CLOSED : TicketState.OPEN)
                .setOccurredAt(at)
                .build();
    }

    /** A message from a customer known only by their BSUID (no wa_id): keyed {@code <channelId>:<userId>}. */
    static InboundMessage bsuidText(String channelId, String userId, String messageId, Instant sentAt) {
        InboundMessage message = text(channelId, "0", messageId, sentAt);
        message.setCustomer(Customer.newBuilder().setUserId(userId).setName("Ana " + userId).build());
        return message;
    }

    /**
     * A ticket event as ticket-service writes it since TicketEvent v3: the conversation's id ({@code customerKey}),
     * the customer's other ids ({@code aliases}), and the customer as the conversation knows them.
     */
    static TicketEvent ticket(TicketEventType type, String channelId, Customer customer, String customerKey,
                              String ticketId, TicketState state, Instant at, String... aliases) {
        return TicketEvent.newBuilder(ticket(type, channelId, "0", ticketId, at)).setCustomer(customer)
                .setCustomerKey(customerKey).setAliases(List.of(aliases)).setState(state).build();
    }

    void send(InboundMessage message) {
        send(Topics.INBOUND_MESSAGES.name(), Keys.conversation(message.getChannelId(), message.getCustomer()), message);
    }

    void send(TicketEvent event) {
        send(Topics.TICKET_EVENTS.name(), Keys.conversation(event.getChannelId(), event.getCustomer()), event);
    }

    /** A customer writes on a channel where their ticket is open (ticket-service's event comes first, as it may). */
    void customerWritesWithTicketOpen(String channelId, String waId, String messageId, Instant sentAt) {
        send(ticket(TicketEventType.TICKET_OPENED, channelId, waId, "T-" + waId, sentAt));
        send(text(channelId, waId, messageId, sentAt));
    }

    void send(String topic, String key, SpecificRecord value) {
        sender.send(topic, key, value);
    }

    void sendBytes(String topic, String key, byte[] value) {
        sender.sendBytes(topic, key, value);
    }

    // ------------------------------------------------------------------------------------------------ what came out

    /** The reminder requests to this customer published since the kit was created. */
    List<OutboundRequest> reminders(String waId) {
        return reminders().stream().filter(r -> waId.equals(r.getRecipient().getWaId())).toList();
    }

    List<WindowEvent> windowEvents(String waId, WindowEventType type) {
        return windowEvents(type).stream().filter(e -> waId.equals(e.getCustomer().getWaId())).toList();
    }

    /** The window events of this type published since the kit was created, whoever they are about. */
    List<WindowEvent> windowEvents(WindowEventType type) {
        return published.values(Topics.WINDOW_EVENTS.name(), WindowEvent.class).stream()
                .filter(e -> e.getType() == type).toList();
    }

    /** The reminder requests published since the kit was created, whoever they are for. */
    List<OutboundRequest> reminders() {
        return published.values(Topics.OUTBOUND_REQUESTS.name(), OutboundRequest.class).stream()
                .filter(r -> r.getKind() == OutboundKind.REMINDER).toList();
    }

    /** The reminder requests to a customer known by any of these ids (wa_id or BSUID). */
    List<OutboundRequest> remindersToAnyOf(String... ids) {
        return reminders().stream().filter(r -> knownAs(r.getRecipient(), ids)).toList();
    }

    /** The window events of this type about a customer known by any of these ids (wa_id or BSUID). */
    List<WindowEvent> windowEventsAboutAnyOf(WindowEventType type, String... ids) {
        return windowEvents(type).stream().filter(e -> knownAs(e.getCustomer(), ids)).toList();
    }

    private static boolean knownAs(Customer customer, String... ids) {
        List<String> known = Arrays.asList(ids);
        return known.contains(customer.getWaId()) || known.contains(customer.getUserId());
    }

    /** Keys of the window events about this customer, as published. */
    List<String> windowEventKeys(String waId) {
        return published.records(Topics.WINDOW_EVENTS.name()).stream()
                .filter(r -> r.value() instanceof WindowEvent e && waId.equals(e.getCustomer().getWaId()))
                .map(r -> r.key()).toList();
    }

    // ------------------------------------------------------------------------------------------------ operator view

    /** {@code GET /actuator/timers?channelId=&customer=}: the conversation's row, or a missing node. */
    JsonNode timer(int port, String channelId, String waId) {
        return timers(port, "channelId=" + channelId + "&customer=" + waId).path("timers").path(0);
    }

    /** {@code GET /actuator/timers?<query>}. */
    JsonNode timers(int port, String query) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                            + "/actuator/timers?" + query)).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("timers endpoint answered " + response.statusCode() + ": "
                        + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        sender.close();
        published.close();
    }
}
