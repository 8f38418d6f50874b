package dev.switchboard.outbound.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.switchboard.events.Customer;
import dev.switchboard.events.OutboundKind;
import dev.switchboard.events.OutboundRequest;
import dev.switchboard.events.OutboundText;
import dev.switchboard.events.OutboundType;
import dev.switchboard.schemas.EventSerializer;
import dev.switchboard.schemas.Keys;
import dev.switchboard.schemas.Topics;

/**
 * The requests the benchmark sends, and the producer that puts them on {@code whatsapp.outbound.requests.v1} (keyed
 * by channel, as ticket-service and reminder-service do). Every request goes to a recipient of its own, so no
 * request waits behind another one of the same recipient (one recipient's messages leave one at a time): the
 * bulk-notification case. Text messages of about 120 characters; the request id is echoed in the Graph API body as
 * {@code biz_opaque_callback_data}, which is how the stub tells the requests apart.
 *
 * <p>The producer: acks=all, idempotent, linger.ms=0, so a request leaves at once (the latency phase starts its
 * clock just before {@code send}).
 */
final class Requests implements AutoCloseable {

    private static final AtomicLong RECIPIENTS = new AtomicLong(4_915_100_000_000L);

    private final KafkaProducer<String, SpecificRecord> producer;

    Requests(String bootstrapServers) {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.CLIENT_ID_CONFIG, "bench-requests"),
                new StringSerializer(), new EventSerializer<>());
    }

    static OutboundRequest request(String channelId, OutboundKind kind) {
        String id = UUID.randomUUID().toString();
        String waId = String.valueOf(RECIPIENTS.incrementAndGet());
        return OutboundRequest.newBuilder()
                .setRequestId(id)
                .setKind(kind)
                .setChannelId(channelId)
                .setRecipient(Customer.newBuilder().setWaId(waId).build())
                .setRequestedAt(Instant.now())
                .setType(OutboundType.TEXT)
                .setText(OutboundText.newBuilder().setBody("Your order " + waId.substring(6) + " has shipped and"
                        + " arrives on Thursday between 9:00 and 12:00. Reply HELP for help, STOP to opt out.").build())
                .setTicketId("T-" + waId.substring(7))
                .build();
    }

    /** Sends one request now (not waiting for the acknowledgement). */
    void send(OutboundRequest request) {
        producer.send(new ProducerRecord<>(Topics.OUTBOUND_REQUESTS.name(), Keys.channel(request.getChannelId()), request));
    }

    /** Puts {@code count} requests for the channel on the topic at once and waits for their acknowledgements. */
    List<String> bulk(String channelId, OutboundKind kind, int count) {
        List<String> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            OutboundRequest request = request(channelId, kind);
            ids.add(request.getRequestId());
            send(request);
        }
        producer.flush();
        return ids;
    }

    void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
