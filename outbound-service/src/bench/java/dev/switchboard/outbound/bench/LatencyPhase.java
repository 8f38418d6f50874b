package dev.switchboard.outbound.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.switchboard.events.OutboundKind;
import dev.switchboard.events.OutboundRequest;
import dev.switchboard.outbound.sending.GraphMessageBodies;

/**
 * Phase (d): the latency a send adds, at a low rate so that pacing never waits, with its baselines measured in the
 * same seconds, interleaved (each at the same rate, a quarter period apart), so that whatever else the machine does
 * weighs on all of them alike:
 * <ul>
 *   <li><b>service</b>: a request produced to the requests topic (clock started just before {@code send}) until its
 *       result is read from the results topic; and where it spent the time, from the stub's arrival time, the
 *       stub's own answer time, the result's {@code completedAt} (the service's clock, milliseconds) and the result
 *       record's timestamp (set when the service's relay sends it);</li>
 *   <li><b>Kafka hop, request side</b>: a record of the same size written by the same kind of producer as the
 *       requests (acks=all, linger 0) until a consumer in this JVM reads it;</li>
 *   <li><b>Kafka hop, result side</b>: the same with the service's producer settings (acks=all, idempotent, the
 *       client's default linger.ms, 5 ms since Kafka 4.0);</li>
 *   <li><b>HTTP</b>: the Graph API body of such a request POSTed by the JDK HttpClient, HTTP/1.1 as the service's,
 *       to the stub, until the answer is read.</li>
 * </ul>
 * Two Kafka hops and one HTTP exchange are what any design of this service pays; the rest is the service.
 */
final class LatencyPhase {

    /**
     * The round-trip baseline's topics (one partition each): one written like the driver writes requests, one like
     * the service writes results. The broker creates them with the switchboard topics.
     */
    static final List<String> BASELINE_TOPICS = List.of("bench.baseline.requests", "bench.baseline.results");

    record Sent(String requestId, long nanos, long epochMicros) {
    }

    record Result(List<Sent> sent, Stats kafkaRequestHop, Stats kafkaResultHop, Stats http, long httpErrors) {
    }

    private final String bootstrapServers;
    private final Requests requests;
    private final String stubBaseUrl;

    LatencyPhase(String bootstrapServers, Requests requests, String stubBaseUrl) {
        this.bootstrapServers = bootstrapServers;
        this.requests = requests;
        this.stubBaseUrl = stubBaseUrl;
    }

