package dev.switchboard.ingress.webhook;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import dev.switchboard.events.RawWebhook;
import dev.switchboard.ingress.webhook.ParsedWebhook.KeyedEvent;
import dev.switchboard.schemas.Keys;
import dev.switchboard.schemas.Topic;
import dev.switchboard.schemas.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Puts one webhook into Kafka: its raw body on the raw topic (keyed by channel) and each typed event on its topic
 * (messages and statuses keyed by conversation, so one customer's messages stay in order; account events by channel). The returned Mono completes only when the
 * broker has acknowledged every record (acks=all, idempotent producer), and fails when any is refused or the
 * timeout passes first.
 */
@Component
public class WebhookPublisher {

    private static final Logger log = LoggerFactory.getLogger(WebhookPublisher.class);

    /**
     * {@code KafkaProducer.send} is asynchronous except when it has no metadata for a topic yet or its buffer is
     * full: then it blocks (up to max.block.ms). That must never happen on a Netty event loop, so sends are handed
     * to a separate pool.
     */
    private final Scheduler sendScheduler = Schedulers.boundedElastic();

    private final KafkaTemplate<String, SpecificRecord> kafka;
    private final IngressSettings settings;

    private final Counter unpublishable;

    public WebhookPublisher(KafkaTemplate<String, SpecificRecord> kafka, IngressSettings settings, MeterRegistry registry) {
        this.kafka = kafka;
        this.settings = settings;
        this.unpublishable = Counter.builder("switchboard.webhooks.unpublishable.events")
                .description("Typed events Kafka refused for good (serialisation, size); their webhooks are on the raw topic")
                .register(registry);
    }

    public Mono<Void> publish(RawWebhook raw, ParsedWebhook parsed) {
        return Mono.defer(() -> {
                    List<KeyedEvent<?>> events = parsed.keyedEvents();
                    List<CompletableFuture<?>> acks = new ArrayList<>(1 + events.size());
                    acks.add(send(Topics.WEBHOOKS_RAW, Keys.channel(raw.getChannelId()), raw));
                    for (KeyedEvent<?> event : events) {
                        acks.add(sendEvent(raw, event));
                    }
                    return Mono.fromFuture(CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)))
                            // The acks complete on the producer's single I/O thread: answer the webhook elsewhere.
                            .publishOn(Schedulers.parallel());
                })
                .subscribeOn(sendScheduler)
                .timeout(settings.publishTimeout())
                .then();
    }

    private <V extends SpecificRecord> CompletableFuture<?> send(Topic<V> topic, String key, V value) {
        return kafka.send(topic.name(), key, value);
    }

    /**
     * A typed event that Kafka can never take (one that cannot be serialised, or is larger than its topic allows)
     * must not make the sender retry the webhook forever: it is logged and counted, and the webhook still succeeds,
     * because its raw body, from which the event can be derived again, is on the raw topic. Anything else (broker
     * unavailable, timeouts) fails the webhook so that it is retried.
     */
    private <V extends SpecificRecord> CompletableFuture<?> sendEvent(RawWebhook raw, KeyedEvent<V> event) {
        Topic<V> topic = event.topic();
        CompletableFuture<?> ack;
        try {
            ack = send(topic, event.key(), event.event());
        } catch (RuntimeException e) {
            ack = CompletableFuture.failedFuture(e);
        }
        return ack.exceptionally(e -> {
            Throwable cause = refusedForGood(e);
            if (cause != null) {
                log.error("event of webhook {} for {} cannot be published ({}); it stays derivable from the raw topic",
                        raw.getWebhookId(), topic.name(), cause.toString());
                unpublishable.increment();
                return null;
            }
            throw e instanceof CompletionException ce ? ce : new CompletionException(e);
        });
    }

    /** The exception in {@code e}'s causes that says the record itself can never be accepted, or null. */
    private static Throwable refusedForGood(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SerializationException || cause instanceof RecordTooLargeException
                    || cause instanceof RecordBatchTooLargeException) {
                return cause;
            }
        }
        return null;
    }
}
