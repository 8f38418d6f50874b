package dev.switchboard.ingress.bench;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Recorder;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.switchboard.bench.BenchBroker;
import dev.switchboard.bench.BenchRun;
import dev.switchboard.events.Customer;
import dev.switchboard.events.InboundMessage;
import dev.switchboard.events.MessageStatus;
import dev.switchboard.events.Provider;
import dev.switchboard.events.RawWebhook;
import dev.switchboard.ingress.meta.MetaWebhookParser;
import dev.switchboard.ingress.webhook.ParsedWebhook;
import dev.switchboard.ingress.webhook.WebhookSource;
import dev.switchboard.schemas.EventSerializer;
import dev.switchboard.schemas.Keys;
import dev.switchboard.schemas.Topic;
import dev.switchboard.schemas.Topics;

/**
 * The Kafka baseline: a plain {@link KafkaProducer} with the service's producer settings (acks=all, idempotent,
 * lz4, linger 5 ms, 8 MiB requests; ingress-service's application.yml) sending what the service sends for each
 * webhook (its raw record, keyed by channel, and one record per message or status, keyed by conversation; the same
 * Avro serializer), to copies of the ingress topics. {@code concurrency} webhooks are in flight at once, as with
 * the HTTP closed loop; a webhook's latency is from its first send to the acknowledgement of its last record.
 *
 * <p>Events are parsed once, up front, with the service's own parser; serialisation and compression happen on
 * every send, as in the service. What the service adds on top is HTTP, the HMAC check, parsing and its own plumbing.
 */
final class KafkaBaseline implements AutoCloseable {

    private static final String BASELINE_PREFIX = "bench.baseline.";

    /** The ingress topics as written by the raw-producer baseline: same configs and partitions, other names. */
    private static final List<Topic<?>> INGRESS_TOPICS = List.of(Topics.WEBHOOKS_RAW, Topics.INBOUND_MESSAGES,
            Topics.INBOUND_STATUSES);

    /**
     * The broker's topics ({@link BenchBroker}): every topic of {@link Topics#ALL}, the ingress topics with
     * {@code partitions} partitions and the others with one, plus copies of the three ingress topics that this
     * baseline writes to, so that the ingress topics count only what the service wrote.
     */
    static List<String> brokerTopics(int partitions) {
        List<String> topics = new ArrayList<>();
        for (Topic<?> topic : Topics.ALL) {
            topics.add(BenchBroker.topic(topic.name(), INGRESS_TOPICS.contains(topic) ? partitions : 1, topic));
        }
        for (Topic<?> topic : INGRESS_TOPICS) {
            topics.add(BenchBroker.topic(baselineTopic(topic), partitions, topic));
        }
        return topics;
    }

    static String baselineTopic(Topic<?> topic) {
        return BASELINE_PREFIX + topic.name();
    }

    private record Prepared(ProducerRecord<String, SpecificRecord> raw, List<ProducerRecord<String, SpecificRecord>> events) {
    }

    record Result(double seconds, long webhooks, long records, long errors, org.HdrHistogram.Histogram latency) {
        double webhooksPerSecond() {
            return webhooks / seconds;
        }

        double recordsPerSecond() {
            return records / seconds;
        }
    }

    private final KafkaProducer<String, SpecificRecord> producer;
    private final List<Prepared> prepared = new ArrayList<>();

    KafkaBaseline(String bootstrapServers, List<WebhookBodies.Body> bodies) {
        Map<String, Object> config = BenchRun.producerLikeIngress(bootstrapServers);
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 * 1024 * 1024);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-baseline");
        producer = new KafkaProducer<>(config, new StringSerializer(), new EventSerializer());

