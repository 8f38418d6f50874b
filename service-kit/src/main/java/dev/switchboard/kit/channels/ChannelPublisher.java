package dev.switchboard.kit.channels;

import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.producer.ProducerRecord;

import dev.switchboard.events.ChannelConfig;
import dev.switchboard.kit.kafka.RawBytesKafka;
import dev.switchboard.schemas.EventSerializer;
import dev.switchboard.schemas.Keys;
import dev.switchboard.schemas.Topics;

/** Writes channels to the channels topic and waits for Kafka's acknowledgement (the registry, and tests). */
public class ChannelPublisher {

    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    private final RawBytesKafka kafka;
    private final EventSerializer<ChannelConfig> serializer = new EventSerializer<>();

    public ChannelPublisher(RawBytesKafka kafka) {
        this.kafka = kafka;
    }

    /** The channel's record as it goes on the topic: key and encoded value (e.g. for an outbox row). */
    public ProducerRecord<String, byte[]> record(ChannelConfig config) {
        return new ProducerRecord<>(Topics.CHANNELS.name(), Keys.channel(config.getChannelId()),
                serializer.serialize(Topics.CHANNELS.name(), config));
    }

    public void publish(ChannelConfig config) {
        kafka.publishAll(List.of(record(config)), ACK_TIMEOUT);
    }

    /** A tombstone: the channel is gone from the topic (compaction drops its earlier records). */
    public void remove(String channelId) {
        kafka.publishAll(List.of(new ProducerRecord<>(Topics.CHANNELS.name(), Keys.channel(channelId), null)),
                ACK_TIMEOUT);
    }
}
