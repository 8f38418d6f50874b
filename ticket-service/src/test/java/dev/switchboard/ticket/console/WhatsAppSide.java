package dev.switchboard.ticket.console;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.apache.avro.specific.SpecificRecord;
import org.assertj.core.api.Assertions;
import org.awaitility.Awaitility;

import dev.switchboard.events.Customer;
import dev.switchboard.events.DeliveryStatus;
import dev.switchboard.events.InboundMessage;
import dev.switchboard.events.MediaEvent;
import dev.switchboard.events.MediaEventType;
import dev.switchboard.events.MediaFailure;
import dev.switchboard.events.MessageStatus;
import dev.switchboard.events.OutboundOutcome;
import dev.switchboard.events.OutboundRequest;
import dev.switchboard.events.OutboundResult;
import dev.switchboard.events.Provider;
import dev.switchboard.events.ProviderError;
import dev.switchboard.schemas.EventDeserializer;
import dev.switchboard.schemas.Keys;
import dev.switchboard.schemas.Topics;
import dev.switchboard.schemas.testing.EventSender;
import dev.switchboard.schemas.testing.TestEvents;
import dev.switchboard.testing.SharedKafka;
import dev.switchboard.testing.TopicTail;

/**
 * What the rest of Switchboard would publish for the console under test: customers' messages (as ingress), the
 * outcome of our sends (as outbound-service) and WhatsApp's receipts; and what ticket-service asks to send.
 */
final class WhatsAppSide implements AutoCloseable {

    private final EventSender sender = new EventSender();
    private final TopicTail<SpecificRecord> requests = TopicTail.fromNow(SharedKafka.bootstrapServers(),
            new EventDeserializer(), Topics.OUTBOUND_REQUESTS.name());

    /** A customer's text message, as ingress publishes it. */
    static InboundMessage.Builder message(String channelId, String waId, String text, Instant sentAt) {
        return TestEvents.text(channelId, waId, "wamid.IN." + UUID.randomUUID(), text, sentAt);
    }

    /** media-service: the file of {@code message} could not be fetched. */
    void mediaFailed(InboundMessage message, MediaFailure failure, String detail) {
        MediaEvent event = MediaEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setType(MediaEventType.FAILED)
                .setProvider(message.getProvider())
                .setChannelId(message.getChannelId())
                .setCustomer(message.getCustomer())
                .setMessageId(message.getMessageId())
                .setMessageType(message.getType())
                .setProviderMediaId(message.getMedia().getId())
                .setFailure(failure)
                .setFailureDetail(detail)
                .setOccurredAt(Instant.now())
                .build();
        sender.send(Topics.MEDIA_EVENTS.name(), Keys.conversation(event.getChannelId(), event.getCustomer()), event);
    }

    void send(InboundMessage message) {
        sender.send(Topics.INBOUND_MESSAGES.name(), Keys.conversation(message.getChannelId(), message.getCustomer()), message);
    }

    /** The request ticket-service published for the article, once it is there. */
    OutboundRequest awaitRequest(long articleId) {
        OutboundRequest[] found = new OutboundRequest[1];
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<OutboundRequest> matching = requests.values(Topics.OUTBOUND_REQUESTS.name(), OutboundRequest.class)
                    .stream().filter(r -> String.valueOf(articleId).equals(r.getArticleId())).toList();
            Assertions.assertThat(matching).hasSize(1);
            found[0] = matching.get(0);
        });
        return found[0];
    }

    /** outbound-service: WhatsApp accepted the request and named it {@code wamid}. */
    void accept(OutboundRequest request, String wamid) {
        OutboundResult result = OutboundResult.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setRequestId(request.getRequestId())
                .setKind(request.getKind())
                .setChannelId(request.getChannelId())
                .setRecipient(request.getRecipient())
                .setOutcome(OutboundOutcome.ACCEPTED)
                .setMessageId(wamid)
                .setRequestedAt(request.getRequestedAt())
                .setCompletedAt(Instant.now())
                .setTicketId(request.getTicketId())
                .setArticleId(request.getArticleId())
                .build();
        sender.send(Topics.OUTBOUND_RESULTS.name(), Keys.conversation(result.getChannelId(), result.getRecipient()), result);
    }

    /** WhatsApp's receipt for one of our messages, with its errors when it failed. */
    void receipt(String channelId, String waId, String wamid, DeliveryStatus status, ProviderError... errors) {
        Customer recipient = Customer.newBuilder().setWaId(waId).build();
        MessageStatus receipt = MessageStatus.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setProvider(Provider.META)
                .setChannelId(channelId)
                .setBusinessNumberId(TestEvents.BUSINESS_NUMBER_ID)
                .setMessageId(wamid)
                .setRecipient(recipient)
                .setStatus(status)
                .setProviderStatus(status.name().toLowerCase())
                .setStatusAt(Instant.now())
                .setReceivedAt(Instant.now())
                .setRawWebhookId(UUID.randomUUID().toString())
                .setErrors(List.of(errors))
                .build();
        sender.send(Topics.INBOUND_STATUSES.name(), Keys.conversation(channelId, recipient), receipt);
    }

    @Override
    public void close() {
        requests.close();
        sender.close();
    }
}
