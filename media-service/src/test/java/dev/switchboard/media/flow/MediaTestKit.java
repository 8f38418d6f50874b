package dev.switchboard.media.flow;

import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

import dev.switchboard.events.InboundMessage;
import dev.switchboard.events.InboundMessageType;
import dev.switchboard.events.Media;
import dev.switchboard.events.MediaEvent;
import dev.switchboard.events.Provider;
import dev.switchboard.schemas.EventDeserializer;
import dev.switchboard.schemas.Keys;
import dev.switchboard.schemas.Topics;
import dev.switchboard.schemas.testing.EventSender;
import dev.switchboard.schemas.testing.TestEvents;
import dev.switchboard.testing.SharedKafka;
import dev.switchboard.testing.TopicTail;

/** Inbound messages in, MediaEvents out: what the flow tests drive and watch the service with. */
final class MediaTestKit implements AutoCloseable {

    private final EventSender sender = new EventSender();
    private final TopicTail<SpecificRecord> events = TopicTail.fromNow(SharedKafka.bootstrapServers(),
            new EventDeserializer<>(), Topics.MEDIA_EVENTS.name());

    /** A customer's Meta message with a file: its media id and the sha256 Meta announces (base64, as now). */
    static InboundMessage meta(InboundMessageType type, String mediaId, byte[] announcedDigest, String mimeType) {
        InboundMessage message = TestEvents.text("shop", TestEvents.newCustomer(), "wamid." + UUID.randomUUID(),
                null, Instant.now()).build();
        message.setType(type);
        message.setMedia(Media.newBuilder().setId(mediaId).setMimeType(mimeType)
                .setSha256(announcedDigest == null ? null : Base64.getEncoder().encodeToString(announcedDigest))
                .setFilename(type == InboundMessageType.DOCUMENT ? "contract.pdf" : null)
                .setCaption("look").build());
        return message;
    }

    /** A customer's Twilio message with a file at {@code mediaUrl}. */
    static InboundMessage twilio(String mediaUrl, String mimeType) {
        InboundMessage message = TestEvents.text("shop-twilio", TestEvents.newCustomer(),
                "MM" + UUID.randomUUID().toString().replace("-", ""), null, Instant.now()).build();
        message.setProvider(Provider.TWILIO);
        message.setType(InboundMessageType.IMAGE);
        message.setMedia(Media.newBuilder().setUrl(mediaUrl).setMimeType(mimeType).build());
        return message;
    }

    void send(InboundMessage message) {
        sender.send(Topics.INBOUND_MESSAGES.name(), Keys.conversation(message.getChannelId(), message.getCustomer()),
                message);
    }

    /** The same message again, as a redelivered webhook gives it: a new event id, the same message id. */
    void redeliver(InboundMessage message) {
        InboundMessage again = InboundMessage.newBuilder(message).setEventId(UUID.randomUUID().toString()).build();
        send(again);
    }

    void sendBytes(String key, byte[] value) {
        sender.sendBytes(Topics.INBOUND_MESSAGES.name(), key, value);
    }

    /** The MediaEvents published for a message so far, and their keys. */
    List<MediaEvent> events(String messageId) {
        return events.values(Topics.MEDIA_EVENTS.name(), MediaEvent.class).stream()
                .filter(e -> e.getMessageId().equals(messageId)).toList();
    }

    String keyOf(String messageId) {
        return events.records(Topics.MEDIA_EVENTS.name()).stream()
                .filter(r -> r.value() instanceof MediaEvent e && e.getMessageId().equals(messageId))
                .map(r -> r.key()).findFirst().orElseThrow();
    }

    /** Every listener's consumer group has committed the end of every partition it reads. */
    static boolean nothingLeftToConsume(KafkaListenerEndpointRegistry listeners) throws Exception {
        try (Admin admin = SharedKafka.admin()) {
            for (MessageListenerContainer container : listeners.getListenerContainers()) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin
                        .listConsumerGroupOffsets(container.getGroupId()).partitionsToOffsetAndMetadata().get();
                Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
                for (String topic : container.getContainerProperties().getTopics()) {
                    admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                            .forEach(p -> ends.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
                }
                for (var end : admin.listOffsets(ends).all().get().entrySet()) {
                    OffsetAndMetadata position = committed.get(end.getKey());
                    if ((position == null ? 0 : position.offset()) < end.getValue().offset()) {
                        return false;
                    }
                }
            }
            return true;
        }
    }

    @Override
    public void close() {
        events.close();
        sender.close();
    }
}
