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
import java.util.function.Predicate;

import org.apache.avro.specific.SpecificRecord;
import org.assertj.core.api.Assertions;
import org.awaitility.Awaitility;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.web.client.RestClient;

import dev.switchboard.events.Customer;
import dev.switchboard.events.DeliveryStatus;
import dev.switchboard.events.InboundMessage;
import dev.switchboard.events.InboundMessageType;
import dev.switchboard.events.Media;
import dev.switchboard.events.MediaEvent;
import dev.switchboard.events.MediaEventType;
import dev.switchboard.events.MediaFailure;
import dev.switchboard.events.MessageStatus;
import dev.switchboard.events.OutboundKind;
import dev.switchboard.events.OutboundOutcome;
import dev.switchboard.events.OutboundRequest;
import dev.switchboard.events.OutboundResult;
import dev.switchboard.events.Provider;
import dev.switchboard.events.ProviderError;
import dev.switchboard.events.Reaction;
import dev.switchboard.events.StoredFile;
import dev.switchboard.schemas.EventDeserializer;
import dev.switchboard.schemas.Keys;
import dev.switchboard.schemas.Topics;
import dev.switchboard.schemas.testing.EventSender;
import dev.switchboard.schemas.testing.TestEvents;
import dev.switchboard.testing.SharedKafka;
import dev.switchboard.testing.TopicTail;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Events in, agent API calls out: what the ticket-service tests drive it with. */
public final class TicketTestKit implements AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String TOKEN = "test-agent-token";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final EventSender sender = new EventSender();
    private final int port;
    private TopicTail<SpecificRecord> requests;

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

    /** A customer's image (or other media, by {@code type}) as ingress publishes it from a Meta webhook. */
    static InboundMessage media(String channelId, String waId, String messageId, InboundMessageType type, Media media,
                                Instant sentAt) {
        return text(channelId, waId, messageId, null, sentAt).setType(type).setMedia(media).build();
    }

    /** media-service's outcome: the file of {@code message} is in the store. */
    static MediaEvent stored(InboundMessage message, String sha256, long size, String mimeType) {
        return mediaEvent(message, MediaEventType.STORED)
                .setStored(StoredFile.newBuilder().setKey("sha256/" + sha256).setSha256(sha256).setSize(size)
                        .setMimeType(mimeType).build())
                .build();
    }

    /** media-service's outcome: the file of {@code message} could not be fetched. */
    static MediaEvent failed(InboundMessage message, MediaFailure failure, String detail) {
        return mediaEvent(message, MediaEventType.FAILED).setFailure(failure).setFailureDetail(detail).build();
    }

    static MediaEvent.Builder mediaEvent(InboundMessage message, MediaEventType type) {
        return MediaEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setType(type)
                .setProvider(message.getProvider())
                .setChannelId(message.getChannelId())
                .setCustomer(message.getCustomer())
                .setMessageId(message.getMessageId())
                .setMessageType(message.getType())
                .setProviderMediaId(message.getMedia() == null ? null : message.getMedia().getId())
                .setOccurredAt(Instant.now());
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

    void send(MediaEvent event) {
        send(Topics.MEDIA_EVENTS.name(), Keys.conversation(event.getChannelId(), event.getCustomer()), event);
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

    /** From now on, keeps what ticket-service publishes on the requests topic, for {@link #awaitRequest(Predicate)}. */
    TicketTestKit watchingRequests() {
        requests = TopicTail.fromNow(SharedKafka.bootstrapServers(), new EventDeserializer(),
                Topics.OUTBOUND_REQUESTS.name());
        return this;
    }

    /** The one outbound request that matches, once it is published (see {@link #watchingRequests()}). */
    OutboundRequest awaitRequest(Predicate<OutboundRequest> which) {
        return awaitRequest(requests, which);
    }

    /** The one outbound request on {@code tail} that matches, once it is there. */
    static OutboundRequest awaitRequest(TopicTail<SpecificRecord> tail, Predicate<OutboundRequest> which) {
        OutboundRequest[] found = new OutboundRequest[1];
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<OutboundRequest> matching = tail.values(Topics.OUTBOUND_REQUESTS.name(), OutboundRequest.class)
                    .stream().filter(which).toList();
            Assertions.assertThat(matching).hasSize(1);
            found[0] = matching.get(0);
        });
        return found[0];
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

    /** A file part of a multipart reply. */
    record FilePart(String filename, String contentType, byte[] content) {
    }

    /** {@code POST} as multipart/form-data: a {@code file} part per file, then the fields (caption, type). */
    Answer postFiles(String path, List<FilePart> files, String... fields) {
        MultipartBodyBuilder body = new MultipartBodyBuilder();
        for (FilePart file : files) {
            body.part("file", new ByteArrayResource(file.content())).filename(file.filename())
                    .contentType(MediaType.parseMediaType(file.contentType()));
        }
        for (int i = 0; i < fields.length; i += 2) {
            body.part(fields[i], fields[i + 1], new MediaType(MediaType.TEXT_PLAIN, java.nio.charset.StandardCharsets.UTF_8));
        }
        ResponseEntity<String> response = RestClient.create().post().uri(uri(path))
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN)
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .body(body.build())
                .retrieve()
                .onStatus(status -> true, (request, answer) -> {
                })
                .toEntity(String.class);
        String text = response.getBody();
        return new Answer(response.getStatusCode().value(), text == null || text.isEmpty() ? JSON.nullNode() : JSON.readTree(text));
    }

    /** A file download: status, headers and the bytes, with the given extra request headers (name, value, …). */
    HttpResponse<byte[]> download(String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET();
        if (headers.length == 0 || !headers[0].equals("Authorization")) {
            request.header("Authorization", "Bearer " + TOKEN);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
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

    /** The customer's only ticket, once there is one. */
    JsonNode awaitOneTicket(String channelId, String waId) {
        JsonNode[] found = new JsonNode[1];
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode tickets = tickets(channelId, waId);
            Assertions.assertThat(tickets).hasSize(1);
            found[0] = tickets.get(0);
        });
        return found[0];
    }

    /** The ticket's articles, oldest first. */
    List<JsonNode> articles(long ticketId) {
        return get("/api/tickets/" + ticketId).body().path("articles").valueStream().toList();
    }

    /** The customer's tickets (all states), newest activity first. */
    JsonNode tickets(String channelId, String waId) {
        return get("/api/tickets?state=all&channelId=" + channelId + "&customer=" + waId).body().path("items");
    }

    @Override
    public void close() {
        if (requests != null) {
            requests.close();
        }
        sender.close();
    }
}
