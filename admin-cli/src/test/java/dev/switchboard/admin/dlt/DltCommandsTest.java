package dev.switchboard.admin.dlt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.switchboard.admin.SwitchboardAdmin;
import dev.switchboard.events.InboundMessage;
import dev.switchboard.schemas.EventSerializer;
import dev.switchboard.schemas.testing.TestEvents;
import dev.switchboard.testing.SharedKafka;
import dev.switchboard.testing.TopicTail;

/**
 * {@code switchboard-admin dlt ...} run as an operator runs it, against dead letters that a service's listener parked
 * on the real broker with Spring Kafka's own recoverer (service-kit's DeadLetters).
 */
class DltCommandsTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final byte[] GARBAGE = "not an avro event \u0000\u00ff".getBytes(StandardCharsets.UTF_8);

    private static KafkaProducer<String, byte[]> producer;
    /** Parked once for the read-only commands: poison-1 (partition 0), poison-2 and garbage (partition 1). */
    private static ParkingService shown;

    @BeforeAll
    static void parkSome() throws Exception {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer());
        shown = new ParkingService("show", 2);
        parkPoisonAndGarbage(shown);
    }

    @AfterAll
    static void stop() {
        shown.close();
        producer.close();
    }

    @Test
    void listCountsPerPartitionAndNamesTheExceptionClasses() {
        Result result = run("dlt", "list", shown.deadLetterTopic, "--bootstrap-servers", SharedKafka.bootstrapServers());

        assertThat(result.exit).isEqualTo(SwitchboardAdmin.OK);
        assertThat(result.out).contains(shown.deadLetterTopic + "-0: 1 dead letter, oldest ")
                .contains(shown.deadLetterTopic + "-1: 2 dead letters, oldest ")
                .contains(shown.deadLetterTopic + ": 2 x org.springframework.kafka.listener."
                        + "ListenerExecutionFailedException caused by java.lang.IllegalStateException")
                .contains(shown.deadLetterTopic + ": 1 x org.springframework.kafka.support.serializer."
                        + "DeserializationException");
        assertThat(lastLine(result.out)).isEqualTo("3 dead letters in 1 of 1 dead-letter topics");
    }

    @Test
    void listWithoutATopicCoversEveryDeadLetterTopic() {
        Result result = run("dlt", "list", "--bootstrap-servers", SharedKafka.bootstrapServers());

        assertThat(result.exit).isEqualTo(SwitchboardAdmin.OK);
        assertThat(result.out).contains(shown.deadLetterTopic + "-1: 2 dead letters");
        assertThat(lastLine(result.out)).matches("\\d+ dead letters in \\d+ of \\d+ dead-letter topics");
    }

    @Test
    void showPrintsTheHeadersAndTheDecodedValueOrHex() {
        Result result = run("dlt", "show", shown.deadLetterTopic, "--bootstrap-servers", SharedKafka.bootstrapServers());

        assertThat(result.exit).isEqualTo(SwitchboardAdmin.OK);
        String poison = block(result.out, "key poison-1");
        assertThat(poison).startsWith(shown.deadLetterTopic + "-0@0 parked ")
                .contains("  kafka_dlt-original-topic: " + shown.topic + "\n")
                .contains("  kafka_dlt-original-partition: 0\n")
                .contains("  kafka_dlt-original-offset: 0\n")
                .contains("  kafka_dlt-exception-fqcn: org.springframework.kafka.listener."
                        + "ListenerExecutionFailedException\n")
                .contains("  kafka_dlt-exception-cause-fqcn: java.lang.IllegalStateException\n")
                .containsPattern("  kafka_dlt-exception-message: .*cannot apply wamid.poison-1: the cause is not fixed")
                .contains("  trace-id: trace-poison-1\n")
                .contains("  value: dev.switchboard.events.InboundMessage {")
                .contains("\"messageId\": \"wamid.poison-1\"")
                .doesNotContain("kafka_dlt-exception-stacktrace");
        String garbage = block(result.out, "key garbage");
        assertThat(garbage)
                .contains("  kafka_dlt-exception-fqcn: org.springframework.kafka.support.serializer."
                        + "DeserializationException\n")
                .contains("  value: undecodable, " + GARBAGE.length + " bytes (")
                .contains("): 6e 6f 74 20 61 6e 20 61 76 72 6f 20 65 76 65 6e 74 20 00 c3 bf");
        assertThat(lastLine(result.out)).isEqualTo("showed 3 dead letters");
    }

    @Test
    void keySinceAndPartitionOffsetChooseWhatIsShown() throws Exception {
        String servers = SharedKafka.bootstrapServers();

        Result byKey = run("dlt", "show", shown.deadLetterTopic, "--key", "poison-2", "--bootstrap-servers", servers);
        assertThat(byKey.out).contains("key poison-2").doesNotContain("key poison-1").doesNotContain("key garbage");
        assertThat(lastLine(byKey.out)).isEqualTo("showed 1 dead letters");

        DeadLetter garbage = deadLetters(shown).stream().filter(d -> "garbage".equals(d.key())).findFirst().orElseThrow();
        Result byPosition = run("dlt", "show", shown.deadLetterTopic, "--partition", "1", "--offset",
                String.valueOf(garbage.offset()), "--bootstrap-servers", servers);
        assertThat(byPosition.out).contains(garbage.where() + " parked").doesNotContain("key poison");
        assertThat(lastLine(byPosition.out)).isEqualTo("showed 1 dead letters");

        Instant lastParked = deadLetters(shown).stream().map(DeadLetter::timestamp).max(Instant::compareTo).orElseThrow();
        Result sinceAfter = run("dlt", "show", shown.deadLetterTopic, "--since", lastParked.plusMillis(1).toString(),
                "--bootstrap-servers", servers);
        assertThat(lastLine(sinceAfter.out)).isEqualTo("showed 0 dead letters");
        Result sinceHour = run("dlt", "show", shown.deadLetterTopic, "--since", "PT1H", "--bootstrap-servers", servers);
        assertThat(lastLine(sinceHour.out)).isEqualTo("showed 3 dead letters");

        Result limited = run("dlt", "show", shown.deadLetterTopic, "--limit", "1", "--bootstrap-servers", servers);
        assertThat(lastLine(limited.out)).isEqualTo("showed 1 of 3 chosen dead letters (--limit)");
    }

    @Test
    void aWrongTopicOrTimeIsAUsageError() {
        Result noSubcommand = run("dlt");
        assertThat(noSubcommand.exit).isEqualTo(SwitchboardAdmin.USAGE);
        assertThat(noSubcommand.err).contains("dlt needs a subcommand: list, show or redrive");

        Result noTopic = run("dlt", "show", "admin.dlt-test.no-such-topic.v1.dlt",
                "--bootstrap-servers", SharedKafka.bootstrapServers());
        assertThat(noTopic.exit).isEqualTo(SwitchboardAdmin.USAGE);
        assertThat(noTopic.err).contains("topic admin.dlt-test.no-such-topic.v1.dlt does not exist");

        Result badTime = run("dlt", "redrive", shown.deadLetterTopic, "--since", "yesterday",
                "--bootstrap-servers", SharedKafka.bootstrapServers());
        assertThat(badTime.exit).isEqualTo(SwitchboardAdmin.USAGE);
        assertThat(badTime.err).contains("--since").contains("yesterday");

        Result offsetAlone = run("dlt", "show", shown.deadLetterTopic, "--offset", "3",
                "--bootstrap-servers", SharedKafka.bootstrapServers());
        assertThat(offsetAlone.exit).isEqualTo(SwitchboardAdmin.USAGE);
        assertThat(offsetAlone.err).contains("--offset needs --partition");
    }

    @Test
    void redriveCopiesEachDeadLetterBackOnceEvenWhenRunTwice() throws Exception {
        try (ParkingService service = new ParkingService("redrive", 2)) {
            Map<String, byte[]> sent = parkPoisonAndGarbage(service);
            service.broken = false;  // the cause is fixed
            String servers = SharedKafka.bootstrapServers();

            Map<TopicPartition, Long> before = endOffsets(service.topic);
            Result dryRun = run("dlt", "redrive", service.deadLetterTopic, "--dry-run", "--bootstrap-servers", servers);
            assertThat(dryRun.exit).isEqualTo(SwitchboardAdmin.OK);
            assertThat(dryRun.out).contains(service.deadLetterTopic + "-0@0: would re-drive to " + service.topic + "-0");
            assertThat(lastLine(dryRun.out))
                    .isEqualTo("would re-drive 3, already re-driven 0, skipped 0 (dry run: nothing written)");
            assertThat(endOffsets(service.topic)).isEqualTo(before);

            try (TopicTail<byte[]> original = TopicTail.fromNow(servers, new ByteArrayDeserializer(), service.topic)) {
                Result first = run("dlt", "redrive", service.deadLetterTopic, "--bootstrap-servers", servers);
                assertThat(first.exit).isEqualTo(SwitchboardAdmin.OK);
                assertThat(first.out).contains(service.deadLetterTopic + "-0@0: re-driven to " + service.topic + "-0@");
                assertThat(lastLine(first.out)).isEqualTo("re-driven 3, already re-driven 0, skipped 0");
                await().atMost(WAIT).until(() -> service.appliedCount("wamid.poison-1") == 1
                        && service.appliedCount("wamid.poison-2") == 1);

                // each copy: same partition, key, value bytes and non-DLT headers, plus where it came from
                List<ConsumerRecord<String, byte[]>> copies = original.records();
                assertThat(copies).hasSize(3);
                for (ConsumerRecord<String, byte[]> copy : copies) {
                    assertThat(copy.value()).isEqualTo(sent.get(copy.key()));
                    assertThat(StreamSupport.stream(copy.headers().spliterator(), false).map(Header::key))
                            .noneMatch(name -> name.startsWith("kafka_dlt-"))
                            .contains("trace-id", DeadLetter.REDRIVEN_FROM);
                    assertThat(header(copy, "trace-id")).isEqualTo("trace-" + copy.key());
                }
                ConsumerRecord<String, byte[]> poison1 = copies.stream().filter(c -> c.key().equals("poison-1"))
                        .findFirst().orElseThrow();
                assertThat(poison1.partition()).isZero();
                assertThat(header(poison1, DeadLetter.REDRIVEN_FROM)).isEqualTo(service.deadLetterTopic + "/0/0");

                // the garbage cannot be decoded even now: its copy is parked again, naming the dead letter it copied
                await().atMost(WAIT).until(() -> deadLetters(service).size() == 4);
                DeadLetter parkedAgain = deadLetters(service).stream().filter(d -> d.redrivenFrom().isPresent())
                        .findFirst().orElseThrow();

                Map<TopicPartition, Long> afterFirst = endOffsets(service.topic);
                Result second = run("dlt", "redrive", service.deadLetterTopic, "--bootstrap-servers", servers);
                assertThat(second.out)
                        .contains(service.deadLetterTopic + "-0@0: already re-driven at " + service.topic + "-0@"
                                + poison1.offset())
                        .contains(parkedAgain.where() + ": skipped: the re-driven copy of "
                                + parkedAgain.redrivenFrom().get() + " parked again");
                assertThat(lastLine(second.out)).isEqualTo("re-driven 0, already re-driven 3, skipped 1");
                assertThat(second.exit).isEqualTo(SwitchboardAdmin.FINDINGS);
                assertThat(endOffsets(service.topic)).isEqualTo(afterFirst);

                // the consumer saw each re-driven record once: a later record is applied, the poison ones not again
                producer.send(new ProducerRecord<>(service.topic, 0, "marker", event("marker", "fine"))).get();
                await().atMost(WAIT).until(() -> service.appliedCount("wamid.marker") == 1);
                assertThat(service.appliedCount("wamid.poison-1")).isOne();
                assertThat(service.appliedCount("wamid.poison-2")).isOne();
                assertThat(original.records().stream().filter(r -> r.headers().lastHeader(DeadLetter.REDRIVEN_FROM)
                        != null)).hasSize(3);
            }
        }
    }

    @Test
    void aDeadLetterThatDoesNotSayWhereItCameFromIsReportedAndSkipped() throws Exception {
        try (ParkingService service = new ParkingService("orphan", 1)) {
            String servers = SharedKafka.bootstrapServers();
            // parked by hand, without the recoverer's headers
            producer.send(new ProducerRecord<>(service.deadLetterTopic, 0, "orphan", event("orphan", "poison"))).get();
            ProducerRecord<String, byte[]> addressed = new ProducerRecord<>(service.deadLetterTopic, 0, "addressed",
                    event("addressed", "fine"));
            addressed.headers().add(DeadLetter.ORIGINAL_TOPIC, service.topic.getBytes(StandardCharsets.UTF_8))
                    .add(new RecordHeader(DeadLetter.ORIGINAL_PARTITION, new byte[] {0, 0, 0, 0}));
            producer.send(addressed).get();

            Result result = run("dlt", "redrive", service.deadLetterTopic, "--bootstrap-servers", servers);

            assertThat(result.exit).isEqualTo(SwitchboardAdmin.FINDINGS);
            assertThat(result.out).contains(service.deadLetterTopic + "-0@0: skipped: no kafka_dlt-original-topic "
                    + "header: where it came from is not guessed")
                    .contains(service.deadLetterTopic + "-0@1: re-driven to " + service.topic + "-0@0");
            assertThat(lastLine(result.out)).isEqualTo("re-driven 1, already re-driven 0, skipped 1");
            assertThat(endOffsets(service.topic)).containsValue(1L);
            await().atMost(WAIT).until(() -> service.appliedCount("wamid.addressed") == 1);
            assertThat(service.applied).doesNotContain("wamid.orphan");
        }
    }

    /** Parks poison-1 (partition 0), poison-2 and garbage (partition 1); returns the value bytes sent per key. */
    private static Map<String, byte[]> parkPoisonAndGarbage(ParkingService service) throws Exception {
        Map<String, byte[]> sent = Map.of("poison-1", event("poison-1", "poison"),
                "poison-2", event("poison-2", "poison"), "garbage", GARBAGE);
        send(service.topic, 0, "poison-1", sent.get("poison-1"));
        send(service.topic, 1, "poison-2", sent.get("poison-2"));
        send(service.topic, 1, "garbage", GARBAGE);
        send(service.topic, 1, "after", event("after", "fine"));
        await().atMost(WAIT).until(() -> service.applied.contains("wamid.after") && deadLetters(service).size() == 3);
        return sent;
    }

    private static void send(String topic, int partition, String key, byte[] value) throws Exception {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, partition, key, value);
        record.headers().add("trace-id", ("trace-" + key).getBytes(StandardCharsets.UTF_8));
        producer.send(record).get();
    }

    private static byte[] event(String id, String text) {
        InboundMessage message = TestEvents.text("shop", TestEvents.newCustomer(), "wamid." + id, text,
                Instant.parse("2026-12-01T10:00:00Z")).build();
        try (EventSerializer<InboundMessage> serializer = new EventSerializer<>()) {
            return serializer.serialize("any", message);
        }
    }

    private static List<DeadLetter> deadLetters(ParkingService service) {
        try (TopicTail<byte[]> tail = TopicTail.fromBeginning(SharedKafka.bootstrapServers(),
                new ByteArrayDeserializer(), service.deadLetterTopic)) {
            List<DeadLetter> all = new ArrayList<>();
            tail.records().forEach(record -> all.add(DeadLetter.of(record)));
            return all;
        }
    }

    private static Map<TopicPartition, Long> endOffsets(String topic) throws Exception {
        try (var admin = SharedKafka.admin()) {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
            Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new java.util.HashMap<>();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(topic, p), org.apache.kafka.clients.admin.OffsetSpec.latest());
            }
            Map<TopicPartition, Long> offsets = new java.util.HashMap<>();
            admin.listOffsets(latest).all().get().forEach((tp, info) -> offsets.put(tp, info.offset()));
            return offsets;
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private record Result(int exit, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = SwitchboardAdmin.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    private static String lastLine(String out) {
        String[] lines = out.strip().split("\n");
        return lines[lines.length - 1];
    }

    /** The lines {@code dlt show} printed for the dead letter whose first line contains {@code marker}. */
    private static String block(String out, String marker) {
        int start = out.lastIndexOf('\n', out.indexOf(marker)) + 1;
        int end = out.indexOf("\n  value: ", start);
        return out.substring(start, out.indexOf('\n', end + 1) + 1);
    }
}