    Result run(String channelId, double rate, Duration duration) throws Exception {
        long periodNanos = (long) (1e9 / rate);
        int ticks = (int) (duration.toNanos() / periodNanos);
        List<Sent> sent = new ArrayList<>();
        ConcurrentLinkedQueue<Long> hopA = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Long> hopB = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Long> http = new ConcurrentLinkedQueue<>();
        AtomicLong httpErrors = new AtomicLong();
        String topicA = BASELINE_TOPICS.get(0);
        String topicB = BASELINE_TOPICS.get(1);
        byte[] padding = new byte[240];

        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
        OutboundRequest sample = Requests.request(channelId, OutboundKind.AGENT_REPLY);
        String body = GraphMessageBodies.json(sample);
        HttpRequest post = HttpRequest.newBuilder(URI.create(stubBaseUrl + "/v23.0/probe/messages"))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer probe-token")
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();

        try (KafkaProducer<String, byte[]> requestLike = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                     ProducerConfig.ACKS_CONFIG, "all",
                     ProducerConfig.LINGER_MS_CONFIG, 0,
                     ProducerConfig.CLIENT_ID_CONFIG, "bench-baseline-requests"), new StringSerializer(), new ByteArraySerializer());
             KafkaProducer<String, byte[]> resultLike = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                     ProducerConfig.ACKS_CONFIG, "all",
                     ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                     ProducerConfig.CLIENT_ID_CONFIG, "bench-baseline-results"), new StringSerializer(), new ByteArraySerializer());
             Tail tail = new Tail(bootstrapServers, Map.of(topicA, hopA, topicB, hopB))) {
            // unmeasured: connections, metadata, JIT of this JVM's side
            for (int i = 0; i < 50; i++) {
                requestLike.send(new ProducerRecord<>(topicA, "k", stamp(padding, 0)));
                resultLike.send(new ProducerRecord<>(topicB, "k", stamp(padding, 0)));
                try {
                    client.send(post, HttpResponse.BodyHandlers.ofString());
                } catch (java.io.IOException e) {
                    // The stub's server may close a pooled connection the client then reuses; not measured, so go on.
                    client.send(post, HttpResponse.BodyHandlers.ofString());
                }
            }
            requestLike.flush();
            resultLike.flush();
            Thread.sleep(1000);
            hopA.clear();
            hopB.clear();

            ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "bench-latency"));
            AtomicLong ticksA = new AtomicLong();
            AtomicLong ticksB = new AtomicLong();
            AtomicLong ticksH = new AtomicLong();
            AtomicLong ticksS = new AtomicLong();
            List<Sent> sentSync = java.util.Collections.synchronizedList(sent);
            timer.scheduleAtFixedRate(() -> {
                if (ticksS.getAndIncrement() < ticks) {
                    OutboundRequest request = Requests.request(channelId, OutboundKind.AGENT_REPLY);
                    long nanos = System.nanoTime();
                    long micros = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
                    requests.send(request);
                    sentSync.add(new Sent(request.getRequestId(), nanos, micros));
                }
            }, 0, periodNanos, TimeUnit.NANOSECONDS);
            timer.scheduleAtFixedRate(() -> {
                if (ticksA.getAndIncrement() < ticks) {
                    requestLike.send(new ProducerRecord<>(topicA, "k", stamp(padding, System.nanoTime())));
                }
            }, periodNanos / 4, periodNanos, TimeUnit.NANOSECONDS);
            timer.scheduleAtFixedRate(() -> {
                if (ticksB.getAndIncrement() < ticks) {
                    resultLike.send(new ProducerRecord<>(topicB, "k", stamp(padding, System.nanoTime())));
                }
            }, periodNanos / 2, periodNanos, TimeUnit.NANOSECONDS);
            timer.scheduleAtFixedRate(() -> {
                if (ticksH.getAndIncrement() < ticks) {
                    long began = System.nanoTime();
                    client.sendAsync(post, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
                        if (error != null || response.statusCode() != 200) {
                            httpErrors.incrementAndGet();
                        } else {
                            http.add((System.nanoTime() - began) / 1000);
                        }
                    });
                }
            }, 3 * periodNanos / 4, periodNanos, TimeUnit.NANOSECONDS);
            long until = System.nanoTime() + duration.toNanos() + periodNanos;
            while (System.nanoTime() < until) {
                Thread.sleep(100);
            }
            timer.shutdown();
            timer.awaitTermination(5, TimeUnit.SECONDS);
            requestLike.flush();
            resultLike.flush();
            Thread.sleep(2000);
        }
        return new Result(List.copyOf(sent), Stats.of(new ArrayList<>(hopA)), Stats.of(new ArrayList<>(hopB)),
                Stats.of(new ArrayList<>(http)), httpErrors.get());
    }

    private static byte[] stamp(byte[] padding, long nanos) {
        return ByteBuffer.allocate(8 + padding.length).putLong(nanos).put(padding).array();
    }

    /** Reads the baseline topics and records each record's age, in microseconds, by topic. */
    private static final class Tail implements AutoCloseable {
        private final KafkaConsumer<String, byte[]> consumer;
        private final Thread thread;
        private volatile boolean running = true;

        Tail(String bootstrapServers, Map<String, ConcurrentLinkedQueue<Long>> latencies) {
            consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ConsumerConfig.GROUP_ID_CONFIG, "bench-baseline-" + UUID.randomUUID(),
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> partitions = latencies.keySet().stream().map(t -> new TopicPartition(t, 0)).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            Map<String, ConcurrentLinkedQueue<Long>> byTopic = new ConcurrentHashMap<>(latencies);
            thread = new Thread(() -> {
                try {
                    while (running) {
                        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                            long sentAt = ByteBuffer.wrap(record.value()).getLong();
                            if (sentAt != 0) {
                                byTopic.get(record.topic()).add((System.nanoTime() - sentAt) / 1000);
                            }
                        }
                    }
                } catch (WakeupException e) {
                    // closing
                } finally {
                    consumer.close(Duration.ofSeconds(5));
                }
            }, "bench-baseline-tail");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            consumer.wakeup();
            thread.join(10_000);
        }
    }
}
