package dev.switchboard.media.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

import dev.switchboard.events.Customer;
import dev.switchboard.events.InboundMessage;
import dev.switchboard.events.InboundMessageType;
import dev.switchboard.schemas.EventSerializer;
import dev.switchboard.schemas.Topics;
import dev.switchboard.testing.SharedKafka;
import dev.switchboard.testing.TopicTail;

/** A record that cannot become a job goes to the dead-letter topic with the reason, and the partition moves on. */
class PoisonRecordTest extends FlowContext {

    @Test
    void poisonRecordsAreParkedOnTheDeadLetterTopicAndTheMessagesAfterThemAreFetched() {
        try (TopicTail<byte[]> dlt = TopicTail.fromNow(SharedKafka.bootstrapServers(), new ByteArrayDeserializer(),
                Topics.INBOUND_MESSAGES.deadLetterTopic())) {
            String key = "shop:poison-" + UUID.randomUUID();
            byte[] garbage = "not an avro event".getBytes(StandardCharsets.UTF_8);
            InboundMessage nobody = MediaTestKit.meta(InboundMessageType.IMAGE, "img-" + UUID.randomUUID(), null,
                    "image/jpeg");
            nobody.setCustomer(Customer.newBuilder().setName("nobody").build());
            InboundMessage after = MediaTestKit.meta(InboundMessageType.IMAGE, "unknown-" + UUID.randomUUID(), null,
                    "image/jpeg");

            kit.sendBytes(key, garbage);
            kit.sendBytes(key, new EventSerializer<>().serialize(Topics.INBOUND_MESSAGES.name(), nobody));
            kit.sendBytes(key, new EventSerializer<>().serialize(Topics.INBOUND_MESSAGES.name(), after));

            await().atMost(WAIT).until(() -> !kit.events(after.getMessageId()).isEmpty());
            await().atMost(WAIT).untilAsserted(() -> assertThat(dlt.records().stream().filter(r -> key.equals(r.key())))
                    .satisfiesExactly(
                            undecodable -> assertThat(undecodable.value()).as("parked byte for byte").isEqualTo(garbage),
                            unkeyable -> assertThat(new String(unkeyable.headers()
                                    .lastHeader("kafka_dlt-exception-message").value(), StandardCharsets.UTF_8))
                                    .contains("neither wa_id nor user id")));
            assertThat(kit.events(nobody.getMessageId())).isEmpty();
        }
    }
}
