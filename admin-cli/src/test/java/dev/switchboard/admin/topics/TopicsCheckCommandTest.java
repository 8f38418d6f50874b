package dev.switchboard.admin.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.switchboard.admin.SwitchboardAdmin;
import dev.switchboard.schemas.Topic;
import dev.switchboard.schemas.Topics;
import dev.switchboard.testing.SharedKafka;
import picocli.CommandLine;

/**
 * {@code topics check} as an operator runs it, against topics on the shared broker. Each test checks a catalogue of
 * its own: the catalogue's topics under a name prefix of the test's, so that no other test's topics of the same
 * names (the dead-letter and re-parse tests create some) take part.
 */
class TopicsCheckCommandTest {

    private static final String BROKERS = SharedKafka.bootstrapServers();

    private final String prefix = "check-" + UUID.randomUUID().toString().substring(0, 8) + ".";

    @Test
    void topicsCreatedFromTheCatalogueAreOk() {
        List<Topic<?>> catalogue = catalogue(Topics.ALL.toArray(Topic<?>[]::new));
        create(asCatalogued(catalogue).values());

        Run check = check(catalogue);

        assertThat(check.exit()).as(check.err()).isEqualTo(SwitchboardAdmin.OK);
        assertThat(check.lines()).hasSize(21).contains(prefix + "whatsapp.webhooks.raw.v1: ok",
                prefix + "whatsapp.webhooks.raw.v1.dlt: ok", prefix + "switchboard.channels.v1: ok");
        assertThat(check.lines()).last().isEqualTo("topics check: 20 topics, 20 ok, 0 differ");
    }

    @Test
    void aMissingDeadLetterTopicIsReported() {
        String deadLetters = prefix + "whatsapp.inbound.messages.v1.dlt";

        assertOneDifference(topics -> topics.remove(deadLetters), deadLetters + ": missing");
    }

    @Test
    void aDeadLetterTopicWithFewerPartitionsThanItsTopicIsReported() {
        String deadLetters = prefix + "whatsapp.inbound.messages.v1.dlt";

        assertOneDifference(topics -> topics.put(deadLetters, new NewTopic(deadLetters, 1, (short) 1)),
                deadLetters + ": 1 partitions, its topic " + prefix + "whatsapp.inbound.messages.v1 has 2 "
                        + "(a dead letter keeps its record's partition number)");
    }

    @Test
    void aRawTopicWithoutTheCataloguesMaxMessageBytesIsReported() {
        String raw = prefix + "whatsapp.webhooks.raw.v1";

        // the shared test broker's own message.max.bytes is 16 MiB
        assertOneDifference(topics -> topics.put(raw, new NewTopic(raw, 2, (short) 1)),
                raw + ": max.message.bytes is 16777216 (not set on the topic: the broker's), the catalogue says 8388608");
    }

    @Test
    void aCompactedStreamTopicIsReported() {
        String messages = prefix + "whatsapp.inbound.messages.v1";

        assertOneDifference(topics -> topics.put(messages,
                        new NewTopic(messages, 2, (short) 1).configs(Map.of("cleanup.policy", "compact"))),
                messages + ": compacted (cleanup.policy=compact), the catalogue does not compact it: compaction "
                        + "would keep only the latest record of each key");
    }

    /**
     * Checks a catalogue of three topics (raw webhooks, inbound messages, channels) whose six topics were created as
     * the catalogue wants them but for {@code change}: exit 1, the difference reported, the five others ok.
     */
    private void assertOneDifference(Consumer<Map<String, NewTopic>> change, String difference) {
        List<Topic<?>> catalogue = catalogue(Topics.WEBHOOKS_RAW, Topics.INBOUND_MESSAGES, Topics.CHANNELS);
        Map<String, NewTopic> topics = asCatalogued(catalogue);
        change.accept(topics);
        create(topics.values());

        Run check = check(catalogue);

        assertThat(check.exit()).as(check.err()).isEqualTo(SwitchboardAdmin.FINDINGS);
        assertThat(check.lines()).hasSize(7).contains(difference)
                .filteredOn(line -> line.endsWith(": ok")).hasSize(5);
        assertThat(check.lines()).last().isEqualTo("topics check: 6 topics, 5 ok, 1 differ");
    }

