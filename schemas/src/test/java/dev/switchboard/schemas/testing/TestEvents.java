package dev.switchboard.schemas.testing;

import dev.switchboard.events.Customer;
import dev.switchboard.events.InboundMessage;
import dev.switchboard.events.InboundMessageType;
import dev.switchboard.events.Provider;
import dev.switchboard.schemas.Topic;
import dev.switchboard.schemas.Topics;
import dev.switchboard.testing.SharedKafka;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Events and topics for the services' tests (schemas' test jar): what each service's test kit needs alike, once.
 */
public final class TestEvents {

    /** The demo channel's phone number id. */
    public static final String BUSINESS_NUMBER_ID = "100200300400500";

    private TestEvents() {
    }

    /** A customer no other test uses: a German mobile number made of random digits. */
    public static String newCustomer() {
        return "49" + (1_000_000_000L + Math.floorMod(UUID.randomUUID().getMostSignificantBits(), 8_999_999_999L));
    }

    /** A customer's text message as ingress publishes it from a Meta webhook, received a second after it was sent. */
    public static InboundMessage.Builder text(String channelId, String waId, String messageId, String text,
                                              Instant sentAt) {
        return InboundMessage.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setProvider(Provider.META)
                .setChannelId(channelId)
                .setBusinessNumberId(BUSINESS_NUMBER_ID)
                .setMessageId(messageId)
                .setCustomer(Customer.newBuilder().setWaId(waId).setName("Ana " + waId).build())
                .setSentAt(sentAt)
                .setReceivedAt(sentAt.plusSeconds(1))
                .setRawWebhookId(UUID.randomUUID().toString())
                .setType(InboundMessageType.TEXT)
                .setText(text);
    }

    /** Every topic of the catalogue with its settings, and its dead-letter topic, on the shared broker. */
    public static void createCatalogueTopics(int partitions) {
        List<NewTopic> topics = new ArrayList<>();
        for (Topic<?> topic : Topics.ALL) {
            topics.add(new NewTopic(topic.name(), partitions, (short) 1).configs(topic.configs()));
            topics.add(new NewTopic(topic.deadLetterTopic(), partitions, (short) 1));
        }
        SharedKafka.createTopics(topics);
    }
}
