package dev.switchboard.ticket.flow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.apache.avro.specific.SpecificRecord;

import dev.switchboard.events.Customer;
import dev.switchboard.events.DeliveryStatus;
import dev.switchboard.events.InboundMessage;
import dev.switchboard.events.InboundMessageType;
import dev.switchboard.events.MessageStatus;
import dev.switchboard.events.OutboundKind;
import dev.switchboard.events.OutboundOutcome;
import dev.switchboard.events.OutboundRequest;
import dev.switchboard.events.OutboundResult;
import dev.switchboard.events.Provider;
import dev.switchboard.events.ProviderError;
import dev.switchboard.events.Reaction;
import dev.switchboard.schemas.Keys;
import dev.switchboard.schemas.Topics;
import dev.switchboard.schemas.testing.EventSender;
import dev.switchboard.schemas.testing.TestEvents;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Events in, agent API calls out: what the ticket-service tests drive it with. */
public final class TicketTestKit implements AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String TOKEN = "test-agent-token";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final EventSender sender = new EventSender();
    private final int port;

    TicketTestKit(int port) {
        this.port = port;
    }

    /** Every topic of the catalogue and its dead-letter topic, two partitions each. */
    static void createTopics() {
        TestEvents.createCatalogueTopics(2);
    }

    // ------------------------------------------------------------------------------------------------ events

    static String newCustomer() {
        return TestEvents.newCustomer();
    }

    public static InboundMessage.Builder text(String channelId, String waId, String messageId, String text, Instant sentAt) {
        return TestEvents.text(channelId, waId, messageId, text, sentAt);
    }

    public static InboundMessage reaction(String channelId, String waId, String messageId, String toMessageId, String emoji,
                                   Instant sentAt) {
        return text(channelId, waId, messageId, null, sentAt).setType(InboundMessageType.REACTION)
                .setReaction(Reaction.newBuilder().setMessageId(toMessageId).setEmoji(emoji).build()).build();
    }

    static MessageStatus status(String channelId, String waId, String messageId, DeliveryStatus status, Instant at,
                                ProviderError... errors) {
        return MessageStatus.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setProvider(Provider.META)
                .setChannelId(channelId)
                .setBusinessNumberId("100200300400500")
                .setMessageId(messageId)
                .setRecipient(Customer.newBuilder().setWaId(waId).build())
                .setStatus(status)
                .setProviderStatus(status.name().toLowerCase())
                .setStatusAt(at)
                .setReceivedAt(at)
                .setRawWebhookId(UUID.randomUUID().toString())
                .setErrors(List.of(errors))
                .build();
    }

    static OutboundResult accepted(OutboundRequest request, String wamid) {
        return result(request).setOutcome(OutboundOutcome.ACCEPTED).setMessageId(wamid).build();
    }

    static OutboundResult.Builder result(OutboundRequest request) {
        return OutboundResult.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setRequestId(request.getRequestId())
                .setKind(request.getKind() == null ? OutboundKind.AGENT_REPLY : request.getKind())
                .setChannelId(request.getChannelId())
                .setRecipient(request.getRecipient())
                .setOutcome(OutboundOutcome.UNKNOWN)
                .setRequestedAt(request.getRequestedAt())
                .setCompletedAt(Instant.now())
                .setTicketId(request.getTicketId())
                .setArticleId(request.getArticleId());
    }

    void send(InboundMessage message) {
        send(Topics.INBOUND_MESSAGES.name(), Keys.conversation(message.getChannelId(), message.getCustomer()), message);
    }

    void send(MessageStatus status) {
        send(Topics.INBOUND_STATUSES.name(), Keys.conversation(status.getChannelId(), status.getRecipient()), status);
    }

    void send(OutboundResult result) {
        send(Topics.OUTBOUND_RESULTS.name(), Keys.conversation(result.getChannelId(), result.getRecipient()), result);
    }

    void send(String topic, String key, SpecificRecord value) {
        sender.send(topic, key, value);
    }

    void sendBytes(String topic, String key, byte[] value) {
        sender.sendBytes(topic, key, value);
    }

    // ------------------------------------------------------------------------------------------------ agent API

    record Answer(int status, JsonNode body) {
    }

    Answer get(String path) {
        return call(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + TOKEN).GET());
    }

    Answer post(String path, String json) {
        return call(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    Answer call(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
            return new Answer(response.statusCode(), body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    /** The customer's tickets (all states), newest activity first. */
    JsonNode tickets(String channelId, String waId) {
        return get("/api/tickets?state=all&channelId=" + channelId + "&customer=" + waId).body().path("items");
    }

    @Override
    public void close() {
        sender.close();
    }
}