    @Test
    void withTheManifestPartitionsAndRetentionThatDifferFromItAreReported(@TempDir Path dir) throws Exception {
        // deploy's manifest under this test's names, with 2 partitions where it declares 12 (one small test broker)
        Path manifest = dir.resolve("topics.yaml");
        Files.writeString(manifest, Files.readString(TopicCheckTest.MANIFEST)
                .replace("  name: ", "  name: " + prefix).replace("  topicName: ", "  topicName: " + prefix)
                .replace("partitions: 12", "partitions: 2"));
        List<Topic<?>> catalogue = catalogue(Topics.ALL.toArray(Topic<?>[]::new));
        Map<String, NewTopic> topics = new LinkedHashMap<>();
        Manifest.read(manifest).values().forEach(t -> topics.put(t.name(),
                new NewTopic(t.name(), t.partitions().orElseThrow(), (short) 1).configs(t.configs())));
        String statuses = prefix + "whatsapp.inbound.statuses.v1";
        topics.put(statuses, new NewTopic(statuses, 2, (short) 1).configs(Map.of("retention.ms", "604800000")));
        String channels = prefix + "switchboard.channels.v1";
        topics.put(channels, new NewTopic(channels, 1, (short) 1).configs(Topics.CHANNELS.configs()));
        topics.put(channels + ".dlt", new NewTopic(channels + ".dlt", 1, (short) 1));
        create(topics.values());

        Run check = check(catalogue, "--manifest", manifest.toString());

        assertThat(check.exit()).as(check.err()).isEqualTo(SwitchboardAdmin.FINDINGS);
        assertThat(check.lines()).containsSubsequence(
                prefix + "whatsapp.webhooks.raw.v1: ok",
                statuses + ": retention.ms is 604800000, the manifest declares 1209600000",
                channels + ": 1 partitions, the manifest declares 3",
                channels + ".dlt: 1 partitions, the manifest declares 3",
                channels + ".dlt: retention.ms is 604800000 (not set on the topic: the broker's), the manifest "
                        + "declares 2592000000",
                "topics check: 20 topics, 17 ok, 3 differ (catalogue and " + manifest + ")");
    }

    /** Creates the topics and waits until the broker lists them (creation reaches its metadata a moment later). */
    private static void create(Collection<NewTopic> topics) {
        SharedKafka.createTopics(topics);
        List<String> names = topics.stream().map(NewTopic::name).toList();
        try (Admin admin = SharedKafka.admin()) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> admin.listTopics().names().get().containsAll(names));
        }
    }

    // --- a catalogue of the test's own ---

    private List<Topic<?>> catalogue(Topic<?>... topics) {
        return Arrays.stream(topics).<Topic<?>>map(this::renamed).toList();
    }

    private <V extends SpecificRecord> Topic<V> renamed(Topic<V> topic) {
        return new Topic<>(prefix + topic.name(), topic.valueType(), topic.key(), topic.configs(),
                topic.description());
    }

    /** Each topic and its dead-letter topic with 2 partitions and the catalogue's configs, by name. */
    private static Map<String, NewTopic> asCatalogued(List<Topic<?>> catalogue) {
        Map<String, NewTopic> topics = new LinkedHashMap<>();
        for (Topic<?> topic : catalogue) {
            topics.put(topic.name(), new NewTopic(topic.name(), 2, (short) 1).configs(topic.configs()));
            topics.put(topic.deadLetterTopic(),
                    new NewTopic(topic.deadLetterTopic(), 2, (short) 1).configs(topic.deadLetterConfigs()));
        }
        return topics;
    }

    // --- the command line, as main runs it, checking the test's catalogue ---

    record Run(int exit, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    private static Run check(List<Topic<?>> catalogue, String... options) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = SwitchboardAdmin.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        TopicsCheckCommand check = cli.getSubcommands().get("topics").getSubcommands().get("check").getCommand();
        check.catalogue = catalogue;
        String[] args = new String[options.length + 4];
        args[0] = "topics";
        args[1] = "check";
        args[2] = "--bootstrap-servers";
        args[3] = BROKERS;
        System.arraycopy(options, 0, args, 4, options.length);
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }
}
