package dev.switchboard.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class RestartableKafkaTest {

    @Test
    void recordsAndTopicsSurviveAStopAndRestartOnTheSamePort() throws Exception {
        long began = System.nanoTime();
        try (RestartableKafka kafka = RestartableKafka.start()) {
            long startMs = millisSince(began);
            String servers = kafka.bootstrapServers();
            kafka.createTopics("restart.records");
            try (KafkaProducer<String, String> producer = producer(servers, Map.of())) {
                for (String value : List.of("one", "two", "three")) {
                    producer.send(new ProducerRecord<>("restart.records", value)).get(30, TimeUnit.SECONDS);
                }
            }

            long stopMs = timed(kafka::stop);
            assertThat(kafka.isRunning()).isFalse();
            assertThatThrownBy(() -> connect(kafka.port())).isInstanceOf(ConnectException.class);
            // What a service sees while the broker is down: the send fails fast instead of hanging.
            try (KafkaProducer<String, String> producer = producer(servers, Map.of(
                    ProducerConfig.MAX_BLOCK_MS_CONFIG, 1000,
                    ProducerConfig.LINGER_MS_CONFIG, 0,
                    ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1000,
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 1000))) {
                assertThatThrownBy(() -> producer.send(new ProducerRecord<>("restart.records", "lost")).get())
                        .isInstanceOfAny(ExecutionException.class, org.apache.kafka.common.errors.TimeoutException.class);
            }

            long restartMs = timed(kafka::restart);
            assertThat(kafka.bootstrapServers()).isEqualTo(servers);
            try (var admin = kafka.admin()) {
                assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("restart.records");
            }
            assertThat(readAll(servers, "restart.records", 3)).containsExactly("one", "two", "three");
            try (KafkaProducer<String, String> producer = producer(servers, Map.of())) {
                producer.send(new ProducerRecord<>("restart.records", "four")).get(30, TimeUnit.SECONDS);
            }
            assertThat(readAll(servers, "restart.records", 4)).containsExactly("one", "two", "three", "four");

            System.out.printf("RestartableKafka timings: start %d ms, stop %d ms, restart %d ms%n",
                    startMs, stopMs, restartMs);
        }
    }

    /** The property the ingress test relies on: a producer waiting out the outage delivers once the broker is back. */
    @Test
    void aProducerFromBeforeTheOutageDeliversWhatWasSentWhileTheBrokerWasDown() throws Exception {
        try (RestartableKafka kafka = RestartableKafka.start();
             KafkaProducer<String, String> producer = producer(kafka.bootstrapServers(), Map.of(
                     ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000,
                     ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000))) {
            kafka.createTopics("restart.pending");
            // Sent before the outage, so the producer has the topic's metadata and send() does not block later.
            producer.send(new ProducerRecord<>("restart.pending", "before")).get(30, TimeUnit.SECONDS);

            kafka.stop();
            // The broker's controlled shutdown can leave the producer's metadata without the topic, and then send()
            // itself waits (up to max.block.ms) for it: so it runs off the test thread. Either way the record must
            // wait for the broker, not fail.
            CompletableFuture<RecordMetadata> sentWhileDown = CompletableFuture.supplyAsync(() -> {
                try {
                    return producer.send(new ProducerRecord<>("restart.pending", "during")).get();
                } catch (InterruptedException | ExecutionException e) {
                    throw new CompletionException(e);
                }
            });
            // Still pending, not failed, while the broker is away.
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10)).until(() -> !sentWhileDown.isDone());

            kafka.restart();
            assertThat(sentWhileDown.get(60, TimeUnit.SECONDS).offset()).isEqualTo(1);
            assertThat(readAll(kafka.bootstrapServers(), "restart.pending", 2)).containsExactly("before", "during");
        }
    }

    @Test
    void closeDeletesTheLogDirAndStopIsIdempotent() throws Exception {
        RestartableKafka kafka = RestartableKafka.start();
        Path logDir = kafka.logDir();
        assertThat(logDir.resolve("meta.properties")).exists();
        kafka.stop();
        kafka.stop();
        kafka.close();
        assertThat(Files.exists(logDir)).isFalse();
    }

    private static KafkaProducer<String, String> producer(String servers, Map<String, Object> overrides) {
        Map<String, Object> config = new java.util.HashMap<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
        config.putAll(overrides);
        return new KafkaProducer<>(config);
    }

    /** Reads the single partition from the beginning (no consumer group) until {@code expected} values arrived. */
    private static List<String> readAll(String servers, String topic, int expected) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            List<String> values = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
                return values.size() >= expected;
            });
            return values;
        }
    }

    private static void connect(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", port), 1000);
        }
    }

    private static long timed(Runnable action) {
        long began = System.nanoTime();
        action.run();
        return millisSince(began);
    }

    private static long millisSince(long beganNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - beganNanos);
    }
}
