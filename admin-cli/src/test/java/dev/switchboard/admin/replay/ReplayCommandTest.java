package dev.switchboard.admin.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import dev.switchboard.admin.SwitchboardAdmin;
import dev.switchboard.testing.SharedKafka;

/** {@code replay} as an operator runs it, against the shared broker, with real consumer groups. */
class ReplayCommandTest {

    private static final String BROKERS = SharedKafka.bootstrapServers();

    private final String prefix = "replay-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void refusesAGroupWithALiveMemberNamingItAndWithWaitReplaysOnceItLeaves() throws Exception {
        String topic = prefix + "-in";
        String group = prefix + "-svc.inbound";
        SharedKafka.createTopics(topic);
        produce(topic, 0, "a", "b", "c");
        assertThat(readAsGroup(group, topic)).containsExactly("a", "b", "c");

        try (LiveConsumer live = new LiveConsumer(group, prefix + "-live", topic)) {
            await().atMost(Duration.ofSeconds(30)).untilTrue(live.assigned);

            Run refused = run("replay", "--group", prefix + "-svc", "--from", "earliest");
            assertThat(refused.exit()).isEqualTo(SwitchboardAdmin.REFUSED);
            assertThat(refused.err()).contains("refused: consumer group " + group + " has 1 live member(s):")
                    .contains("client " + prefix + "-live").contains("--wait");
            assertThat(committed(group)).containsEntry(new TopicPartition(topic, 0), 3L);

            Run dryRun = run("replay", "--group", prefix + "-svc", "--from", "earliest", "--dry-run");
            assertThat(dryRun.exit()).isEqualTo(SwitchboardAdmin.OK);
            assertThat(dryRun.lines()).containsExactly(
                    "note: " + group + " still has live members: the real run would refuse",
                    group + "  " + topic + "-0  3 -> 0  re-reads 3",
                    "replay to earliest: 1 group(s), 1 partition(s), 3 record(s) to re-read; dry run, no offset changed");
            assertThat(committed(group)).containsEntry(new TopicPartition(topic, 0), 3L);

            Run waitedInVain = run("replay", "--group", prefix + "-svc", "--from", "earliest", "--wait", "PT2S");
            assertThat(waitedInVain.exit()).isEqualTo(SwitchboardAdmin.REFUSED);
            assertThat(waitedInVain.err()).contains(prefix + "-live").contains("did not leave within PT2S");

            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CompletableFuture<Integer> waiting = CompletableFuture.supplyAsync(() -> execute(out, err,
                    "replay", "--group", prefix + "-svc", "--from", "earliest", "--wait", "PT60S"));
            await().atMost(Duration.ofSeconds(30)).until(() -> out.toString().contains("waiting up to PT1M for the "
                    + "members of " + group + " to leave"));
            assertThat(waiting).isNotDone();

            live.close();

            assertThat(waiting.get(30, TimeUnit.SECONDS)).as(err.toString()).isEqualTo(SwitchboardAdmin.OK);
            assertThat(out.toString()).contains("no live members after")
                    .contains(group + "  " + topic + "-0  3 -> 0  re-reads 3");
        }
        assertThat(committed(group)).containsEntry(new TopicPartition(topic, 0), 0L);
        assertThat(readAsGroup(group, topic)).containsExactly("a", "b", "c");
    }

    @Test
    void movesEveryGroupOfAServiceOnEveryPartitionItCommittedToTheEarliestAndADryRunChangesNothing() throws Exception {
        String a = prefix + "-a";
        String b = prefix + "-b";
        SharedKafka.createTopics(List.of(new NewTopic(a, 2, (short) 1), new NewTopic(b, 1, (short) 1)));
        produce(a, 0, "a0-0", "a0-1", "a0-2", "a0-3");
        produce(a, 1, "a1-0", "a1-1", "a1-2");
        produce(b, 0, "b0-0", "b0-1");
        String service = prefix + "-svc";
        String first = service + ".first";
        String second = service + ".second";
        String other = service + "-other.first";
        assertThat(readAsGroup(first, a, b)).hasSize(9);
        assertThat(readAsGroup(second, b)).hasSize(2);
        assertThat(readAsGroup(other, a)).hasSize(7);
        try (Admin admin = SharedKafka.admin()) {
            // retention has taken a0-0: the earliest of a-0 is 1, not 0
            admin.deleteRecords(Map.of(new TopicPartition(a, 0), RecordsToDelete.beforeOffset(1))).all().get();
        }
        Map<TopicPartition, Long> firstBefore = committed(first);

        Run dryRun = run("replay", "--group", service, "--from", "earliest", "--dry-run");

        assertThat(dryRun.exit()).as(dryRun.err()).isEqualTo(SwitchboardAdmin.OK);
        List<String> expected = List.of(
                first + "  " + a + "-0  4 -> 1  re-reads 3",
                first + "  " + a + "-1  3 -> 0  re-reads 3",
                first + "  " + b + "-0  2 -> 0  re-reads 2",
                second + "  " + b + "-0  2 -> 0  re-reads 2");
        assertThat(dryRun.lines()).startsWith(expected.toArray(String[]::new))
                .last().isEqualTo("replay to earliest: 2 group(s), 4 partition(s), 10 record(s) to re-read; "
                        + "dry run, no offset changed");
        assertThat(committed(first)).isEqualTo(firstBefore);
        assertThat(committed(second)).containsEntry(new TopicPartition(b, 0), 2L);

        Run replay = run("replay", "--group", service, "--from", "earliest");

        assertThat(replay.exit()).as(replay.err()).isEqualTo(SwitchboardAdmin.OK);
        assertThat(replay.lines()).containsExactlyElementsOf(Stream.concat(expected.stream(), Stream.of(
                "replay to earliest: 2 group(s), 4 partition(s), 10 record(s) to re-read; offsets set")).toList());
        assertThat(committed(first)).isEqualTo(Map.of(new TopicPartition(a, 0), 1L, new TopicPartition(a, 1), 0L,
                new TopicPartition(b, 0), 0L));
        assertThat(committed(other)).as("not a group of the service")
                .isEqualTo(Map.of(new TopicPartition(a, 0), 4L, new TopicPartition(a, 1), 3L));
        assertThat(readAsGroup(first, a, b)).containsExactlyInAnyOrder(
                "a0-1", "a0-2", "a0-3", "a1-0", "a1-1", "a1-2", "b0-0", "b0-1");
        assertThat(readAsGroup(second, b)).containsExactly("b0-0", "b0-1");
        assertThat(readAsGroup(other, a)).as("nothing new for the other service").isEmpty();
    }

    @Test
    void fromATimeMovesToTheFirstRecordWrittenAtOrAfterIt() throws Exception {
        String topic = prefix + "-timed";
        String group = prefix + "-svc.timed";
        SharedKafka.createTopics(topic);
        Instant start = Instant.parse("2026-11-01T00:00:00Z");
        try (KafkaProducer<String, String> producer = producer()) {
            for (int minute = 0; minute < 6; minute++) {
                producer.send(new ProducerRecord<>(topic, 0, start.plusSeconds(60L * minute).toEpochMilli(), "k",
                        "minute-" + minute)).get();
            }
        }
        assertThat(readAsGroup(group, topic)).hasSize(6);

        Run later = run("replay", "--group", group, "--from", "2026-11-02T00:00:00Z", "--dry-run");
        assertThat(later.lines()).first().isEqualTo(group + "  " + topic + "-0  6 -> 6  unchanged");

        Run replay = run("replay", "--group", group, "--from", "2026-11-01T00:02:30Z");

        assertThat(replay.exit()).as(replay.err()).isEqualTo(SwitchboardAdmin.OK);
        assertThat(replay.lines()).first().isEqualTo(group + "  " + topic + "-0  6 -> 3  re-reads 3");
        assertThat(readAsGroup(group, topic)).containsExactly("minute-3", "minute-4", "minute-5");
    }

    @Test
    void fromAnOffsetOnOnePartitionMovesThatPartitionOnly() throws Exception {
        String topic = prefix + "-two";
        String another = prefix + "-another";
        String group = prefix + "-svc.two";
        SharedKafka.createTopics(List.of(new NewTopic(topic, 2, (short) 1), new NewTopic(another, 1, (short) 1)));
        produce(topic, 0, "p0-0", "p0-1", "p0-2", "p0-3", "p0-4");
        produce(topic, 1, "p1-0", "p1-1", "p1-2", "p1-3", "p1-4");
        produce(another, 0, "x-0");
        assertThat(readAsGroup(group, topic, another)).hasSize(11);

        Run replay = run("replay", "--group", group, "--from", "offset:2", "--topics", topic + ":1");

        assertThat(replay.exit()).as(replay.err()).isEqualTo(SwitchboardAdmin.OK);
        assertThat(replay.lines()).containsExactly(group + "  " + topic + "-1  5 -> 2  re-reads 3",
                "replay to offset:2: 1 group(s), 1 partition(s), 3 record(s) to re-read; offsets set");
        assertThat(committed(group)).isEqualTo(Map.of(new TopicPartition(topic, 0), 5L,
                new TopicPartition(topic, 1), 2L, new TopicPartition(another, 0), 1L));
        assertThat(readAsGroup(group, topic, another)).containsExactly("p1-2", "p1-3", "p1-4");
    }

    @Test
    void aGroupOrServiceThatNamesNoGroupIsAnErrorNotASilentSuccess() {
        Run replay = run("replay", "--group", prefix + "-nothing", "--from", "earliest");

        assertThat(replay.exit()).isEqualTo(SwitchboardAdmin.USAGE);
        assertThat(replay.err()).contains("error: no consumer group is '" + prefix + "-nothing' or starts with '"
                + prefix + "-nothing.'");
        assertThat(replay.out()).isEmpty();
    }

    // --- the operator's side: the command line, as main runs it ---

    record Run(int exit, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = execute(out, err, args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static int execute(StringWriter out, StringWriter err, String... args) {
        var cli = SwitchboardAdmin.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] withBrokers = Arrays.copyOf(args, args.length + 2);
        withBrokers[args.length] = "--bootstrap-servers";
        withBrokers[args.length + 1] = BROKERS;
        return cli.execute(withBrokers);
    }

    // --- the services' side: producers and consumer groups ---

    private static KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKERS),
                new StringSerializer(), new StringSerializer());
    }

    private static void produce(String topic, int partition, String... values) throws Exception {
        try (KafkaProducer<String, String> producer = producer()) {
            for (String value : values) {
                producer.send(new ProducerRecord<>(topic, partition, "k", value)).get();
            }
        }
    }

    private static KafkaConsumer<String, String> consumer(String group, String clientId) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKERS,
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.CLIENT_ID_CONFIG, clientId,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new StringDeserializer());
    }

    /**
     * What a service in {@code group} reads now: joins, reads every partition of the topics to its end, commits
     * and leaves.
     */
    private static List<String> readAsGroup(String group, String... topics) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer(group, group + "-reader")) {
            List<TopicPartition> partitions = Arrays.stream(topics).flatMap(t -> consumer.partitionsFor(t).stream())
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            consumer.subscribe(Arrays.asList(topics));
            await().atMost(Duration.ofSeconds(30)).pollInSameThread().pollInterval(Duration.ZERO).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    values.add(record.value());
                }
                return consumer.assignment().containsAll(partitions)
                        && partitions.stream().allMatch(p -> consumer.position(p) >= ends.get(p));
            });
            consumer.commitSync();
        }
        return values;
    }

    private static Map<TopicPartition, Long> committed(String group) throws Exception {
        try (Admin admin = SharedKafka.admin()) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        }
    }

    /** A member of the group that stays until closed: a service's consumer, polling on its own thread. */
    private static final class LiveConsumer implements AutoCloseable {

        final AtomicBoolean assigned = new AtomicBoolean();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final Thread thread;

        LiveConsumer(String group, String clientId, String topic) {
            thread = new Thread(() -> {
                try (KafkaConsumer<String, String> consumer = consumer(group, clientId)) {
                    consumer.subscribe(List.of(topic));
                    while (!stop.get()) {
                        consumer.poll(Duration.ofMillis(100));
                        assigned.set(!consumer.assignment().isEmpty());
                    }
                }
            }, clientId);
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            thread.join();
        }
    }
}