        String rawTopic = baselineTopic(Topics.WEBHOOKS_RAW);
        String messagesTopic = baselineTopic(Topics.INBOUND_MESSAGES);
        String statusesTopic = baselineTopic(Topics.INBOUND_STATUSES);
        MetaWebhookParser parser = new MetaWebhookParser();
        for (WebhookBodies.Body body : bodies) {
            String webhookId = UUID.randomUUID().toString();
            Instant receivedAt = Instant.now();
            RawWebhook raw = RawWebhook.newBuilder()
                    .setWebhookId(webhookId)
                    .setProvider(Provider.META)
                    .setChannelId(body.channel().id())
                    .setReceivedAt(receivedAt)
                    .setContentType("application/json")
                    .setBody(ByteBuffer.wrap(body.bytes()))
                    .setPath(body.path())
                    .setHeaders(Map.of("X-Hub-Signature-256", body.signature(), "User-Agent", "facebookexternalua"))
                    .build();
            ParsedWebhook parsed = parser.parse(new WebhookSource(body.channel().id(),
                    Set.of(body.channel().phoneNumberId()), webhookId, receivedAt), body.bytes());
            if (!parsed.problems().isEmpty() || parsed.messages().size() != body.messages()
                    || parsed.statuses().size() != body.statuses()) {
                throw new IllegalStateException("generated body does not parse cleanly: " + parsed.problems());
            }
            List<ProducerRecord<String, SpecificRecord>> events = new ArrayList<>();
            for (InboundMessage m : parsed.messages()) {
                events.add(new ProducerRecord<>(messagesTopic, key(m.getChannelId(), m.getCustomer()), m));
            }
            for (MessageStatus s : parsed.statuses()) {
                events.add(new ProducerRecord<>(statusesTopic, key(s.getChannelId(), s.getRecipient()), s));
            }
            prepared.add(new Prepared(new ProducerRecord<>(rawTopic, Keys.channel(body.channel().id()), raw), events));
        }
    }

    private static String key(String channelId, Customer customer) {
        return Keys.conversation(channelId, customer);
    }

    /**
     * {@code concurrency} webhooks in flight for {@code duration}, sent from {@code senderThreads} threads (the
     * service calls send() from a pool too, never from the producer's I/O thread).
     */
    Result run(int concurrency, int senderThreads, Duration duration) throws InterruptedException {
        Recorder latency = new Recorder(HttpLoad.HIGHEST_MICROS, 3);
        LongAdder webhooks = new LongAdder();
        LongAdder records = new LongAdder();
        LongAdder errors = new LongAdder();
        Map<String, LongAdder> errorKinds = new ConcurrentHashMap<>();
        BlockingQueue<Integer> slots = new ArrayBlockingQueue<>(concurrency);
        for (int i = 0; i < concurrency; i++) {
            slots.add(i);
        }
        AtomicLong index = new AtomicLong();
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < senderThreads; t++) {
            Thread sender = new Thread(() -> {
                try {
                    while (System.nanoTime() < deadline) {
                        Integer slot = slots.poll(10, TimeUnit.MILLISECONDS);
                        if (slot == null) {
                            continue;
                        }
                        Prepared webhook = prepared.get((int) (index.getAndIncrement() % prepared.size()));
                        long began = System.nanoTime();
                        AtomicInteger remaining = new AtomicInteger(1 + webhook.events().size());
                        org.apache.kafka.clients.producer.Callback callback = (metadata, exception) -> {
                            if (exception != null) {
                                errors.increment();
                                errorKinds.computeIfAbsent(exception.getClass().getSimpleName(), k -> new LongAdder()).increment();
                            } else {
                                records.increment();
                            }
                            if (remaining.decrementAndGet() == 0) {
                                latency.recordValue(Math.min(HttpLoad.HIGHEST_MICROS, Math.max(1, (System.nanoTime() - began) / 1000)));
                                webhooks.increment();
                                slots.offer(slot);
                            }
                        };
                        producer.send(webhook.raw(), callback);
                        for (ProducerRecord<String, SpecificRecord> event : webhook.events()) {
                            producer.send(event, callback);
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "bench-kafka-sender-" + t);
            sender.start();
            senders.add(sender);
        }
        for (Thread sender : senders) {
            sender.join();
        }
        long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (slots.size() < concurrency && System.nanoTime() < drainUntil) {
            Thread.sleep(1);
        }
        long nanos = System.nanoTime() - start;
        if (!errorKinds.isEmpty()) {
            Map<String, Long> kinds = new TreeMap<>();
            errorKinds.forEach((k, v) -> kinds.put(k, v.sum()));
            System.out.println("    Kafka baseline errors: " + kinds);
        }
        return new Result(nanos / 1e9, webhooks.sum(), records.sum(), errors.sum(), latency.getIntervalHistogram());
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
